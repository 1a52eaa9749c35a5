"""Words and word n-gram shingles, hashed the same way in every run and on every machine.

Words are runs of ``\\w`` characters (what ``re`` calls word characters: letters, digits
and ``_``), casefolded, so punctuation, quote styles and line wrapping never hide a copy.
A text is tokenised in numpy: its code points are classified with a table, word edges
are where the class changes, and each word's hash is a polynomial of its casefolded code
points mod 2**64, read off prefix sums (stable, unlike ``hash()``). A text whose
casefolding changes its length (``ß`` to ``ss``) hashes its words one by one with the
same polynomial. Each n-gram of word hashes is combined into one 64-bit value. numpy is
imported only when reuse detection runs.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Sequence

_MULTIPLIER = 0x100000001B3
_MIX_1 = 0xFF51AFD7ED558CCD
_MIX_2 = 0xC4CEB9FE1A85EC53
_BASE = 0x9E3779B97F4A7C15 | 1  # odd, so it has an inverse mod 2**64
_MASK = (1 << 64) - 1
_BMP = 0x10000


@functools.lru_cache(maxsize=1)
def _word_table() -> Any:
    """Whether each Basic Multilingual Plane code point is a word character."""
    import numpy as np

    return np.array([chr(c).isalnum() or c == 95 for c in range(_BMP)], dtype=bool)


@functools.lru_cache(maxsize=1)
def _powers(size: int) -> tuple[Any, Any]:
    """_BASE**k and its inverse**k mod 2**64 for k < size."""
    import numpy as np

    inverse = pow(_BASE, -1, 1 << 64)
    up, down = np.full(size, _BASE, dtype=np.uint64), np.full(size, inverse, dtype=np.uint64)
    up[0] = down[0] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(up, dtype=np.uint64), np.cumprod(down, dtype=np.uint64)


_FEWEST_POWERS = 1 << 18  # one table serves every batch of texts (``scan_many``) and most single texts


def _powers_for(length: int) -> tuple[Any, Any]:
    """Powers for a text of ``length`` code points: the table of one size for all but long
    texts, so the cached table is not rebuilt as lengths vary."""
    return _powers(max(1 << (length + 1).bit_length(), _FEWEST_POWERS))


def _code_points(text: str) -> Any:
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def word_hash(word: str) -> int:
    """The hash of one word: what ``tokens`` gives it."""
    value, power = 0, 1
    for char in word.casefold():
        value = (value + ord(char) * power) & _MASK
        power = (power * _BASE) & _MASK
    return value


def _scan(text: str) -> tuple[Any, Any, Any, list[int]]:
    """Word starts, ends, hashes and paragraph breaks (see ``Words``) of ``text``, in numpy."""
    folded = _casefold(text)
    return _scan_joined(text, folded if len(folded) == len(text) else None)


def _casefold(text: str) -> str:
    """``text.casefold()``; for ASCII text the same as the quicker ``lower``."""
    return text.lower() if text.isascii() else text.casefold()


def _scan_joined(text: str, folded: str | None) -> tuple[Any, Any, Any, list[int]]:
    """``_scan`` of ``text`` whose casefolded form (of the same length) is ``folded``; with
    None for ``folded``, every word is hashed on its own."""
    import numpy as np

    points = _code_points(text)
    if not len(points):
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0, dtype=np.uint64), []
    table = _word_table()
    low = points < _BMP
    if low.all():
        inside = table[points]
    else:
        inside = np.zeros(len(points), dtype=bool)
        inside[low] = table[points[low]]
        high = np.flatnonzero(~low)
        inside[high] = [chr(c).isalnum() for c in points[high].tolist()]
    padded = np.zeros(len(points) + 2, dtype=bool)
    padded[1:-1] = inside
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    starts, ends = edges[0::2], edges[1::2]
    if folded is None:
        hashes = np.array([word_hash(text[a:b]) for a, b in zip(starts.tolist(), ends.tolist())], dtype=np.uint64)
    else:
        up, down = _powers_for(len(points) + 1)
        with np.errstate(over="ignore"):
            terms = _code_points(folded).astype(np.uint64) * up[:len(points)]
            prefix = np.zeros(len(points) + 1, dtype=np.uint64)
            np.cumsum(terms, dtype=np.uint64, out=prefix[1:])
            hashes = (prefix[ends] - prefix[starts]) * down[starts]
    return starts, ends, hashes, _breaks(text, starts)


_SEPARATOR = "\x00"  # between texts scanned together: no word character, no space, so no word or blank line spans two


@dataclass(frozen=True, slots=True)
class Scanned:
    """The words of many texts, found in one numpy pass over them joined: ``hashes`` of all
    words in text order, ``first[n]`` the index of text ``n``'s first word (``first[-1]`` is
    the word count), and per text its word offsets and paragraph breaks."""

    hashes: Any
    first: Any
    starts: Any
    ends: Any
    bases: Any
    breaks: list[list[int]]

    def __len__(self) -> int:
        return len(self.breaks)

    def words(self, number: int) -> "Words":
        """Text ``number``'s words, as ``words_of`` gives them."""
        low, high = int(self.first[number]), int(self.first[number + 1])
        base = int(self.bases[number])
        return Words(self.starts[low:high] - base, self.ends[low:high] - base, self.hashes[low:high], self.breaks[number])


def scan_many(texts: Sequence[str]) -> Scanned:
    """The words of every text, as ``words_of`` finds them one text at a time, in one pass.

    A text whose casefolding changes its length has its words hashed one by one (as
    ``_scan`` does), inside the same pass.
    """
    import numpy as np

    folds = [_casefold(text) for text in texts]
    odd = [n for n, (text, folded) in enumerate(zip(texts, folds)) if len(folded) != len(text)]
    for number in odd:
        folds[number] = texts[number]
    joined = _SEPARATOR.join(texts)
    starts, ends, hashes, breaks = _scan_joined(joined, _SEPARATOR.join(folds))
    sizes = np.fromiter((len(text) + 1 for text in texts), dtype=np.int64, count=len(texts))
    bases = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    first = np.concatenate((np.searchsorted(starts, bases), [len(starts)])).astype(np.int64)
    for number in odd:
        low, high = int(first[number]), int(first[number + 1])
        hashes[low:high] = [word_hash(joined[a:b]) for a, b in zip(starts[low:high].tolist(), ends[low:high].tolist())]
    at = np.asarray(breaks, dtype=np.int64)
    owner = np.searchsorted(first, at, side="right") - 1
    relative = at - first[owner]
    keep = (relative > 0) & (relative < first[owner + 1] - first[owner])
    per_text: list[list[int]] = [[] for _ in texts]
    for number, word in zip(owner[keep].tolist(), relative[keep].tolist()):
        per_text[number].append(word)
    return Scanned(hashes, first, starts, ends, bases, per_text)


_BLANK_LINE = re.compile(r"\n(?=[^\S\n]*\n)")  # a newline that ends a line and opens a blank one


def _breaks(text: str, starts: Any) -> list[int]:
    """Indices of the words that open a paragraph after the first (each once): the first
    word after two newlines with only spaces between them. (``re``'s ``\\s`` is
    ``str.isspace``; the first word after the first of the two newlines is the one.)"""
    import numpy as np

    if not len(starts):
        return []
    after = np.fromiter((match.end() for match in _BLANK_LINE.finditer(text)), dtype=np.int64)
    if not len(after):
        return []
    found = np.unique(np.searchsorted(starts, after))
    return found[(found > 0) & (found < len(starts))].tolist()


def tokens(text: str) -> tuple[Any, Any, Any]:
    """Start and end offsets (int64 arrays) and hashes (uint64) of the words of ``text``."""
    starts, ends, hashes, _ = _scan(text)
    return starts, ends, hashes


@dataclass(frozen=True, slots=True)
class Words:
    """A text's words: where each starts and ends (character offsets, int64 arrays), their
    hashes, and ``breaks``, the indices of the words that open a paragraph after the first."""

    starts: Any
    ends: Any
    hashes: Any
    breaks: list[int]

    def __len__(self) -> int:
        return len(self.hashes)


def words_of(text: str) -> Words:
    """The words of ``text`` (see ``Words``)."""
    return Words(*_scan(text))


def shingles(hashes: Sequence[int], size: int) -> Any:
    """64-bit hashes of every run of ``size`` consecutive words (uint64 array, one per start)."""
    import numpy as np

    words = np.asarray(hashes, dtype=np.uint64)
    count = len(words) - size + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    value = words[:count].copy()
    for offset in range(1, size):
        value = value * np.uint64(_MULTIPLIER) + words[offset:offset + count]
    value ^= value >> np.uint64(33)
    value *= np.uint64(_MIX_1)
    value ^= value >> np.uint64(33)
    value *= np.uint64(_MIX_2)
    value ^= value >> np.uint64(33)
    return value


def unit_ranges(text: str, size: int, min_words: int, max_words: int, window: int) -> tuple[Any, list[int], list[int]]:
    """The paragraph units of ``text``, the units reuse candidates are found by: the
    text's 32-bit shingle hashes (a uint64 array) and each unit's [start, stop) in it.

    A paragraph (lines between blank lines) of fewer than ``min_words`` words is too short
    to tell copying from coincidence and is left out; one of more than ``max_words`` is cut
    into overlapping windows of ``window`` words, so a text without blank lines still gets
    units small enough for one shared passage to stand out. Units never span two paragraphs.
    """
    import numpy as np

    _, _, hashes, breaks = _scan(text)
    starts, stops = paragraph_units(len(hashes), breaks, size, min_words, max_words, window)
    return shingles(hashes, size) >> np.uint64(32), starts, stops


def paragraph_units(words: int, breaks: Sequence[int], size: int, min_words: int, max_words: int,
                    window: int) -> tuple[list[int], list[int]]:
    """The [start, stop) shingle ranges of the units of a text of ``words`` words whose
    paragraphs open at ``breaks`` (see ``unit_ranges``)."""
    bounds = [0, *breaks, words]
    starts: list[int] = []
    stops: list[int] = []
    step = max(window - size + 1, 1)
    for begin, end in zip(bounds[:-1], bounds[1:]):
        if end - begin < max(min_words, size):
            continue
        if end - begin <= max_words:
            pieces = [begin]
            width = end - begin
        else:
            pieces = list(range(begin, end - window + 1, step))
            if pieces[-1] + window < end:
                pieces.append(end - window)
            width = window
        for start in pieces:
            starts.append(start)
            stops.append(start + width - size + 1)
    return starts, stops


def unit_shingles(text: str, size: int, min_words: int, max_words: int, window: int) -> list[list[int]]:
    """The distinct 32-bit shingle hashes of each paragraph unit (see ``unit_ranges``)."""
    import numpy as np

    values, starts, stops = unit_ranges(text, size, min_words, max_words, window)
    return [np.unique(values[start:stop]).tolist() for start, stop in zip(starts, stops)]
