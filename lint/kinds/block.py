"""A heading line that starts residue: to the end of the document, for N paragraphs, or over a list."""
from __future__ import annotations

from typing import Iterator

import regex

from ..document import Document, fold_line
from ..prefilter import Evidence
from .base import Field, Hit, LazyRegex
from .limits import Budget
from .programs import compile_regex
from .pattern import time_budget

EXTENTS = ("end", "paragraphs", "list")
_SENTENCE_END = compile_regex(r"[.!?:;][\"'”’)\]]*$")
_TRAILING_ELLIPSIS = compile_regex(r"(?:\.\.\.|…)[\"'”’)\]]*$")


def is_list_item(line: str, max_words: int) -> bool:
    """Whether a line reads like a teaser headline or a link: short, not ending as a sentence.

    A trailing question mark or ellipsis is allowed: teasers ask and trail off.
    """
    stripped = line.strip()
    if not stripped or len(stripped.split()) > max_words:
        return False
    if stripped.endswith(("?", "!")) or _TRAILING_ELLIPSIS.search(stripped):
        return True
    return _SENTENCE_END.search(stripped) is None


class Block:
    """Residue blocks such as a donation appeal, a comment section or a related-links list.

    With ``extent: end`` the block runs from the heading to the end of the document and is
    reported only if that is at most ``max_paragraphs`` paragraphs (and ``max_lines``
    lines, for text printed one paragraph a line), so a heading phrase quoted early in an
    article never swallows the article. With ``extent: list`` the block is the heading
    and the short, headline-like lines listed under it (teasers, links): it ends at the
    first line of more than ``item_max_words`` words or that ends as a sentence, and is
    reported only with at least ``min_items`` of them (with ``heading_alone``, a heading
    with fewer is reported by itself: one short line under it may be the article's own
    sub-heading). ``after_share`` asks that the
    heading stand after that share of the text's characters: comment sections follow
    the article. The fix always removes the heading with the block, even when the
    heading is not part of the finding.
    """

    FIELDS = {
        "heading": Field((list,), default=[], item=str, doc="whole-line phrases that start the block"),
        "heading_pattern": Field((str,), default=None, doc="or a regex the whole heading line must match"),
        "extent": Field((str,), default="end", doc="'end' (to the end of the document), 'paragraphs' or 'list'"),
        "paragraphs": Field((int,), default=1, doc="with extent 'paragraphs': how many paragraphs follow"),
        "max_paragraphs": Field((int,), default=8, doc="with extent 'end': the longest block still reported"),
        "max_lines": Field((int,), default=0, doc="with extent 'end' or 'list': at most this many lines (0: no limit)"),
        "after_share": Field((float, int), default=0.0, doc="the heading stands after this share of the text (0 to 1)"),
        "item_max_words": Field((int,), default=16, doc="with extent 'list': longest line still taken as an item"),
        "min_items": Field((int,), default=2, doc="with extent 'list': fewest items for a block"),
        "heading_alone": Field((bool,), default=False, doc="with extent 'list': report a heading with fewer items by itself"),
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
        if self.extent not in EXTENTS:
            raise ValueError(f"field 'extent' must be one of {', '.join(EXTENTS)}")
        self.count = spec["paragraphs"]
        self.max_paragraphs = spec["max_paragraphs"]
        if self.count < 1 or self.max_paragraphs < 1:
            raise ValueError("fields 'paragraphs' and 'max_paragraphs' must be at least 1")
        self.max_lines = spec["max_lines"]
        self.item_max_words = spec["item_max_words"]
        self.min_items = spec["min_items"]
        if self.max_lines < 0 or self.item_max_words < 1 or self.min_items < 1:
            raise ValueError("fields 'max_lines' (0 or more), 'item_max_words' and 'min_items' (1 or more) are out of range")
        self.heading_alone = spec["heading_alone"]
        self.after_share = float(spec["after_share"])
        if not 0.0 <= self.after_share < 1.0:
            raise ValueError("field 'after_share' must be at least 0 and below 1")
        self.include_heading = spec["include_heading"]

    def evidence(self) -> Evidence:
        """No block without its heading line."""
        regexes = ((self.pattern.source, self.pattern.flags, self.pattern.engine),) if self.pattern else ()
        return Evidence(regexes=regexes, lines=tuple(sorted(self.headings)))

    def _is_heading(self, doc: Document, index: int, budget: Budget) -> bool:
        line = doc.lines[index]
        if len(line) > 200:
            return False
        if self.headings and doc.folded(index) in self.headings:
            return True
        return self.pattern is not None and budget.run(self.pattern.fullmatch, line.strip()) is not None

    def find(self, doc: Document, start: int, end: int) -> Iterator[Hit]:
        budget = Budget(time_budget(end - start))  # one budget for every heading line tried
        if self.extent == "list":
            yield from self._lists(doc, start, end, budget)
            return
        paragraphs = doc.paragraphs
        resume = -1
        skip = max(len(paragraphs) - self.max_paragraphs, 0) if self.extent == "end" else 0
        threshold = self.after_share * len(doc.text)
        for number, (first, last) in enumerate(paragraphs[skip:], skip):
            for index in range(first, last + 1):
                begin = doc.line_starts[index]
                if index <= resume or not start <= begin < end or begin < threshold:
                    continue
                if not self._is_heading(doc, index, budget):
                    continue
                if self.extent == "end":
                    if len(paragraphs) - number > self.max_paragraphs:
                        continue
                    stop_line = paragraphs[-1][1]
                    if self.max_lines and self._nonblank_between(doc, index, stop_line) > self.max_lines:
                        continue
                else:
                    stop_line = paragraphs[min(number + self.count, len(paragraphs) - 1)][1]
                hit = self._hit(doc, index, stop_line)
                if hit is not None:
                    yield hit
                if self.extent == "end":
                    return
                resume = stop_line

    def _lists(self, doc: Document, start: int, end: int, budget: Budget) -> Iterator[Hit]:
        nonblank, lines = doc.nonblank, doc.lines
        threshold = self.after_share * len(doc.text)
        position = 0
        while position < len(nonblank):
            index = nonblank[position]
            begin = doc.line_starts[index]
            if not start <= begin < end or begin < threshold or not self._is_heading(doc, index, budget):
                position += 1
                continue
            items = position + 1
            while items < len(nonblank) and is_list_item(lines[nonblank[items]], self.item_max_words):
                if self.max_lines and items - position > self.max_lines:
                    break
                items += 1
            if items - position - 1 >= self.min_items:
                hit = self._hit(doc, index, nonblank[items - 1])
                if hit is not None:
                    yield hit
                position = items
                continue
            alone = self._hit(doc, index, index) if self.heading_alone and self.include_heading else None
            if alone is not None:
                yield alone
            position += 1

    def _nonblank_between(self, doc: Document, first: int, last: int) -> int:
        return sum(1 for index in range(first, last + 1) if not doc.is_blank(index))

    def _hit(self, doc: Document, heading: int, stop_line: int) -> Hit | None:
        begin_line = heading if self.include_heading else heading + 1
        while begin_line <= stop_line and doc.is_blank(begin_line):
            begin_line += 1
        if begin_line > stop_line:
            return None
        block_end = doc.line_end(stop_line)
        return Hit(doc.line_starts[begin_line], block_end, fix_span=(doc.line_starts[heading], block_end))
