"""Provenance: who a news text credits, who republished it, and which texts share passages.

- ``analyze(text, path)`` gives a file's credits (wire, contributor, dateline, photo),
  aggregators and publishers, identifiers and a verdict with its reasons;
- ``find_reuse(sources)`` finds clusters of documents that share text (MinHash band keys
  of paragraphs, union-find) and confirms each member against its cluster's
  representative, without comparing every pair;
- ``reuse_findings(paths_and_texts, against)`` turns shared text into lint findings
  (``provenance/duplicate-article``, ``provenance/uncredited-reuse``).

The vocabularies are YAML in ``rules/provenance/``. Names are imported on first use, so
``import lint.provenance.cli`` (done by every ``wirelint`` run) stays cheap; numpy is
imported only when reuse detection runs.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "FileReport": "report", "analyze": "report",
    "Cluster": "reuse", "ReuseResult": "reuse", "ReuseSettings": "reuse", "Source": "reuse", "corpus_sources": "reuse", "find_reuse": "reuse",
    "reuse_findings": "checks", "load_vocabulary": "vocab",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lint.provenance' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)
