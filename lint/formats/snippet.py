"""A source line and a caret line under a span, aligned as a terminal will show them.

Finding columns count code points; a terminal counts cells. So each character is laid out
once: tabs expand to the next multiple of ``TAB_SIZE``, East Asian wide characters take two
cells, combining marks none, and invisible or control characters (which could also move
the cursor or reorder text) are shown as ``<U+XXXX>``. The caret line is built from the
same layout, so both lines always agree. News paragraphs run to hundreds of characters, so
a long line is cut to a window around the span, marked with an ellipsis.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate
from typing import Sequence

TAB_SIZE = 8
WIDTH = 100
LEFT_CONTEXT = 32
ELLIPSIS = "…"
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def cell(char: str, at: int) -> tuple[str, int]:
    """How ``char`` is drawn when it starts at cell ``at``: the text shown and its width."""
    if char == "\t":
        width = TAB_SIZE - at % TAB_SIZE
        return " " * width, width
    category = unicodedata.category(char)
    if category in _HIDDEN_CATEGORIES:
        shown = f"<U+{ord(char):04X}>"
        return shown, len(shown)
    if category in ("Mn", "Me"):
        return char, 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return char, 2
    return char, 1


# Characters that are certainly one cell wide and visible: printable Latin, Greek,
# Cyrillic and the common punctuation (curly quotes, dashes). A line made only of them
# needs no per-character layout, which matters for paragraphs of hundreds of characters.
SIMPLE_RANGES = (
    (0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x391, 0x3A1), (0x3A3, 0x3FF),
    (0x400, 0x482), (0x48A, 0x52F), (0x2010, 0x2027), (0x2030, 0x205E), (0x20A0, 0x20BF),
)
_NOT_SIMPLE = re.compile("[^" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in SIMPLE_RANGES) + "]")


@lru_cache(maxsize=16)
def layout(line: str) -> tuple[tuple[str, ...] | str, Sequence[int]]:
    """Each character's shown text, and the cell where character i starts (plus the end).

    Cached: a long line with thousands of findings is laid out once, not once a finding
    (which made the full report quadratic in the line's length).
    """
    if _NOT_SIMPLE.search(line) is None:
        return line, range(len(line) + 1)
    # Only the characters that are not simple are laid out one by one; character i starts
    # at cell i plus what the wider (or narrower) ones before it added.
    shown = list(line)
    widths = [1] * len(line)
    extra = 0
    for found in _NOT_SIMPLE.finditer(line):
        at = found.start()
        shown[at], widths[at] = cell(line[at], at + extra)
        extra += widths[at] - 1
    return tuple(shown), tuple(accumulate(widths, initial=0))


def excerpt(line: str, start: int, end: int, width: int = WIDTH) -> tuple[str, str]:
    """The line as shown and the caret line under characters ``start:end`` (0-based).

    The span is clipped to the line; an empty span (or one at the end of the line) still
    gets one caret, so a zero-width finding is visible.
    """
    shown, starts = layout(line)
    start = min(max(start, 0), len(line))
    end = min(max(end, start), len(line))
    span_from, span_to = starts[start], max(starts[end], starts[start] + 1)
    total = starts[-1]
    first, last = 0, len(line)
    if total > width:
        # Up to LEFT_CONTEXT cells before the span, but no empty room after the line's end
        # (one cell goes to the leading ellipsis), and the span's end in view if it fits.
        window_from = max(0, min(span_from - LEFT_CONTEXT, total - width + 1))
        window_from = min(span_from, max(window_from, span_to - width + 2))
        first = bisect_left(starts, window_from, 0, len(line))
        budget = width - (1 if first else 0)
        if total - starts[first] > budget:
            budget -= 1
            last = bisect_right(starts, starts[first] + budget, first, len(line) + 1) - 1
    left = ELLIPSIS if first else ""
    right = ELLIPSIS if last < len(line) else ""
    text = left + "".join(shown[first:last]) + right
    origin = starts[first] - len(left)
    visible = starts[last] - origin + len(right)
    caret_from = span_from - origin
    caret_to = min(span_to - origin, max(visible, caret_from + 1))
    return text, " " * caret_from + "^" * (caret_to - caret_from)
