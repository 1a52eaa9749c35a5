"""The ``regex`` module's compiled programs, kept so that a run does not parse its patterns again.

``regex.compile`` parses a pattern in pure Python (0.5-10 ms for each shipped pattern: most
of a one-file run) and hands the program it built to its C engine. That program depends
only on the pattern, the flags and the ``regex`` version. ``compile_regex`` records it;
the rule cache saves the programs recorded while the packs loaded (``saved``) and the next
run gives them back (``restore``), so the C engine gets the very same program in
microseconds. The rule cache is keyed by the ``regex`` version, and a program the engine
refuses is only a slower compile, never a different pattern.

The program is the argument list of the engine's ``compile`` call inside ``regex``; there is
no public way to get it, so ``regex._main``'s reference to the engine is replaced for the
length of one compile by a recorder that passes every call through.
"""
from __future__ import annotations

import threading
from typing import Any

import regex
import regex._main as regex_main  # its ``_regex`` attribute is the C engine that compiles programs

_PROGRAMS: dict[tuple[str, int], tuple] = {}
_RECORDING = threading.Lock()


class _Recorder:
    """Stands in for the C engine during one compile and keeps the arguments of its compile call."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.program: tuple | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def compile(self, *program: Any) -> Any:
        self.program = program
        return self.engine.compile(*program)


def _from_program(source: str, program: tuple) -> Any:
    """The pattern the engine builds from a saved program, or None if it refuses it."""
    try:
        compiled = regex_main._regex.compile(*program)
    except Exception:  # another regex version's program layout: compile afresh
        return None
    return compiled if compiled.pattern == source else None


def compile_regex(source: str, flags: int = 0) -> Any:
    """``regex.compile(source, flags)``, from its saved program when there is one (and recording it when not)."""
    key = (source, int(flags))
    program = _PROGRAMS.get(key)
    if program is not None:
        compiled = _from_program(source, program)
        if compiled is not None:
            return compiled
        _PROGRAMS.pop(key, None)
    with _RECORDING:
        engine = regex_main._regex
        recorder = _Recorder(engine)
        regex_main._regex = recorder
        try:
            compiled = regex.compile(source, flags, cache_pattern=False)
        finally:
            regex_main._regex = engine
    if recorder.program is not None and recorder.program[0] == source:
        _PROGRAMS[key] = recorder.program
    return compiled


def known(source: str, flags: int = 0) -> bool:
    """Whether ``source`` with ``flags`` has a saved program (it compiled before, within bounds)."""
    return (source, int(flags)) in _PROGRAMS


def saved() -> dict[tuple[str, int], tuple]:
    """Every program recorded or restored in this process, for the rule cache."""
    return dict(_PROGRAMS)


def restore(programs: Any) -> None:
    """Take the programs of a rule cache (written by this user, for this ``regex`` version)."""
    if isinstance(programs, dict):
        for key, program in programs.items():
            if isinstance(key, tuple) and len(key) == 2 and isinstance(program, tuple) and program:
                _PROGRAMS.setdefault(key, program)
