"""The lint rules built on reuse detection, as findings for ``wirelint check``.

``provenance/duplicate-article`` (info): the file and another share nearly all their text.
``provenance/uncredited-reuse`` (warning): the file shares passages with another and has
no credit line for its text, one finding per shared passage. Severity and message come
from ``rules/provenance/reuse.yaml``; positions are the shared text's place in the
reported file. Reference files (``against``) are compared with, never reported on.
"""
from __future__ import annotations

from typing import Callable, Iterable, Sequence

from ..errors import WirelintError
from ..finding import Finding
from .report import is_credited
from .reuse import Cluster, Reuse, ReuseResult, ReuseSettings, Source, corpus_sources, find_reuse, text_loader
from .span import Span
from .vocab import Vocabulary, load_vocabulary

DUPLICATE = "provenance/duplicate-article"
UNCREDITED = "provenance/uncredited-reuse"


def is_duplicate(reuse: Reuse, settings: ReuseSettings) -> bool:
    """Near-identical: shingle similarity, or both files almost wholly inside shared passages."""
    return reuse.similarity >= settings.duplicate_similarity or min(reuse.a_shared, reuse.b_shared) >= settings.duplicate_shared


def _finding(path: str, rule: str, vocabulary: Vocabulary, detail: str, start: Span, end: Span) -> Finding:
    info = vocabulary.rules[rule]
    return Finding(
        path, rule, info.severity, f"{info.message}: {detail}",
        start.line, start.column, end.end_line, end.end_column, start.start, end.end,
    )


def cluster_note(cluster: Cluster | None) -> str:
    """How a finding names the file's cluster: its size and representative."""
    if cluster is None or cluster.size <= 2:
        return ""
    return f"; one of {cluster.size} files in a cluster that shares text, represented by {cluster.representative}"


def findings_for(
    pairs: Iterable[Reuse], credited: dict[str, bool], vocabulary: Vocabulary, settings: ReuseSettings,
    clusters: dict[str, Cluster] | None = None,
) -> list[Finding]:
    """Findings for each reporting side of each pair; ``credited`` says which files have a
    credit line, ``clusters`` each file's cluster (named in the message)."""
    clusters = clusters or {}
    findings: list[Finding] = []
    for reuse in pairs:
        sides = [(reuse.a, reuse.b, 0)] if reuse.a_reports else []
        if reuse.b_reports and not reuse.b_reference:
            sides.append((reuse.b, reuse.a, 1))
        for path, other, side in sides:
            spans = sorted(((p.b, p.a, p.words) if side else (p.a, p.b, p.words) for p in reuse.passages), key=lambda t: t[0].start)
            note = cluster_note(clusters.get(path))
            if is_duplicate(reuse, settings):
                shared = reuse.b_shared if side else reuse.a_shared
                detail = f"{other} (similarity {reuse.similarity:.2f}, {shared:.0%} of this file shared{note})"
                last = max((here for here, _, _ in spans), key=lambda span: span.end)
                findings.append(_finding(path, DUPLICATE, vocabulary, detail, spans[0][0], last))
            if reuse.words >= settings.min_reuse_words and not credited.get(path, True):
                count = len(spans)
                for here, there, words in spans:
                    passages = f" (one of {count} passages shared with it{note})" if count > 1 or note else ""
                    detail = f"{words} words also in {other}:{there.line}-{there.end_line}{passages}"
                    findings.append(_finding(path, UNCREDITED, vocabulary, detail, here, here))
    findings.sort(key=lambda f: (f.path, f.start, f.end, f.rule))
    return findings


def reuse_findings(
    paths_and_texts: Sequence[tuple[str, str]],
    against: Iterable[Source] | Iterable[str] | None = None,
    *,
    errors: list[str] | None = None,
    vocabulary: Vocabulary | None = None,
    settings: ReuseSettings | None = None,
) -> list[Finding]:
    """Reuse findings for the checked files ``(path, text)`` (newlines ``\\n``).

    ``against`` is a reference corpus: paths (files or directories, read lazily) or
    Source objects. Problems reading it go to ``errors`` when a list is given; without
    one, the first problem raises WirelintError. With fewer than two documents in all
    there is nothing to compare and numpy is never imported.
    """
    sources = [Source.of(path, text) for path, text in paths_and_texts]
    return source_findings(sources, against, errors=errors, vocabulary=vocabulary, settings=settings)


def file_reuse_findings(
    paths: Sequence[str], against: Iterable[Source] | Iterable[str] | None = None, *,
    errors: list[str] | None = None, vocabulary: Vocabulary | None = None, settings: ReuseSettings | None = None,
) -> list[Finding]:
    """``reuse_findings`` for article files read when needed (twice, never all at once),
    so a batch of 100,000 files is not held in memory. ``-`` (stdin) is left out; a file
    that cannot be read is skipped (the check reports it)."""
    vocabulary = vocabulary or load_vocabulary()
    result = file_reuse(paths, against, errors=errors, vocabulary=vocabulary, settings=settings)
    return result_findings(result, vocabulary, settings)


def file_reuse(
    paths: Sequence[str], against: Iterable[Source] | Iterable[str] | None = None, *,
    errors: list[str] | None = None, vocabulary: Vocabulary | None = None, settings: ReuseSettings | None = None,
) -> ReuseResult | None:
    """The reuse clusters and pairs of article files, as ``file_reuse_findings`` finds them:
    for a run that needs the clusters (template counting) and the findings from one pass."""
    reported: set[str] = set()  # the check itself reports a file it cannot read

    def loader(path: str) -> Callable[[], str]:
        load = text_loader(path)

        def quietly() -> str:
            try:
                return load()
            except WirelintError as exc:
                reported.add(str(exc))
                raise
        return quietly

    sources = [Source(path, loader(path)) for path in paths if path != "-"]
    problems: list[str] = []
    result = source_reuse(sources, against, errors=problems, vocabulary=vocabulary, settings=settings)
    _raise_or_extend([p for p in problems if p not in reported], errors)
    return result


def source_findings(
    sources: Sequence[Source], against: Iterable[Source] | Iterable[str] | None = None, *,
    errors: list[str] | None = None, vocabulary: Vocabulary | None = None, settings: ReuseSettings | None = None,
) -> list[Finding]:
    """Reuse findings for checked ``sources`` (see ``reuse_findings``)."""
    vocabulary = vocabulary or load_vocabulary()
    result = source_reuse(sources, against, errors=errors, vocabulary=vocabulary, settings=settings)
    return result_findings(result, vocabulary, settings)


def source_reuse(
    sources: Sequence[Source], against: Iterable[Source] | Iterable[str] | None = None, *,
    errors: list[str] | None = None, vocabulary: Vocabulary | None = None, settings: ReuseSettings | None = None,
) -> ReuseResult | None:
    """``find_reuse`` of checked ``sources`` and the references ``against`` (None: fewer than two documents)."""
    vocabulary = vocabulary or load_vocabulary()
    settings = settings or ReuseSettings()
    problems: list[str] = []
    references: list[Source] = []
    paths: list[str] = []
    for item in against or ():
        if isinstance(item, Source):
            references.append(Source(item.name, item.load, reference=True))
        else:
            paths.append(str(item))
    if paths:
        references.extend(corpus_sources(paths, problems, skip=[source.name for source in sources]))
    result = None
    if len(sources) + len(references) >= 2 and sources:
        checked = [Source(s.name, s.load, False) for s in sources]
        result = find_reuse([*checked, *references], settings, credit=lambda text: is_credited(text, vocabulary))
        problems.extend(result.errors)
    _raise_or_extend(problems, errors)
    return result


def result_findings(result: ReuseResult | None, vocabulary: Vocabulary | None = None,
                    settings: ReuseSettings | None = None) -> list[Finding]:
    """The findings of a reuse result (none for None)."""
    if result is None:
        return []
    vocabulary = vocabulary or load_vocabulary()
    settings = settings or ReuseSettings()
    return findings_for(result.pairs, result.credited, vocabulary, settings, result.cluster_of())


def _raise_or_extend(problems: list[str], errors: list[str] | None) -> None:
    """Problems go to ``errors`` when the caller keeps a list; else the first one raises."""
    if not problems:
        return
    if errors is None:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise WirelintError(problems[0] + more)
    errors.extend(problems)
