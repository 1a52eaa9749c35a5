"""Repeated text: doubled words, duplicated lines (titles, captions) and paragraphs."""
from __future__ import annotations

from typing import Iterator

import regex

from ..document import Document, fold_line
from . import Field, Hit

_DOUBLED = regex.compile(r"(?<![\w'’-])(\p{L}+)([^\S\n]+)(\1)(?![\w'’-])", regex.IGNORECASE)


def _similarity(left: str, right: str) -> float:
    """Jaccard similarity of the word sets of two folded strings."""
    a, b = set(left.split()), set(right.split())
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


class Repetition:
    """Flag the second of two equal units; the first stays as the text to keep.

    ``unit: word`` finds a word written twice in a row (fix: keep one), unless listed in
    ``allow`` ("had had", "that that") or capitalised both times (place names such as
    "Walla Walla"). ``unit: line`` / ``paragraph`` compare each unit
    with the previous one (``adjacent: true``) or with every earlier one, exactly or
    folded (case, whitespace and punctuation ignored), optionally by word-set
    ``similarity`` for near-duplicates such as a caption repeated with one word changed.
    """

    FIELDS = {
        "unit": Field((str,), required=True, doc="'word', 'line' or 'paragraph'"),
        "compare": Field((str,), default="folded", doc="'exact' or 'folded'"),
        "adjacent": Field((bool,), default=True, doc="compare with the previous unit only"),
        "similarity": Field((float, int), default=1.0, doc="word-set Jaccard threshold for near-duplicates (adjacent only)"),
        "min_chars": Field((int,), default=1, doc="shorter units are never reported"),
        "allow": Field((list,), default=[], item=str, doc="words that may be doubled"),
    }
    FIX_ACTIONS = ("remove-lines", "replace")

    def __init__(self, spec: dict, context: object = None) -> None:
        self.unit = spec["unit"]
        if self.unit not in ("word", "line", "paragraph"):
            raise ValueError("field 'unit' must be 'word', 'line' or 'paragraph'")
        self.compare = spec["compare"]
        if self.compare not in ("exact", "folded"):
            raise ValueError("field 'compare' must be 'exact' or 'folded'")
        self.adjacent = spec["adjacent"]
        self.similarity = float(spec["similarity"])
        if not 0.0 < self.similarity <= 1.0:
            raise ValueError("field 'similarity' must be in (0, 1]")
        if self.similarity < 1.0 and not self.adjacent:
            raise ValueError("field 'similarity' below 1 needs 'adjacent: true'")
        self.min_chars = spec["min_chars"]
        self.allow = frozenset(word.casefold() for word in spec["allow"])

    def find(self, doc: Document, start: int, end: int) -> Iterator[Hit]:
        if self.unit == "word":
            for match in _DOUBLED.finditer(doc.text, start, end):
                if match.group(1) != match.group(3) and match.group(1).casefold() != match.group(3).casefold():
                    continue
                if match.group(1).casefold() in self.allow or len(match.group()) < self.min_chars:
                    continue
                if match.group(1)[0].isupper() and match.group(3)[0].isupper():
                    continue  # "Walla Walla", "Bora Bora": names double on purpose
                yield Hit(match.start(), match.end(), replacement=match.group(1))
            return
        units = self._units(doc)
        previous: str | None = None
        seen: set[str] = set()
        for begin, stop, text in units:
            key = fold_line(text) if self.compare == "folded" else text.strip()
            reportable = len(key) >= self.min_chars and start <= begin < end
            if reportable and previous is not None:
                if self.adjacent:
                    same = key == previous or (self.similarity < 1.0 and _similarity(key, previous) >= self.similarity)
                else:
                    same = key in seen
                if same:
                    yield Hit(begin, stop)
            previous = key
            if not self.adjacent:
                seen.add(key)

    def _units(self, doc: Document) -> list[tuple[int, int, str]]:
        if self.unit == "line":
            units = []
            for index in doc.nonblank:
                line = doc.lines[index]
                begin = doc.line_starts[index] + len(line) - len(line.lstrip())
                units.append((begin, doc.line_starts[index] + len(line.rstrip()), line))
            return units
        return [
            (doc.line_starts[first], doc.line_end(last), doc.text[doc.line_starts[first] : doc.line_end(last)])
            for first, last in doc.paragraphs
        ]
