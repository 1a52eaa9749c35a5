"""Words and word n-gram shingles, hashed the same way in every run and on every machine.

Words are runs of ``\\w`` characters, casefolded, so punctuation, quote styles and
line wrapping never hide a copy. Each word is hashed with CRC-32 (stable, unlike
``hash()``) and each n-gram of word hashes is combined into one 64-bit value with numpy.
numpy is imported only when reuse detection runs.
"""
from __future__ import annotations

import re
import zlib
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any, Sequence

_WORD = re.compile(r"\w+")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
_MULTIPLIER = 0x100000001B3
_MIX_1 = 0xFF51AFD7ED558CCD
_MIX_2 = 0xC4CEB9FE1A85EC53


def _hash(word: str) -> int:
    return zlib.crc32(word.casefold().encode("utf-8", "surrogatepass"))


def _hashes(words: list[str]) -> list[int]:
    """``_hash`` of each word, at C speed unless a word holds a lone surrogate."""
    try:
        return list(map(zlib.crc32, map(str.encode, map(str.casefold, words))))
    except UnicodeEncodeError:
        return list(map(_hash, words))


@dataclass(frozen=True, slots=True)
class Words:
    """A text's words: where each starts and ends (character offsets), their hashes, and
    ``breaks``, the indices of the words that open a paragraph after the first."""

    starts: list[int]
    ends: list[int]
    hashes: list[int]
    breaks: list[int]

    def __len__(self) -> int:
        return len(self.hashes)


def words_of(text: str) -> Words:
    starts, ends, words = [], [], []
    for match in _WORD.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
        words.append(match.group())
    hashes = _hashes(words)
    breaks: list[int] = []
    for match in _PARAGRAPH_BREAK.finditer(text):
        index = bisect_left(starts, match.end())
        if 0 < index < len(starts) and (not breaks or breaks[-1] != index):
            breaks.append(index)
    return Words(starts, ends, hashes, breaks)


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


def unit_shingles(text: str, size: int, min_words: int, max_words: int, window: int) -> list[list[int]]:
    """32-bit shingle hashes of each paragraph, the units reuse candidates are found by.

    A paragraph (lines between blank lines) of fewer than ``min_words`` words is too short
    to tell copying from coincidence and is left out; one of more than ``max_words`` is cut
    into overlapping windows of ``window`` words, so a text without blank lines still gets
    units small enough for one shared passage to stand out.
    """
    import numpy as np

    hashes: list[int] = []
    ranges: list[tuple[int, int]] = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        words = _WORD.findall(paragraph)
        if not words:
            continue
        begin = len(hashes)
        hashes.extend(_hashes(words))
        ranges.append((begin, len(hashes)))
    values = shingles(hashes, size) >> np.uint64(32)
    units: list[list[int]] = []
    step = max(window - size + 1, 1)
    for begin, end in ranges:
        if end - begin < max(min_words, size):
            continue
        if end - begin <= max_words:
            pieces = [(begin, end)]
        else:
            starts = list(range(begin, end - window + 1, step))
            if starts[-1] + window < end:
                starts.append(end - window)
            pieces = [(start, start + window) for start in starts]
        for start, stop in pieces:
            units.append(np.unique(values[start:stop - size + 1]).tolist())
    return units
