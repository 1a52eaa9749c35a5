"""Applying fix edits: non-overlapping, re-checked to a fixed point, guarded against mass deletion."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import regex

from .document import Document
from .engine import Rule, check_document
from .finding import Edit, Finding

MAX_PASSES = 10
MAX_DELETED_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class FixOutcome:
    """The fixed text, how many edits went in, and why fixing was refused, if it was."""

    text: str
    applied: int
    refused: str | None = None


def applicable(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and (unsafe or finding.fix.applicability == "safe")


_LEADING_BLANK = regex.compile(r"(?:[^\S\n]*\n)*")
_TRAILING_BLANK = regex.compile(r"(?:\n[^\S\n]*)+\Z")


def _trim_tail(text: str, span: list) -> None:
    """A deletion that reaches the end takes the blank lines above it and keeps the final newline."""
    blank = _TRAILING_BLANK.search(text, 0, span[0])
    if blank is not None:
        span[0] = blank.start()
    span[2] = "\n" if text.endswith("\n") and span[0] > 0 else ""


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, int]:
    """Apply edits that do not conflict; return the text and how many went in.

    Overlapping deletions are merged (both want those characters gone). Any other edit
    that overlaps an earlier one waits for the next round, which re-checks the text.
    Edits are taken by start, the longest first among those starting together.
    """
    spans: list[list] = []  # [start, end, content, edits merged]
    for edit in sorted(edits, key=lambda e: (e.start, -e.end)):
        if spans:
            last = spans[-1]
            if edit.start < last[1] or (edit.start == last[1] and edit.start == edit.end):
                if edit.content == "" and last[2] == "":
                    last[1] = max(last[1], edit.end)
                    last[3] += 1
                continue
            if edit.content == "" and last[2] == "" and edit.start == last[1]:
                last[1], last[3] = edit.end, last[3] + 1
                continue
        spans.append([edit.start, edit.end, edit.content, 1])
    if spans and spans[-1][2] == "" and spans[-1][1] == len(text):
        _trim_tail(text, spans[-1])
    if spans and spans[0][2] == "" and spans[0][0] == 0:
        spans[0][1] += len(_LEADING_BLANK.match(text, spans[0][1]).group())
    pieces, cursor = [], 0
    for start, end, content, _ in spans:
        pieces.append(text[cursor:start])
        pieces.append(content)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces), sum(span[3] for span in spans)


def fix_text(
    text: str, rules: Sequence[Rule], unsafe: bool = False, max_deleted_share: float = MAX_DELETED_SHARE
) -> FixOutcome:
    """Fix ``text`` with ``rules`` until nothing applicable is left (at most MAX_PASSES rounds).

    Overlapping edits wait for the next round, which re-checks the text first, so edits
    never corrupt each other. A result that lost more than ``max_deleted_share`` of the
    characters (default: half) is refused and the original text returned.
    """
    current, applied = text, 0
    for _ in range(MAX_PASSES):
        findings = check_document(Document(current), rules)
        edits = [edit for f in findings if applicable(f, unsafe) for edit in f.fix.edits]
        if not edits:
            break
        updated, count = apply_edits(current, edits)
        if updated == current:
            break
        current, applied = updated, applied + count
    if text and len(text) - len(current) > max_deleted_share * len(text):
        lost = len(text) - len(current)
        return FixOutcome(text, 0, f"fix would delete {lost} of {len(text)} characters (more than half); refused")
    return FixOutcome(current, applied)
