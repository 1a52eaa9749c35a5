"""What ``wirelint check --format html`` adds to its findings: the run's reuse pairs.

The check's reuse rules report findings, not the pairs behind them, so the page asks
the same detector for the pairs of the same texts (the texts the findings were computed
on). Once the run hands its reuse result (or clusters) to the formats, this goes.
"""
from __future__ import annotations

from typing import Mapping, Sequence


def reuse_pairs(texts: Mapping[str, Sequence[str]], against: Sequence[str] | None = None) -> list[dict]:
    """Reuse pairs of ``texts`` (path to lines), and of them with the ``against`` corpus."""
    from ..provenance.output import reuse_to_dict
    from ..provenance.reuse import Source, corpus_sources, find_reuse

    sources = [Source.of(path, "\n".join(lines)) for path, lines in texts.items()]
    if against:
        sources += corpus_sources(against, [], skip=list(texts))
    if len(sources) < 2:
        return []
    return [reuse_to_dict(pair) for pair in find_reuse(sources).pairs]
