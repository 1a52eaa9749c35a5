"""Bounds on what a rule's regular expressions may cost: to compile, and to run on a document.

A pack's regex is untrusted input. Compiling ``(?:(?:a{1000}){1000}){1000}`` makes the
``regex`` module expand the counted repeats into gigabytes, so a pattern's expanded size
is estimated before it is compiled. Running one is bounded by a ``Budget``: one budget
per rule per document, shared by every regex the rule runs there (a heading pattern
tried on each line, a gate tried on the text and then on each line), so that a hostile
pattern cannot take a fresh second on each of thousands of lines.
"""
from __future__ import annotations

import re
import time
from typing import Any, Callable

import regex

from .programs import compile_regex, known
from .regexsource import skip_class, skip_escape, written_out

MAX_EXPANSION = 100_000  # items a compiled pattern may expand to; shipped rules stay below 2,000

_COUNTED = re.compile(r"\{(\d*)(?:,(\d*))?\}")
_GROUP_HEAD = re.compile(r"\((?:\?(?:P?<(?![=!])[^>]*>|<[=!]|[=!>|:]|[a-zA-Z^-]*:?))?")


class Budget:
    """Seconds of regex time that several regex runs draw from; only their own time counts.

    ``run`` passes what is left as the call's ``timeout`` and charges the time it took;
    once nothing is left it raises TimeoutError, which the engine reports as a
    rule-timeout. Work between the runs (ftfy on a gated line, building hits) is free.
    """

    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def run(self, method: Callable[..., Any], *args: Any) -> Any:
        """``method(*args, timeout=...)`` within what is left of the budget."""
        if self.seconds <= 0:
            raise TimeoutError("regex time budget spent")
        started = time.monotonic()
        try:
            return method(*args, timeout=self.seconds)
        finally:
            self.seconds -= time.monotonic() - started


def expansion(pattern: str) -> int:
    """An upper bound of how many items ``pattern`` expands to once counted repeats are unrolled.

    Every atom counts one; ``{m,n}`` multiplies the atom or group before it by its larger
    bound; alternatives add up. ``*``, ``+`` and ``?`` compile to loops and multiply nothing.
    """
    sums, last, index = [0], 0, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "{" and (counted := _COUNTED.match(pattern, index)):
            low, high = counted.group(1), counted.group(2)
            factor = max(int(low or 0), int(high) if high else 0, 1)
            sums[-1] += last * (factor - 1)
            last *= factor
            index = counted.end()
            continue
        if char == "(":
            if pattern.startswith("(?#", index):
                close = pattern.find(")", index)
                index = len(pattern) if close < 0 else close + 1
                continue
            sums.append(0)
            index = _GROUP_HEAD.match(pattern, index).end()
            continue
        if char == ")" and len(sums) > 1:
            last = sums.pop()
            sums[-1] += last
            index += 1
            continue
        if char == "\\":
            index = skip_escape(pattern, index)
        elif char == "[":
            index = skip_class(pattern, index)
        else:
            index += 1
        if char in "*+?|":
            continue
        last = 1
        sums[-1] += 1
    return sum(sums)


def compile_bounded(source: str, flags: int = 0, engine: str = "regex"):
    """Compile ``source`` unless counted repeats would expand it past MAX_EXPANSION; else ``regex.error``.

    Running out of memory while compiling is reported the same way, never as a crash. A
    pattern with a saved program compiled within these bounds before and is not measured again.
    A ``regex`` pattern that calls DEFINE groups is compiled with its calls written out
    (``regexsource.written_out``): the same matches, far faster.
    """
    if engine == "regex":
        faster = written_out(source, flags)
        if faster is not None:
            try:
                return _compile_within(faster, flags, engine)
            except regex.error:
                pass  # the calls' copies are too large: the pattern as written decides
    return _compile_within(source, flags, engine)


def _compile_within(source: str, flags: int, engine: str):
    if engine == "regex" and known(source, flags):
        return compile_regex(source, flags)
    size = expansion(source)
    if size > max(MAX_EXPANSION, 2 * len(source)):  # a long literal is long, not multiplied
        raise regex.error(
            f"its counted repeats would expand to about {size:,} items when compiled (at most {MAX_EXPANSION:,})"
        )
    try:
        return compile_regex(source, flags) if engine == "regex" else re.compile(source, flags)
    except MemoryError:
        raise regex.error("compiling it ran out of memory") from None
