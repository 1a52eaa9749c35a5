"""Which lines of a document a line-wise rule can hit, from its evidence patterns.

A rule's evidence patterns (``plan.conjuncts``) are supersets of its regex, and the ones
``plan.located`` returns match wherever one of its hits starts. So a hit's start lies in
one of RE2's non-overlapping matches of such a pattern (or is where one starts): a line
that none of them touches holds no hit. Every other such pattern must also match from
somewhere on the hit's line, which one search from the line's start tells. The lines
found are a superset: the rule still decides every hit itself.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Any

from .plan import active, located, quiet_compile

_COMPILED: dict[str, Any] = {}
_MAX_MEM = 64 << 20  # per pattern: a budget, not an allocation; under 64 MB the long written-out classes overflow the DFA cache on large texts and RE2 falls back to a far slower engine
_STARTS = "utf8-line-starts"  # Document.cache key: byte offset of each line's start


def _compiled(pattern: str):
    found = _COMPILED.get(pattern, False)
    if found is False:
        try:
            found = quiet_compile(pattern.encode("utf-8"), _MAX_MEM)
        except Exception as exc:  # re2.error: too large for its memory budget, say
            if type(exc).__name__ != "error":
                raise
            found = None
        if len(_COMPILED) > 512:
            _COMPILED.clear()
        _COMPILED[pattern] = found
    return found


def line_starts(data: bytes) -> list[int]:
    """Byte offset of the start of each line of ``data`` (lines end at ``\\n``)."""
    starts = [0]
    find = data.find
    index = find(b"\n")
    while index >= 0:
        starts.append(index + 1)
        index = find(b"\n", index + 1)
    return starts


def touched(data: bytes, compiled, starts: list[int]) -> set[int]:
    """0-based indices of the lines that RE2's matches of ``compiled`` in ``data`` touch."""
    lines: set[int] = set()
    for match in compiled.finditer(data):
        begin, end = match.span()
        first = bisect_right(starts, begin) - 1
        lines.update(range(first, bisect_right(starts, max(end - 1, begin))))
    return lines


def reaches(data: bytes, compiled, starts: list[int], line: int) -> bool:
    """Whether ``compiled`` matches within ``line``: a line-wise rule's regex runs on the
    line alone (its end is the text's end), so each of its rewrites matches there too."""
    stop = starts[line + 1] - 1 if line + 1 < len(starts) else len(data)
    return compiled.search(data, starts[line], stop) is not None


def candidate_lines(doc: Any, kind: Any) -> set[int] | None:
    """Lines of ``doc`` where ``kind`` may hit, or None: try every line.

    None unless the prefilter is in use in this process and the kind's evidence was
    derived (as it is for every rule of a screened run) and starts where its hits do.
    """
    if not active():
        return None
    compiled = [found for found in map(_compiled, located(kind)) if found is not None]
    data = doc.encoded
    if not compiled or data is None:
        return None
    starts = doc.cache.get(_STARTS)
    if starts is None:
        starts = doc.cache[_STARTS] = line_starts(data)
    lines = touched(data, compiled[0], starts)
    for other in compiled[1:]:
        lines = {line for line in lines if reaches(data, other, starts, line)}
    return lines
