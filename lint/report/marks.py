"""One text as the page opens it: every finding's span marked, and the diff its safe fixes make.

Positions are the findings' 1-based lines and columns (end exclusive), so a saved JSON
report, which has no character offsets, marks the same spans as a live run.
"""
from __future__ import annotations

import difflib
from typing import Sequence

from ..finding import SEVERITY_RANK
from ..finding import Edit as TextEdit
from ..fixes import apply_edits
from .model import DiffLine, Item, Segment, ShownLine

MAX_DIFF_LINES = 400


def _spans_on(line_number: int, line: str, item: Item) -> tuple[int, int] | None:
    """The columns (0-based, end exclusive) of ``item``'s span on one line, if it covers it."""
    if not item.line <= line_number <= item.end_line:
        return None
    start = item.column - 1 if line_number == item.line else 0
    end = item.end_column - 1 if line_number == item.end_line else len(line)
    if line_number > item.line and (end <= 0 or not line):
        return None  # a span ending at a line's start does not cover it; nor an empty line it runs over
    start, end = min(max(start, 0), len(line)), min(max(end, 0), len(line))
    if end <= start:  # zero width: mark the character at the place, or the line's end
        return (start, min(start + 1, len(line))) if start < len(line) else (len(line), len(line))
    return start, end


def mark_line(number: int, line: str, items: Sequence[tuple[int, Item]]) -> ShownLine:
    """``line`` cut into segments, each with the findings (by number) that cover it."""
    covering = [(n, item, span) for n, item in items if (span := _spans_on(number, line, item)) is not None]
    if not covering:
        return ShownLine(number, (Segment(line),))
    cuts = sorted({0, len(line), *(p for _, _, span in covering for p in span)})
    segments: list[Segment] = []
    for left, right in zip(cuts, cuts[1:]):
        notes = tuple(n for n, _, (s, e) in covering if s <= left and right <= e and s < e)
        severity = max((item.severity for n, item, _ in covering if n in notes), key=SEVERITY_RANK.get, default=None)
        starts = tuple(n for n, _, (s, e) in covering if s == left and s < e)
        segments.append(Segment(line[left:right], severity, notes, starts))
    empty = [(n, item) for n, item, (s, e) in covering if s == e]
    if empty:  # a finding at the very end of the line (or on an empty line)
        severity = max((item.severity for _, item in empty), key=SEVERITY_RANK.get)
        segments.append(Segment("", severity, tuple(n for n, _ in empty), tuple(n for n, _ in empty)))
    return ShownLine(number, tuple(s for s in segments if s.text or s.notes))


def mark_lines(lines: Sequence[str], items: Sequence[Item], limit: int) -> tuple[tuple[ShownLine, ...], int]:
    """The first ``limit`` lines marked; and how many lines were left out."""
    numbered = list(enumerate(items, 1))
    by_line: dict[int, list[tuple[int, Item]]] = {}
    for n, item in numbered:
        for number in range(item.line, min(item.end_line, len(lines)) + 1):
            by_line.setdefault(number, []).append((n, item))
    shown = tuple(mark_line(i, line, by_line.get(i, ())) for i, line in enumerate(lines[:limit], 1))
    return shown, max(len(lines) - limit, 0)


def _offsets(lines: Sequence[str]) -> list[int]:
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    starts.append(at)
    return starts


def _offset(starts: list[int], line: int, column: int) -> int:
    """The character offset of a 1-based line and column, clamped to the text."""
    end = starts[-1] - 1
    if line > len(starts) - 1:
        return end
    return min(starts[line - 1] + column - 1, end)


def fix_diff(lines: Sequence[str], items: Sequence[Item], unsafe: bool = False) -> tuple[DiffLine, ...]:
    """The unified diff (one line of context) of the findings' safe fixes applied to the text.

    One round of edits, as the first pass of ``--fix``: ``--fix`` then checks again and
    may remove a little more.
    """
    starts = _offsets(lines)
    text = "\n".join(lines)
    edits = []
    for item in items:
        if item.fix_applicability is None or (item.fix_applicability != "safe" and not unsafe):
            continue
        for e in item.edits:
            start = _offset(starts, e.line, e.column)
            end = max(_offset(starts, e.end_line, e.end_column), start)
            edits.append(TextEdit(start, end, e.content, e.line, e.column, e.end_line, e.end_column))
    if not edits:
        return ()
    fixed, _ = apply_edits(text, edits)
    if fixed == text:
        return ()
    rows = [row for row in difflib.unified_diff(text.split("\n"), fixed.split("\n"), n=1, lineterm="")
            if not row.startswith(("---", "+++"))]
    return _diff_lines(rows[:MAX_DIFF_LINES]) + ((DiffLine("@", (("… (diff cut)", False),)),) if len(rows) > MAX_DIFF_LINES else ())


def _changed(old: str, new: str) -> tuple[tuple[tuple[str, bool], ...], tuple[tuple[str, bool], ...]]:
    """Both lines cut into unchanged and changed runs (a replaced space shows where it is)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    before: list[tuple[str, bool]] = []
    after: list[tuple[str, bool]] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if a1 > a0:
            before.append((old[a0:a1], tag != "equal"))
        if b1 > b0:
            after.append((new[b0:b1], tag != "equal"))
    return tuple(before), tuple(after)


def _diff_lines(rows: Sequence[str]) -> tuple[DiffLine, ...]:
    """Diff rows as DiffLines; a removed line followed by its replacement shows what changed."""
    shown: list[DiffLine] = []
    i = 0
    while i < len(rows):
        kind, body = rows[i][:1], rows[i][1:]
        if kind == "@":
            shown.append(DiffLine("@", ((rows[i], False),)))
        elif kind == "-" and i + 1 < len(rows) and rows[i + 1][:1] == "+" and (i + 2 >= len(rows) or rows[i + 2][:1] != "+"):
            before, after = _changed(body, rows[i + 1][1:])
            shown += [DiffLine("-", before), DiffLine("+", after)]
            i += 1
        else:
            shown.append(DiffLine(kind if kind in "+-" else " ", ((body, False),)))
        i += 1
    return tuple(shown)
