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


def sorted_index(a: Any) -> tuple[Any, Any]:
    """``a``'s stable sort order and sorted values, for ``shared_passages`` (computed once
    per text when one text is compared with several)."""
    import numpy as np

    order = np.argsort(a, kind="stable")
    return order, a[order]


def _runs(a: Any, b: Any, index: tuple[Any, Any] | None = None) -> list[tuple[int, int, int]]:
    """Maximal runs (b_first, b_last, a - b) of consecutive shingles shared on one diagonal.

    A shingle of b is matched with the first ``_MAX_REPEATS`` places of the same shingle
    in a, all in numpy: a sorted once, each b shingle looked up by binary search.
    """
    import numpy as np

    if not len(a) or not len(b):
        return []
    order, ordered = index if index is not None else sorted_index(a)
    low = np.searchsorted(ordered, b, side="left")
    if not (ordered[1:] == ordered[:-1]).any():  # each shingle once in a: at most one place each
        j = np.flatnonzero(ordered[np.minimum(low, len(ordered) - 1)] == b)
        if not len(j):
            return []
        i = order[low[j]]
    else:
        count = np.minimum(np.searchsorted(ordered, b, side="right") - low, _MAX_REPEATS)
        total = int(count.sum())
        if not total:
            return []
        j = np.repeat(np.arange(len(b)), count)
        within = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
        i = order[low[j] + within]
    total = len(j)
    diagonal = i - j
    sort = np.argsort(diagonal, kind="stable")  # j is ascending already: by diagonal, then j
    diagonal, j = diagonal[sort], j[sort]
    opens = np.flatnonzero(np.concatenate(([True], (diagonal[1:] != diagonal[:-1]) | (j[1:] != j[:-1] + 1))))
    closes = np.concatenate((opens[1:], [total])) - 1
    return list(zip(j[opens].tolist(), j[closes].tolist(), diagonal[opens].tolist()))


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
    a_breaks: Sequence[int] = (), b_breaks: Sequence[int] = (), a_index: tuple[Any, Any] | None = None,
) -> list[WordMatch]:
    """Passages of at least ``min_words`` words that shingle arrays ``a`` and ``b`` share.

    ``gap`` is how many shingles may be missing between two runs that still form one
    passage, ``shift`` how far the runs' diagonals may differ (words added or dropped);
    ``a_breaks``/``b_breaks`` are the word indices that open paragraphs; ``a_index`` is
    ``sorted_index(a)`` when the caller has it.
    """
    seeds = sorted((first, last, diagonal) for first, last, diagonal in _runs(a, b, a_index) if last > first)
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


def similarity(a: Any, b: Any, distinct: bool = False) -> float:
    """Jaccard similarity of the two texts' shingle sets (0 when either has none);
    ``distinct``: ``a`` and ``b`` are sorted distinct values already."""
    import numpy as np

    left, right = (a, b) if distinct else (np.unique(a), np.unique(b))
    if not left.size or not right.size:
        return 0.0
    places = np.minimum(np.searchsorted(right, left), right.size - 1)
    both = int(np.count_nonzero(right[places] == left))
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
