"""Where an item sits in a text: character offsets and 1-based line/column, from one place."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Sequence

from ..document import Document


@dataclass(frozen=True, slots=True)
class Span:
    """text[start:end]; line and column are 1-based, end_column is exclusive, columns count characters."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def of(cls, doc: Document, start: int, end: int) -> "Span":
        """The span of doc.text[start:end], positioned by ``Document.position``."""
        line, column = doc.position(start)
        end_line, end_column = doc.position(end)
        return cls(start, end, line, column, end_line, end_column)


def spans(doc: Document, starts: Sequence[int], ends: Sequence[int]) -> list[Span]:
    """``Span.of`` of each ``doc.text[start:end]``, in one loop (a batch of reuse passages)."""
    lines = doc.line_starts
    found = []
    for start, end in zip(starts, ends):
        line, end_line = bisect_right(lines, start) - 1, bisect_right(lines, end) - 1
        found.append(Span(start, end, line + 1, start - lines[line] + 1, end_line + 1, end - lines[end_line] + 1))
    return found


def stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without the whitespace at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
