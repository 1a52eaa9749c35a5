"""Exact confirmation of a candidate pair: the passages two texts share, as word ranges.

Shingles of one text that occur in the other are chained along diagonals (the same
offset between the two texts) into runs; runs close to each other in both texts are
merged, so a passage survives a changed, added or dropped word or two. Runs may cross
(paragraphs moved by an editor are still found), and passages shorter than the minimum
are dropped, so a shared stock phrase is not a copy.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any, Sequence

_MAX_REPEATS = 8
_LOOK_BACK = 4  # a stray match of a repeated phrase must not cut a passage in two


@dataclass(frozen=True, slots=True)
class WordMatch:
    """Words [a_start, a_end) of text A equal, up to small edits, words [b_start, b_end) of text B."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int

    @property
    def words(self) -> int:
        return min(self.a_end - self.a_start, self.b_end - self.b_start)


def _runs(a: Any, b: Any) -> list[tuple[int, int, int]]:
    """Maximal runs (b_first, b_last, a - b) of consecutive shingles shared on one diagonal."""
    import numpy as np

    shared = np.nonzero(np.isin(b, a))[0]
    if not shared.size:
        return []
    wanted = set(b[shared].tolist())
    positions: dict[int, list[int]] = {}
    for index, value in enumerate(a.tolist()):
        if value in wanted:
            spots = positions.setdefault(value, [])
            if len(spots) < _MAX_REPEATS:
                spots.append(index)
    b_values = b.tolist()
    pairs = sorted((i - j, j) for j in shared.tolist() for i in positions[b_values[j]])
    runs: list[list[int]] = []
    for diagonal, j in pairs:
        if runs and runs[-1][2] == diagonal and runs[-1][1] == j - 1:
            runs[-1][1] = j
        else:
            runs.append([j, j, diagonal])
    return [(first, last, diagonal) for first, last, diagonal in runs]


def _trim(start: int, end: int, breaks: Sequence[int], size: int) -> tuple[int, int]:
    """[start, end) without a head or tail of fewer than ``size`` words cut off by a paragraph
    break: two next paragraphs that merely open with the same word are not shared text."""
    low, high = bisect_right(breaks, start), bisect_left(breaks, end)
    inside = breaks[low:high]
    if inside and end - inside[-1] < size:
        end = inside[-1]
    if inside and inside[0] - start < size and inside[0] < end:
        start = inside[0]
    return start, end


def shared_passages(
    a: Any, b: Any, size: int, min_words: int, gap: int, shift: int,
    a_breaks: Sequence[int] = (), b_breaks: Sequence[int] = (),
) -> list[WordMatch]:
    """Passages of at least ``min_words`` words that shingle arrays ``a`` and ``b`` share.

    ``gap`` is how many shingles may be missing between two runs that still form one
    passage, ``shift`` how far the runs' diagonals may differ (words added or dropped);
    ``a_breaks``/``b_breaks`` are the word indices that open paragraphs.
    """
    seeds = sorted((first, last, diagonal) for first, last, diagonal in _runs(a, b) if last > first)
    merged: list[list[int]] = []  # [b_first, b_last, a_first, a_last] in shingle indices
    for first, last, diagonal in seeds:
        a_first, a_last = first + diagonal, last + diagonal
        for current in reversed(merged[-_LOOK_BACK:]):
            b_step, a_step = first - current[1], a_first - current[3]
            if b_step <= 0 and last <= current[1] and current[2] <= a_first and a_last <= current[3]:
                break
            if -size < b_step <= gap and -size < a_step <= gap and abs(a_step - b_step) <= shift:
                current[1] = max(current[1], last)
                current[2] = min(current[2], a_first)
                current[3] = max(current[3], a_last)
                break
        else:
            merged.append([first, last, a_first, a_last])
    found = [
        WordMatch(*_trim(a_first, a_last + size, a_breaks, size), *_trim(b_first, b_last + size, b_breaks, size))
        for b_first, b_last, a_first, a_last in merged
    ]
    return [match for match in found if match.words >= min_words]


def similarity(a: Any, b: Any) -> float:
    """Jaccard similarity of the two texts' shingle sets (0 when either has none)."""
    import numpy as np

    left, right = np.unique(a), np.unique(b)
    if not left.size or not right.size:
        return 0.0
    both = np.intersect1d(left, right, assume_unique=True).size
    return both / (left.size + right.size - both)


def coverage(ranges: Sequence[tuple[int, int]], words: int) -> float:
    """Share of ``words`` words inside the union of [start, end) ranges."""
    if not words:
        return 0.0
    covered, reach = 0, 0
    for start, end in sorted(ranges):
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return min(covered / words, 1.0)
