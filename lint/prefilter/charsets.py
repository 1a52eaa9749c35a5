"""Exact character sets of regex class atoms, written out for RE2.

RE2's ``\\w``, ``\\s``, ``\\d`` and ``\\b`` are ASCII-only and its case folding and Unicode
tables are its own, so a class is never copied across: the engine that runs the rule
(``regex`` or ``re``) is asked which characters of the Basic Multilingual Plane the atom
matches, and every character outside that plane is added. The RE2 class is then a
superset of the rule's class, which is all a prefilter may be: it may let through a
document the rule does not match, never hold back one it does.
"""
from __future__ import annotations

import functools
import re

import regex

_GAP_START, _GAP_END = 0xD800, 0xE000  # surrogates: not characters, never in decoded text
_ASTRAL = (0x10000, 0x10FFFF)


@functools.lru_cache(maxsize=1)
def _plane() -> tuple[str, list[int]]:
    """The BMP as one string (surrogates left out) and the code point at each index."""
    points = [c for c in range(0x10000) if not _GAP_START <= c < _GAP_END]
    return "".join(map(chr, points)), points


def _ranges(atom: str, flags: int, engine: str) -> list[tuple[int, int]]:
    plane, points = _plane()
    module = regex if engine == "regex" else re
    compiled = module.compile(f"(?:{atom})+", flags)
    ranges: list[tuple[int, int]] = []
    for match in compiled.finditer(plane):
        first, last = points[match.start()], points[match.end() - 1]
        if first < _GAP_START <= last:  # a run across the surrogate gap is two ranges
            ranges.append((first, _GAP_START - 1))
            first = _GAP_END
        ranges.append((first, last))
    return ranges


def _code(point: int) -> str:
    return f"\\x{{{point:X}}}"


def _coarse(ranges: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """At most ``limit`` ranges above ASCII, by filling the narrowest gaps: a superset.

    A class such as ``\\w`` has hundreds of ranges; written out in full, a few dozen of them
    would blow RE2's DFA memory. News text is mostly ASCII, where the class stays exact.
    """
    low = [r for r in ranges if r[1] < 0x80]
    high = [r for r in ranges if r[1] >= 0x80]
    if high and high[0][0] < 0x80:  # a range across the ASCII boundary
        first, last = high[0]
        low.append((first, 0x7F))
        high[0] = (0x80, last)
    if len(high) > limit:
        gaps = sorted(range(len(high) - 1), key=lambda i: high[i + 1][0] - high[i][1])
        fill = set(gaps[: len(high) - limit])
        merged = [high[0]]
        for i in range(1, len(high)):
            if i - 1 in fill:
                merged[-1] = (merged[-1][0], high[i][1])
            else:
                merged.append(high[i])
        high = merged
    return low + high


_HIGH_RANGES = 8


@functools.lru_cache(maxsize=None)
def charset(atom: str, flags: int = 0, engine: str = "regex", astral: bool = True) -> str:
    """An RE2 class matching every character ``atom`` (one class, escape or literal) can match.

    ``flags`` are the rule's own (case-insensitivity changes the set). ``astral=False`` is
    for a literal character: no case mapping crosses from one plane to another. Raises
    ValueError if the atom does not compile on its own.
    """
    try:
        ranges = _ranges(atom, flags, engine)
    except (regex.error, re.error) as exc:
        raise ValueError(f"class {atom!r} does not compile alone: {exc}") from None
    if astral:
        ranges.append(_ASTRAL)
    if not ranges:
        raise ValueError(f"class {atom!r} matches nothing")
    return _emit(_coarse(sorted(ranges), _HIGH_RANGES))


def _emit(ranges: list[tuple[int, int]]) -> str:
    merged: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return "[" + "".join(_code(a) if a == b else f"{_code(a)}-{_code(b)}" for a, b in merged) + "]"


@functools.lru_cache(maxsize=1)
def _fold_table() -> tuple[dict[str, list[int]], list[int]]:
    """Characters by their one-character casefold, and the characters that fold to several.

    Python's tables have no case mapping between planes, so the BMP is enough for a BMP
    target; an astral target is not handled (``folded_char`` raises).
    """
    _, points = _plane()
    inverse: dict[str, list[int]] = {}
    several = []
    for point in points:
        folded = chr(point).casefold()
        if len(folded) == 1:
            inverse.setdefault(folded, []).append(point)
        else:
            several.append(point)
    return inverse, several


def _class_of(points: list[int], astral: bool = False, limit: int | None = None) -> str:
    ranges = [(point, point) for point in points]
    if astral:
        ranges.append(_ASTRAL)
    merged = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return _emit(_coarse(merged, limit) if limit is not None else merged)


@functools.lru_cache(maxsize=None)
def folded_char(char: str) -> str:
    """An RE2 class of the characters whose casefold is exactly ``char``."""
    if len(char) != 1 or ord(char) >= 0x10000:
        raise ValueError(f"no fold class for {char!r}")
    points = _fold_table()[0].get(char, [])
    if not points:
        raise ValueError(f"no character folds to {char!r}")
    return _class_of(points)


@functools.lru_cache(maxsize=1)
def multi_fold() -> str:
    """The characters whose casefold is several characters (ß, ﬁ, İ, ...): rare in news text.

    Text with one of them is always a candidate for casefold-based evidence, which then
    only has to follow characters that fold one to one.
    """
    return _class_of(_fold_table()[1], astral=True)


@functools.lru_cache(maxsize=1)
def folded_gap() -> str:
    """Characters whose casefold is a ``fold_line`` separator (``[\\W_]``), coarsened above ASCII."""
    separator = regex.compile(r"[\W_]")
    inverse = _fold_table()[0]
    points = [p for folded, group in inverse.items() if separator.fullmatch(folded) for p in group]
    return _class_of(points, astral=True, limit=_HIGH_RANGES)
