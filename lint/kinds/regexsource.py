"""Reading a regex's source without compiling it: its classes and escapes, and its
subroutine calls written out in place.

The ``regex`` module runs a pattern that calls ``(?(DEFINE)...)`` groups with ``(?&name)``
many times slower than the same pattern with each call replaced by the group's body (28x
on the author-line rule: the calls keep its engine from optimising the pattern as a
whole). Calls to a DEFINE group backtrack like any group and use the flags of the group's
definition, so a call outside any scoped-flag group matches exactly what the group's body
written in its place matches. ``written_out`` does that rewrite where it can show it is
exact, and gives up (None) wherever it cannot.
"""
from __future__ import annotations

import re

import regex

_BRACED_ESCAPES = frozenset("pPNxuUgk")
_NAMED_GROUP = re.compile(r"\(\?(?:P<(\w+)>|<(\w+)>|'(\w+)')")
_CALL = re.compile(r"\(\?(?:&|P>)(\w+)\)")
_OTHER_CALL = re.compile(r"\(\?(?:R|[+-]?\d+)\)")
_NAMED_REFERENCE = re.compile(r"\(\?P=(\w+)\)|\\[gk]<(\w+)>|\(\?\((\w+)\)")
_SCOPED_FLAGS = re.compile(r"\(\?[a-zA-Z]*(?:-[a-zA-Z]+)?:")
_GLOBAL_FLAGS = re.compile(r"\(\?([a-zA-Z]+)\)")
_DEFINE = "(?(DEFINE)"
_MAX_GROWTH = 16  # a written-out pattern longer than this many times its source is not worth it


def skip_class(pattern: str, index: int) -> int:
    """Index just past the character class that opens at ``index`` (sets may nest)."""
    depth, index = 1, index + 1
    if pattern[index : index + 1] == "^":
        index += 1
    if pattern[index : index + 1] == "]":
        index += 1
    while index < len(pattern) and depth:
        char = pattern[index]
        if char == "\\":
            index += 1
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        index += 1
    return index


def skip_escape(pattern: str, index: int) -> int:
    """Index just past the escape at ``index``, braces and all (``\\p{Lu}``, ``\\N{...}``)."""
    if pattern[index + 1 : index + 2] in _BRACED_ESCAPES and pattern[index + 2 : index + 3] in ("{", "<"):
        close = pattern.find("}" if pattern[index + 2] == "{" else ">", index + 3)
        return len(pattern) if close < 0 else close + 1
    return index + 2


def _skip_flat_class(pattern: str, index: int) -> int:
    """Index just past a version-0 class: a ``[`` inside it is a literal, but for ``[:name:]``."""
    index += 1
    if pattern[index : index + 1] == "^":
        index += 1
    if pattern[index : index + 1] == "]":
        index += 1
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index = skip_escape(pattern, index)
            continue
        if pattern.startswith("[:", index):
            close = pattern.find(":]", index + 2)
            if close >= 0:
                index = close + 2
                continue
        index += 1
        if char == "]":
            return index
    raise ValueError("unclosed class")


class _Scan:
    """The pattern's groups and calls, read once: where each group opens and closes."""

    def __init__(self, source: str, verbose: bool) -> None:
        self.source = source
        self.groups: list[tuple[int, int, int]] = []  # (open, body start, close) of each group
        self.calls: list[tuple[int, int, str, int]] = []  # (start, end, name, scoped-flag depth)
        self.capturing: list[int] = []  # where each capturing group opens
        stack: list[tuple[int, int, bool]] = []  # (open, body start, scoped flags)
        index = 0
        while index < len(source):
            char = source[index]
            if char == "\\":
                index = skip_escape(source, index)
            elif char == "[":
                index = _skip_flat_class(source, index)
            elif char == "#" and verbose:
                newline = source.find("\n", index)
                index = len(source) if newline < 0 else newline + 1
            elif char == "(":
                index = self._open(index, stack)
            elif char == ")":
                if not stack:
                    raise ValueError("unbalanced")
                opened, body, _ = stack.pop()
                self.groups.append((opened, body, index))
                index += 1
            else:
                index += 1
        if stack:
            raise ValueError("unbalanced")

    def _open(self, index: int, stack: list[tuple[int, int, bool]]) -> int:
        source = self.source
        if source.startswith("(?#", index):
            close = source.find(")", index)
            if close < 0:
                raise ValueError("unclosed comment")
            return close + 1
        call = _CALL.match(source, index)
        if call:
            depth = sum(scoped for _, _, scoped in stack)
            self.calls.append((index, call.end(), call.group(1), depth))
            return call.end()
        if _OTHER_CALL.match(source, index):
            raise ValueError("numbered call or recursion")
        if source.startswith(_DEFINE, index):
            stack.append((index, index + len(_DEFINE), False))
            return index + len(_DEFINE)
        if source.startswith("(?(", index):
            raise ValueError("conditional group")
        scoped = _SCOPED_FLAGS.match(source, index)
        if scoped and scoped.end() - index > 3:  # "(?i:", not "(?:"
            stack.append((index, scoped.end(), True))
            return scoped.end()
        named = _NAMED_GROUP.match(source, index)
        if named or source[index + 1 : index + 2] != "?":
            self.capturing.append(index)
        head = named.end() if named else index + 1
        stack.append((index, head, False))
        return head


def _definitions(source: str, scan: _Scan, define: tuple[int, int, int], verbose: bool) -> dict[str, tuple[int, int]]:
    """Each DEFINE group's name and body span; ValueError unless the block holds only such groups."""

    def blank(between: str) -> bool:
        return not (re.sub(r"#[^\n]*", "", between) if verbose else between).strip()

    _, body, close = define
    inside, reached = [], body
    for group in sorted(group for group in scan.groups if body <= group[0] and group[2] < close):
        if group[0] >= reached:  # a group of the block itself, not one nested in a body
            inside.append(group)
            reached = group[2] + 1
    found: dict[str, tuple[int, int]] = {}
    index = body
    for group_open, group_body, group_close in inside:
        if not blank(source[index:group_open]):
            raise ValueError("DEFINE holds more than named groups")
        named = _NAMED_GROUP.match(source, group_open)
        if named is None:
            raise ValueError("DEFINE holds an unnamed group")
        found[next(name for name in named.groups() if name)] = (group_body, group_close)
        index = group_close + 1
    if not blank(source[index:close]):
        raise ValueError("DEFINE holds more than named groups")
    return found


def written_out(source: str, flags: int = 0) -> str | None:
    """``source`` with each call to a DEFINE group replaced by the group's body, and the
    DEFINE block dropped; None when there is nothing to write out or the result might
    not match exactly what ``source`` matches."""
    if _DEFINE not in source:
        return None
    inline_flags = "".join(_GLOBAL_FLAGS.findall(source))
    if flags & regex.VERSION1 or "V1" in inline_flags:
        return None
    verbose = bool(flags & regex.VERBOSE) or "x" in inline_flags
    try:
        scan = _Scan(source, verbose)
    except (ValueError, IndexError):
        return None
    defines = [group for group in scan.groups if source.startswith(_DEFINE, group[0])]
    if len(defines) != 1 or source[defines[0][2] + 1 :].strip():
        return None  # one DEFINE block, last in the pattern
    define = defines[0]
    try:
        bodies = _definitions(source, scan, define, verbose)
    except ValueError:
        return None
    in_define = [at for at in scan.capturing if define[0] < at < define[2]]
    if len(in_define) != len(bodies):
        return None  # a capturing group inside a body: its copies would renumber the groups
    if any(depth or name not in bodies for _, _, name, depth in scan.calls):
        return None  # a call inside scoped flags would take the call's flags, not the definition's
    if any(name in bodies for match in _NAMED_REFERENCE.finditer(source) for name in match.groups() if name):
        return None
    calls = sorted(scan.calls)
    written: dict[str, str] = {}

    def span(begin: int, end: int, seen: tuple[str, ...]) -> str:
        parts, index = [], begin
        for start, stop, name, _ in calls:
            if begin <= start and stop <= end:
                if name in seen:
                    raise RecursionError(name)
                parts.append(source[index:start])
                parts.append("(?:" + body_of(name, seen) + ")")
                index = stop
        parts.append(source[index:end])
        return "".join(parts)

    def body_of(name: str, seen: tuple[str, ...]) -> str:
        if name not in written:
            written[name] = span(*bodies[name], (*seen, name))
        return written[name]

    try:
        result = span(0, define[0], ())
    except RecursionError:
        return None
    if len(result) > _MAX_GROWTH * len(source):
        return None
    return result
