"""One result shape for every integration, and texts whose newlines are not ``\\n``.

A finding is the object ``--format json`` writes (``path``, ``rule``, ``severity``,
``message``, ``line``, ``column``, ``end_line``, ``end_column``, ``fix``) plus ``start``
and ``end``, the character offsets of ``Finding.start``/``end``, so the CLI, Dask and these
steps can be compared key for key.

wirelint checks text with ``\\n`` newlines, as corpus mode does (``\\r\\n`` and ``\\r`` become
``\\n``). Pipeline text can hold either; ``Checked`` keeps the offsets into the text the
pipeline gave, so a span removed downstream is the span that was reported.
"""
from __future__ import annotations

from dataclasses import dataclass

from lint.finding import Finding
from lint.formats import finding_to_dict


def unix_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def finding_record(finding: Finding, start: int | None = None, end: int | None = None) -> dict:
    """The JSON record of ``finding`` with its character offsets (or those given)."""
    return {
        **finding_to_dict(finding),
        "start": finding.start if start is None else start,
        "end": finding.end if end is None else end,
    }


def _original_offsets(text: str) -> list[int]:
    """For each character of ``unix_newlines(text)`` (and its end), its offset in ``text``."""
    offsets, at = [], 0
    while at < len(text):
        offsets.append(at)
        at += 2 if text.startswith("\r\n", at) else 1
    offsets.append(len(text))
    return offsets


@dataclass(frozen=True, slots=True)
class Checked:
    """The findings on one text, and their records (with ``path``) with offsets into that text."""

    text: str
    findings: tuple[Finding, ...]
    path: str = "-"

    def offsets(self) -> list[tuple[int, int]]:
        """(start, end) of each finding in the text as given (newlines as they were)."""
        if "\r" not in self.text:
            return [(f.start, f.end) for f in self.findings]
        table = _original_offsets(self.text)
        return [(table[f.start], table[f.end]) for f in self.findings]

    def records(self) -> list[dict]:
        return [{**finding_record(f, start, end), "path": self.path}
                for f, (start, end) in zip(self.findings, self.offsets())]
