"""The lint rules built on reuse detection, as findings for ``wirelint check``.

``provenance/duplicate-article`` (info): the file and another share nearly all their text.
``provenance/uncredited-reuse`` (warning): the file shares passages with another and has
no credit line for its text, one finding per shared passage. Severity and message come
from ``rules/provenance/reuse.yaml``; positions are the shared text's place in the
reported file. Reference files (``against``) are compared with, never reported on.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from ..errors import WirelintError
from ..finding import Finding
from .report import analyze
from .reuse import Reuse, ReuseSettings, Source, corpus_sources, find_reuse
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


def findings_for(
    pairs: Iterable[Reuse], credited: dict[str, bool], vocabulary: Vocabulary, settings: ReuseSettings,
) -> list[Finding]:
    """Findings for each checked file of each pair; ``credited`` says which files have a credit line."""
    findings: list[Finding] = []
    for reuse in pairs:
        sides = [(reuse.a, reuse.b, 0)]
        if not reuse.b_reference:
            sides.append((reuse.b, reuse.a, 1))
        for path, other, side in sides:
            spans = sorted(((p.b, p.a, p.words) if side else (p.a, p.b, p.words) for p in reuse.passages), key=lambda t: t[0].start)
            if is_duplicate(reuse, settings):
                shared = reuse.b_shared if side else reuse.a_shared
                detail = f"{other} (similarity {reuse.similarity:.2f}, {shared:.0%} of this file shared)"
                last = max((here for here, _, _ in spans), key=lambda span: span.end)
                findings.append(_finding(path, DUPLICATE, vocabulary, detail, spans[0][0], last))
            if reuse.words >= settings.min_reuse_words and not credited.get(path, True):
                for here, there, words in spans:
                    detail = f"{words} words also in {other}:{there.line}-{there.end_line}"
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
    there is nothing to compare and datasketch is never imported.
    """
    vocabulary = vocabulary or load_vocabulary()
    settings = settings or ReuseSettings()
    problems: list[str] = []
    texts = list(paths_and_texts)
    references: list[Source] = []
    paths: list[str] = []
    for item in against or ():
        if isinstance(item, Source):
            references.append(Source(item.name, item.load, reference=True))
        else:
            paths.append(str(item))
    if paths:
        references.extend(corpus_sources(paths, problems, skip=[path for path, _ in texts]))
    findings: list[Finding] = []
    if len(texts) + len(references) >= 2 and texts:
        result = find_reuse([*(Source.of(path, text) for path, text in texts), *references], settings)
        problems.extend(result.errors)
        involved = {reuse.a for reuse in result.pairs} | {reuse.b for reuse in result.pairs if not reuse.b_reference}
        credited = {path: analyze(text, path, vocabulary).credited for path, text in texts if path in involved}
        findings = findings_for(result.pairs, credited, vocabulary, settings)
    if problems:
        if errors is None:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise WirelintError(problems[0] + more)
        errors.extend(problems)
    return findings
