"""Lines that belong to another rule's match, such as the caption above a photo credit."""
from __future__ import annotations

from typing import Iterator

from ..document import Document
from ..prefilter import Evidence
from .base import Field, Hit


class Adjacent:
    """Report the lines just before each line another rule (the ``anchor``) matches.

    If the anchor line continues a paragraph, the lines above it in that paragraph are
    reported; if it stands alone, the whole previous paragraph is, unless that is the
    document's first paragraph (the headline). An anchor opening a paragraph that goes on
    heads its own caption, so nothing above it is taken. Text printed one paragraph a line, with no
    blank lines between (a paragraph longer than ``max_lines``, or the first one), gives
    no sign of where a caption starts: there nothing is taken. Long lines are never
    taken for captions.
    The fix removes the caption together with its anchor line, so that fixing never
    turns the paragraph above into a new caption.
    """

    FIELDS = {
        "anchor": Field((str,), required=True, doc="id of the rule whose matches anchor this one"),
        "max_lines": Field((int,), default=4, doc="at most this many lines are reported per anchor"),
        "max_chars": Field((int,), default=400, doc="a longer line is not reported"),
    }
    FIX_ACTIONS = ("remove-lines",)

    def __init__(self, spec: dict) -> None:
        self.anchor_id = spec["anchor"]
        self.max_lines = spec["max_lines"]
        self.max_chars = spec["max_chars"]
        self.anchor = None

    def bind(self, rules: dict) -> None:
        """Resolve the anchor rule once every pack is loaded."""
        anchor = rules.get(self.anchor_id)
        if anchor is None:
            raise ValueError(f"field 'anchor' names unknown rule {self.anchor_id!r}")
        if isinstance(anchor.kind, Adjacent):
            raise ValueError("field 'anchor' must name a rule of another kind")
        self.anchor = anchor

    def evidence(self) -> Evidence | None:
        """Only lines next to the anchor's hits: the anchor's evidence, if it has one."""
        declare = getattr(self.anchor.kind, "evidence", None) if self.anchor is not None else None
        return declare() if declare is not None else None

    def find(self, doc: Document, start: int, end: int) -> Iterator[Hit]:
        if self.anchor is None:
            return
        anchor_lines = {doc.line_of(hit.start) for hit in self.anchor.hits(doc)}
        if not anchor_lines:
            return
        paragraphs = doc.paragraphs
        owner = {}
        for number, (first, last) in enumerate(paragraphs):
            for index in range(first, last + 1):
                owner[index] = number
        reported: set[int] = set()
        for line in sorted(anchor_lines):
            number = owner.get(line)
            if number is None:
                continue
            first, last = paragraphs[number]
            if line > first and (number == 0 or last - first > self.max_lines):
                continue  # one paragraph a line: nothing tells a caption from the body above
            if line > first:
                candidates = range(first, line)
            elif last > first:
                continue  # the credit heads its paragraph: its caption is below it, not above
            elif number > 1:
                candidates = range(paragraphs[number - 1][0], paragraphs[number - 1][1] + 1)
            else:
                continue
            candidates = [index for index in candidates if index not in anchor_lines]
            if not candidates or len(candidates) > self.max_lines:
                continue
            if any(len(doc.lines[index]) > self.max_chars for index in candidates):
                continue
            for index in candidates:
                begin = doc.line_starts[index]
                if index in reported or not start <= begin < end:
                    continue
                reported.add(index)
                line_text = doc.lines[index]
                hit_start = begin + len(line_text) - len(line_text.lstrip())
                yield Hit(hit_start, begin + len(line_text.rstrip()), fix_span=(hit_start, doc.line_end(line)))
