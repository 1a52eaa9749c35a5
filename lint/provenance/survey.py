"""Provenance of a set of files: each file's report, and the passages the files share
(with each other and with a reference corpus). What ``wirelint provenance`` prints."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import WirelintError


@dataclass(frozen=True, slots=True)
class ProvenanceRequest:
    """What ``wirelint provenance`` was asked: the paths, the reference corpus, the options."""

    paths: tuple[str, ...]
    against: tuple[str, ...] = ()
    min_words: int | None = None
    reuse: bool = True
    include: tuple[str, ...] = ("*.txt", "*.md")


@dataclass(frozen=True, slots=True)
class ProvenanceOutcome:
    reports: list
    reuse: object
    errors: list[str]


def report_provenance(request: ProvenanceRequest) -> ProvenanceOutcome:
    """Each file's provenance report and, unless turned off, the passages files share."""
    from ..discover import discover
    from ..source import read_article
    from .report import analyze
    from .reuse import ReuseSettings, Source, corpus_sources, find_reuse
    from .vocab import load_vocabulary

    settings = ReuseSettings()
    if request.min_words is not None:
        settings = replace(settings, min_passage_words=request.min_words)
    vocabulary = load_vocabulary()
    found = discover(list(request.paths), request.include)
    errors = list(found.errors)
    reports, texts = [], []
    for path in found.files:
        try:
            text = read_article(path).text
            reports.append(analyze(text, path, vocabulary))
        except WirelintError as exc:
            message = str(exc)
            errors.append(message if message.startswith(path) else f"{path}: {message}")
            continue
        texts.append((path, text))
    result = None
    if request.reuse and texts and (len(texts) > 1 or request.against):
        references = corpus_sources(request.against, errors, skip=[path for path, _ in texts])
        result = find_reuse([*(Source.of(path, text) for path, text in texts), *references], settings)
        errors.extend(result.errors)
    return ProvenanceOutcome(reports, result, errors)
