"""The block structure of a Markdown article, so that checks and fixes leave it intact.

Plain-text rules read a Markdown file as lines of prose; in Markdown some of those lines
are structure: ``## Home`` is a sub-heading, ``***`` a thematic break, leading spaces
nest a list or make a code block, and two trailing spaces are a hard line break.
markdown-it-py (CommonMark, plus GFM tables) gives the block map; ``MarkdownMap`` turns
it into per-line roles and answers one question for the engine: may this hit stand?
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from .document import Document
    from .kinds import Hit

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")

# Roles of a line, by the block that holds it.
RAW = "raw"  # code (indented or fenced) and HTML blocks: not prose, never checked
STRUCTURE = "structure"  # headings, thematic breaks, table rows: never removed as residue

_RAW_TOKENS = frozenset({"code_block", "fence", "html_block"})
_STRUCTURE_TOKENS = frozenset({"heading_open", "hr", "table_open"})


def is_markdown_path(path: str) -> bool:
    """Whether a path names a Markdown file (by its suffix, case-insensitively)."""
    return path.lower().endswith(MARKDOWN_SUFFIXES)


class MarkdownMap:
    """Per-line roles of a Markdown text and the lines that end in a hard line break."""

    __slots__ = ("roles", "hard_breaks", "item_ends")

    def __init__(self, text: str, lines: Sequence[str]) -> None:
        from markdown_it import MarkdownIt  # imported only for Markdown files

        self.roles: list[str | None] = [None] * len(lines)
        self.hard_breaks: set[int] = set()
        self.item_ends: dict[int, int] = {}  # first line of a list item with more lines -> its last line
        parser = MarkdownIt("commonmark").enable("table")
        for token in parser.parse(text):
            if token.map is None:
                continue
            first, stop = token.map
            if token.type in _RAW_TOKENS:
                self._mark(first, stop, RAW)
            elif token.type in _STRUCTURE_TOKENS:
                self._mark(first, stop, STRUCTURE)
            elif token.type == "list_item_open" and (last := _last_content_line(lines, first, stop)) > first:
                self.item_ends[first] = last
            elif token.type == "inline" and token.children:
                line = first
                for child in token.children:
                    if child.type == "hardbreak":
                        self.hard_breaks.add(line)
                    if child.type in ("hardbreak", "softbreak"):
                        line += 1

    def _mark(self, first: int, stop: int, role: str) -> None:
        for index in range(first, min(stop, len(self.roles))):
            if self.roles[index] != RAW:
                self.roles[index] = role

    def allows(self, doc: Document, hit: Hit, removes_lines: bool) -> bool:
        """Whether ``hit`` leaves Markdown structure alone.

        Refused: any hit in code or HTML; a whole-line removal that takes a heading, a
        thematic break or a table row, or a list item's first line without the lines
        nested under it (they would move up a level, or become a code block); a hit inside
        a line's indentation (lists, code and quotes nest by it); a hit inside the
        trailing spaces of a hard line break.
        """
        spans = [(hit.start, hit.end)]
        if hit.fix_span is not None:
            spans.append(hit.fix_span)
        for start, end in spans:
            last = doc.line_of(max(end - 1, start))
            for index in range(doc.line_of(start), last + 1):
                role = self.roles[index]
                if role == RAW or (removes_lines and role == STRUCTURE):
                    return False
                if removes_lines and self.item_ends.get(index, index) > last:
                    return False
        index = doc.line_of(hit.start)
        line, begin = doc.lines[index], doc.line_starts[index]
        indent = len(line) - len(line.lstrip())
        if hit.end <= begin + indent and hit.end > hit.start:
            return False
        content = len(line.rstrip())
        return not (index in self.hard_breaks and hit.start >= begin + content)


def _last_content_line(lines: Sequence[str], first: int, stop: int) -> int:
    """The last non-blank line of lines first..stop-1 (a list item's map may end in blanks)."""
    last = min(stop, len(lines)) - 1
    while last > first and not lines[last].strip():
        last -= 1
    return last
