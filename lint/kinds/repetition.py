"""Repeated text: doubled words, duplicated lines (titles, captions) and paragraphs."""
from __future__ import annotations

from typing import Iterator

from itertools import compress, islice
from operator import countOf, eq

import regex

from ..document import Document, fold_line
from .base import Field, Hit
from .programs import compile_regex

_CHUNK_LINES = 4096  # lines whose words are split at once when looking for doubled words
_DOUBLED = compile_regex(r"(?<![\w'’-])(\p{L}+)([^\S\n]+)(\1)(?![\w'’-])", regex.IGNORECASE)
# The screen for doubled words keeps only letters and marks: anything else becomes a space,
# so that a doubled word (two runs of letters, equal but for case, with nothing but spaces
# between and no letter either side) is two equal neighbouring tokens of one split, in C.
# The exact search takes two words as one only when they casefold the same, and casefolding
# keeps a letter a letter and a non-word character no letter (tests/test_kinds_repetition.py
# checks both over every code point). Non-ASCII characters that are neither letters nor
# marks go by one search; ASCII by a bytes table that keeps a-z and line breaks.
_NOT_LETTER = compile_regex(r"[^\x00-\x7f\p{L}\p{M}]+")
_KEPT_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz\n") | frozenset(range(0x80, 0x100))
_TO_SPACE = bytes(byte if byte in _KEPT_BYTES else 0x20 for byte in range(256))
_LINE_TOKEN = b"\0"  # a line break, as a token of its own (NUL itself became a space)


def _lines_with_equal_neighbours(chunk: str) -> list[int]:
    """The numbers of the lines of ``chunk`` where two neighbouring tokens of letters are
    equal after casefolding: every line with a doubled word, and a few more (names written
    twice, allowed words) that the exact search then leaves."""
    if chunk.isascii():
        data = chunk.encode("ascii").lower()
    else:
        data = _NOT_LETTER.sub(" ", chunk.casefold()).encode("utf-8", "surrogatepass")
    words = data.translate(_TO_SPACE).replace(b"\n", b" \0 ").split()
    lines: list[int] = []
    line, counted, rest = 0, 0, iter(words)
    for at in compress(range(len(words) - 1), map(eq, words, words[1:])):
        if words[at] == _LINE_TOKEN:
            continue  # a blank line
        line += countOf(islice(rest, at - counted), _LINE_TOKEN)
        counted = at
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


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
    folded (lines: case, whitespace and punctuation ignored; paragraphs: case and
    whitespace), optionally by word-set ``similarity`` for near-duplicates such as a
    caption repeated with one word changed. ``within`` keeps a non-adjacent comparison
    to near copies (a block printed twice), so a list that repeats its own items
    (a meal plan, a table of fixtures) is never taken for residue.
    """

    FIELDS = {
        "unit": Field((str,), required=True, doc="'word', 'line' or 'paragraph'"),
        "compare": Field((str,), default="folded", doc="'exact' or 'folded'"),
        "adjacent": Field((bool,), default=True, doc="compare with the previous unit only"),
        "similarity": Field((float, int), default=1.0, doc="word-set Jaccard threshold for near-duplicates (adjacent only)"),
        "min_chars": Field((int,), default=1, doc="shorter units are never reported"),
        "allow": Field((list,), default=[], item=str, doc="words that may be doubled"),
        "within": Field((int,), default=0, doc="with adjacent false: the copy is at most this many units on (0: anywhere)"),
    }
    FIX_ACTIONS = ("remove-lines", "replace")

    def __init__(self, spec: dict) -> None:
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
        self.within = spec["within"]
        if self.within < 0:
            raise ValueError("field 'within' must not be negative")

    def find(self, doc: Document, start: int, end: int) -> Iterator[Hit]:
        if self.unit == "word":
            yield from self._doubled_words(doc, start, end)
            return
        if self.adjacent and self.unit == "line":
            lines, nonblank = doc.lines, doc.nonblank
            for before, index in zip(nonblank, nonblank[1:]):
                a, b = lines[before], lines[index]
                if len(b) >= self.min_chars and 2 * min(len(a), len(b)) >= max(len(a), len(b)) and self._same(a, b):
                    begin = doc.line_starts[index]
                    if start <= begin < end:
                        yield Hit(begin + len(b) - len(b.lstrip()), begin + len(b.rstrip()))
            return
        if self.adjacent:
            units = self._units(doc)
            for (_, _, before), (begin, stop, text) in zip(units, units[1:]):
                if start <= begin < end and self._same(before, text):
                    yield Hit(begin, stop)
            return
        yield from self._repeats(doc, start, end)

    def _repeats(self, doc: Document, start: int, end: int) -> Iterator[Hit]:
        """Units equal (by key) to an earlier one, within ``within`` units if that is set.

        Only hashes of the keys are kept, with the unit that had each key last; a unit's
        key is folded again when its hash comes back. A 50 MB text is not held twice.
        """
        seen: dict[int, list[int]] = {}  # hash of a key -> number of the last unit with each such key
        places: list = []
        for number, (begin, stop, place) in enumerate(self._places(doc)):
            places.append(place)
            text = self._text_at(doc, place)
            if len(text) < self.min_chars:
                continue
            key = self._key(text)
            bucket = seen.setdefault(hash(key), [])
            before = None
            for slot, earlier in enumerate(bucket):
                if self._key(self._text_at(doc, places[earlier])) == key:
                    before, bucket[slot] = earlier, number
                    break
            else:
                bucket.append(number)
            near = before is not None and (not self.within or number - before <= self.within)
            if near and len(key) >= self.min_chars and start <= begin < end:
                yield Hit(begin, stop)

    def _places(self, doc: Document) -> Iterator[tuple[int, int, object]]:
        """Each unit's span and where its text is (a line index, or a paragraph's lines)."""
        if self.unit == "line":
            for index in doc.nonblank:
                line = doc.lines[index]
                begin = doc.line_starts[index]
                yield begin + len(line) - len(line.lstrip()), begin + len(line.rstrip()), index
            return
        for first, last in doc.paragraphs:
            yield doc.line_starts[first], doc.line_end(last), (first, last)

    def _text_at(self, doc: Document, place) -> str:
        if isinstance(place, int):
            return doc.lines[place]
        first, last = place
        return doc.text[doc.line_starts[first] : doc.line_end(last)]

    def _key(self, text: str) -> str:
        if self.compare == "exact":
            return text.strip()
        if self.unit == "paragraph":
            return " ".join(text.casefold().split())
        return fold_line(text)

    def _same(self, before: str, text: str) -> bool:
        """Whether ``text`` repeats ``before``; cheap length checks first, folding last."""
        a, b = before.strip(), text.strip()
        if len(b) < self.min_chars:
            return False
        if a == b:
            return True
        if a[:20].casefold() != b[:20].casefold() and a[-20:].casefold() != b[-20:].casefold():
            return False  # near-duplicates share their beginning or their end
        if min(len(a), len(b)) < 0.5 * max(len(a), len(b)):
            return False
        if _similarity(a.casefold(), b.casefold()) < self.similarity - 0.3:
            return False  # word sets far apart even before folding punctuation
        key_a, key_b = self._key(a), self._key(b)
        if len(key_b) < self.min_chars:
            return False
        return key_a == key_b or (self.similarity < 1.0 and _similarity(key_a, key_b) >= self.similarity)

    def _doubled_words(self, doc: Document, start: int, end: int) -> Iterator[Hit]:
        lines = doc.lines_in(start, end)
        for first in range(lines.start, lines.stop, _CHUNK_LINES):
            yield from self._doubled_in_lines(doc, range(first, min(first + _CHUNK_LINES, lines.stop)))

    def _doubled_in_lines(self, doc: Document, indices: range) -> Iterator[Hit]:
        """Doubled words on lines ``indices``: a few thousand lines at a time, so that a 50 MB
        text is never split into one list of all its words (a repeat never spans lines)."""
        if not indices:
            return
        chunk = "\n".join(doc.lines[indices.start : indices.stop])
        for offset in _lines_with_equal_neighbours(chunk):
            index = indices.start + offset
            begin = doc.line_starts[index]
            yield from self._doubled_in(doc.text, begin, begin + len(doc.lines[index]), self.allow)

    def _doubled_in(self, text: str, start: int, end: int, allow: frozenset) -> Iterator[Hit]:
        for match in _DOUBLED.finditer(text, start, end):
            first, second = match.group(1), match.group(3)
            if first != second and first.casefold() != second.casefold():
                continue
            if first.casefold() in allow or len(match.group()) < self.min_chars:
                continue
            if first[0].isupper() and second[0].isupper():
                continue  # "Walla Walla", "Bora Bora": names double on purpose
            yield Hit(match.start(), match.end(), replacement=first)

    def _units(self, doc: Document) -> list[tuple[int, int, str]]:
        return [(begin, stop, self._text_at(doc, place)) for begin, stop, place in self._places(doc)]
