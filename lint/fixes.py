"""Applying fix edits: non-overlapping, re-checked to a fixed point, guarded against mass deletion."""
from __future__ import annotations

from .structs import dataclass
from typing import Iterable, Sequence

import re

from .document import Document
from .engine import Rule, check_document
from .finding import Edit, Finding

MAX_PASSES = 10
MAX_DELETED_SHARE = 0.5
# A fix may lengthen the text (``Mr`` -> ``Mr.``, an entity spelt out), but never by more
# than this share of the original plus a little: beyond that a rule is feeding on itself.
MAX_GROWTH_SHARE = 0.5
MAX_GROWTH_CHARS = 4096


@dataclass(frozen=True, slots=True)
class FixOutcome:
    """The fixed text, how many edits went in, and why fixing was refused, if it was."""

    text: str
    applied: int
    refused: str | None = None
    findings: tuple[Finding, ...] | None = None


def applicable(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and (unsafe or finding.fix.applicability == "safe")


_LEADING_BLANK = re.compile(r"(?:[^\S\n]*\n)*")


def _without_trailing_blank_lines(text: str, final_newline: bool) -> str:
    """``text`` without the blank lines at its end, ending in a newline only if asked.

    Trailing spaces of the last line with text are kept: they are not blank lines.
    Linear in the length of the blank run (no regex search from the start).
    """
    content = len(text.rstrip(" \t\n"))
    newline = text.find("\n", content)
    if newline < 0:
        return text
    return text[:newline] + ("\n" if final_newline and content > 0 else "")


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, int]:
    """Apply edits that do not conflict; return the text and how many went in.

    Overlapping deletions are merged (both want those characters gone). Any other edit
    that overlaps an earlier one waits for the next round, which re-checks the text.
    Edits are taken by start, the longest first among those starting together. A
    deletion that reaches the start or the end of the text also takes the blank lines it
    leaves there, and the text keeps (or keeps lacking) its final newline.
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
    pieces, cursor = [], 0
    for start, end, content, _ in spans:
        pieces.append(text[cursor:start])
        pieces.append(content)
        cursor = end
    pieces.append(text[cursor:])
    result = "".join(pieces)
    if spans and spans[0][2] == "" and spans[0][0] == 0:
        result = result[_LEADING_BLANK.match(result).end():]
    if spans and spans[-1][2] == "" and spans[-1][1] == len(text):
        result = _without_trailing_blank_lines(result, text.endswith("\n"))
    return result, sum(span[3] for span in spans)


def growth_limit(length: int) -> int:
    """The longest a fixed text of ``length`` characters may become."""
    return length + int(length * MAX_GROWTH_SHARE) + MAX_GROWTH_CHARS


def _grown_length(length: int, edits: Sequence[Edit]) -> int:
    """An upper bound of the length after ``edits``, computed before building that text."""
    return length + sum(max(len(edit.content) - (edit.end - edit.start), 0) for edit in edits)


def _rules_of(findings: Iterable[Finding], unsafe: bool) -> str:
    names = sorted({f.rule for f in findings if applicable(f, unsafe)})
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def fix_text(
    text: str, rules: Sequence[Rule], unsafe: bool = False, max_deleted_share: float = MAX_DELETED_SHARE,
    path: str = "-", record: str | None = None,
) -> FixOutcome:
    """Fix ``text`` with ``rules`` until nothing applicable is left (at most MAX_PASSES rounds).

    Overlapping edits wait for the next round, which re-checks the text first, so edits
    never corrupt each other. The original text comes back untouched, with the reason,
    when the result lost more than ``max_deleted_share`` of the characters (default:
    half), when the fixes did not settle within MAX_PASSES rounds (a rule whose fix it
    matches again, such as ``Mr`` -> ``Mr.``), or when the text would grow past
    ``growth_limit``. ``findings`` are those of the returned text when the last round
    found nothing left to apply.
    """
    current, applied, settled = text, 0, None
    limit = growth_limit(len(text))
    for round_number in range(MAX_PASSES + 1):
        findings = check_document(Document(current), rules, path, record)
        edits = [edit for f in findings if applicable(f, unsafe) for edit in f.fix.edits]
        if not edits:
            settled = tuple(findings)
            break
        if round_number == MAX_PASSES:
            return FixOutcome(text, 0, (
                f"fixes by {_rules_of(findings, unsafe)} still change the text after {MAX_PASSES} rounds "
                "(each round's fix is matched again); refused"
            ))
        if _grown_length(len(current), edits) > limit:
            return FixOutcome(text, 0, (
                f"fix by {_rules_of(findings, unsafe)} would grow the text past {limit} characters "
                f"(from {len(text)}); refused"
            ))
        updated, count = apply_edits(current, edits)
        if updated == current:
            break
        current, applied = updated, applied + count
    if text and len(text) - len(current) > max_deleted_share * len(text):
        lost = len(text) - len(current)
        return FixOutcome(text, 0, f"fix would delete {lost} of {len(text)} characters (more than half); refused")
    return FixOutcome(current, applied, findings=settled)
