"""A heading line that starts residue running to the end of the document or for N paragraphs."""
from __future__ import annotations

from typing import Iterator

import regex

from ..document import Document, fold_line
from ..prefilter import Evidence
from .base import Field, Hit, LazyRegex
from .limits import Budget
from .pattern import time_budget


class Block:
    """Residue blocks such as a donation appeal or an appended comment section.

    With ``extent: end`` the block runs from the heading to the end of the document and is
    reported only if that is at most ``max_paragraphs`` paragraphs, so a heading phrase
    quoted early in an article never swallows the article. The fix always removes the
    heading with the block, even when the heading is not part of the finding.
    """

    FIELDS = {
        "heading": Field((list,), default=[], item=str, doc="whole-line phrases that start the block"),
        "heading_pattern": Field((str,), default=None, doc="or a regex the whole heading line must match"),
        "extent": Field((str,), default="end", doc="'end' (to the end of the document) or 'paragraphs'"),
        "paragraphs": Field((int,), default=1, doc="with extent 'paragraphs': how many paragraphs follow"),
        "max_paragraphs": Field((int,), default=8, doc="with extent 'end': the longest block still reported"),
        "include_heading": Field((bool,), default=True, doc="whether the heading line is part of the finding"),
    }
    FIX_ACTIONS = ("remove-lines",)

    def __init__(self, spec: dict) -> None:
        self.headings = frozenset(fold_line(phrase) for phrase in spec["heading"])
        pattern = spec["heading_pattern"]
        try:
            self.pattern = LazyRegex(pattern, regex.IGNORECASE) if pattern else None
        except regex.error as exc:
            raise ValueError(f"field 'heading_pattern' does not compile: {exc}") from None
        if not self.headings and self.pattern is None:
            raise ValueError("give 'heading' phrases or a 'heading_pattern'")
        self.extent = spec["extent"]
        if self.extent not in ("end", "paragraphs"):
            raise ValueError("field 'extent' must be 'end' or 'paragraphs'")
        self.count = spec["paragraphs"]
        self.max_paragraphs = spec["max_paragraphs"]
        if self.count < 1 or self.max_paragraphs < 1:
            raise ValueError("fields 'paragraphs' and 'max_paragraphs' must be at least 1")
        self.include_heading = spec["include_heading"]

    def evidence(self) -> Evidence:
        """No block without its heading line."""
        regexes = ((self.pattern.source, self.pattern.flags, self.pattern.engine),) if self.pattern else ()
        return Evidence(regexes=regexes, lines=tuple(sorted(self.headings)))

    def _is_heading(self, doc: Document, index: int, budget: Budget) -> bool:
        line = doc.lines[index]
        if len(line) > 200:
            return False
        if doc.folded(index) in self.headings:
            return True
        return self.pattern is not None and budget.run(self.pattern.fullmatch, line.strip()) is not None

    def find(self, doc: Document, start: int, end: int) -> Iterator[Hit]:
        budget = Budget(time_budget(end - start))  # one budget for every heading line tried
        paragraphs = doc.paragraphs
        resume = -1
        skip = max(len(paragraphs) - self.max_paragraphs, 0) if self.extent == "end" else 0
        for number, (first, last) in enumerate(paragraphs[skip:], skip):
            for index in range(first, last + 1):
                if index <= resume or not start <= doc.line_starts[index] < end:
                    continue
                if not self._is_heading(doc, index, budget):
                    continue
                if self.extent == "end":
                    if len(paragraphs) - number > self.max_paragraphs:
                        continue
                    stop_line = paragraphs[-1][1]
                else:
                    stop_line = paragraphs[min(number + self.count, len(paragraphs) - 1)][1]
                begin_line = index if self.include_heading else index + 1
                while begin_line <= stop_line and doc.is_blank(begin_line):
                    begin_line += 1
                if begin_line > stop_line:
                    continue
                block_end = doc.line_end(stop_line)
                yield Hit(doc.line_starts[begin_line], block_end, fix_span=(doc.line_starts[index], block_end))
                if self.extent == "end":
                    return
                resume = stop_line
