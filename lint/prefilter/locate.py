"""Which lines of a document a line-wise rule can hit, from its evidence patterns.

A rule's evidence patterns (``plan.conjuncts``) are supersets of its regex that start
where it does. RE2 scans the text for each; a match of the rule starts inside one of the
non-overlapping RE2 matches (or at its start), so a line that no RE2 match touches holds
no hit and the rule need not run there. With several patterns a line must be touched by
all of them. The lines are a superset: the rule still decides every hit itself.
"""
from __future__ import annotations

from typing import Any

from .plan import quiet_compile, active, derived

_COMPILED: dict[str, Any] = {}


def _compiled(pattern: str):
    found = _COMPILED.get(pattern, False)
    if found is False:
        try:
            found = quiet_compile(pattern.encode("utf-8"))
        except Exception as exc:  # re2.error: too large for its memory budget, say
            if type(exc).__name__ != "error":
                raise
            found = None
        if len(_COMPILED) > 512:
            _COMPILED.clear()
        _COMPILED[pattern] = found
    return found


def touched(data: bytes, compiled) -> set[int]:
    """0-based indices of the lines that RE2's matches of ``compiled`` in ``data`` touch."""
    lines: set[int] = set()
    line = position = 0
    for match in compiled.finditer(data):
        start, end = match.span()
        line += data.count(b"\n", position, start)
        position = start
        last = line + data.count(b"\n", start, end - 1) if end > start else line
        lines.update(range(line, last + 1))
    return lines


def candidate_lines(doc: Any, kind: Any) -> set[int] | None:
    """Lines of ``doc`` where ``kind`` may hit, or None: try every line.

    None unless the prefilter is in use in this process and the kind's evidence was
    derived (as it is for every rule of a screened run).
    """
    if not active():
        return None
    patterns = derived(kind)
    data = doc.encoded
    if not patterns or data is None:
        return None
    found: set[int] | None = None
    for pattern in patterns:
        compiled = _compiled(pattern)
        if compiled is None:
            continue
        lines = touched(data, compiled)
        found = lines if found is None else found & lines
        if not found:
            break
    return found
