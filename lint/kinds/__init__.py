"""The closed set of rule kinds. A rule pack chooses a kind by name and fills in its fields.

A kind is a small class: ``FIELDS`` declares the fields it accepts (the loader rejects any
other), ``FIX_ACTIONS`` the fix actions it supports, and ``find(doc, start, end)`` yields
``Hit`` spans inside the region [start, end). Kinds never print, never touch files and
never compute line/column: the engine does that.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Protocol

import regex

from ..document import Document


@dataclass(frozen=True, slots=True)
class Hit:
    """A matched span; ``replacement`` is the kind's proposed text for a 'replace' fix.

    ``fix_span``, when set, is the span whose lines a 'remove-lines' fix removes instead
    of the hit's own: residue that must go together with what anchors it (a caption
    with its credit, an appeal's paragraphs with their heading).
    """

    start: int
    end: int
    replacement: str | None = None
    detail: str | None = None
    fix_span: tuple[int, int] | None = None


class LazyRegex:
    """A compiled pattern that pickles as its source and compiles again on first use.

    Compiled rule packs are cached between runs; recompiling every regex at start-up
    would cost more than the cache saves, and most rules never run on a given article.
    """

    __slots__ = ("source", "flags", "engine", "_compiled")

    def __init__(self, source: str, flags: int = 0, engine: str = "regex", validate: bool = True) -> None:
        self.source, self.flags, self.engine = source, flags, engine
        self._compiled = self._compile() if validate else None

    def _compile(self):
        return (regex if self.engine == "regex" else re).compile(self.source, self.flags)

    @property
    def compiled(self):
        if self._compiled is None:
            self._compiled = self._compile()
        return self._compiled

    def __getstate__(self) -> tuple:
        return (self.source, self.flags, self.engine)

    def __setstate__(self, state: tuple) -> None:
        self.source, self.flags, self.engine = state
        self._compiled = None

    def __getattr__(self, name: str):  # search, match, finditer, fullmatch, pattern ...
        return getattr(self.compiled, name)


@dataclass(frozen=True, slots=True)
class Field:
    """Declared schema of one kind-specific field."""

    types: tuple[type, ...]
    required: bool = False
    default: Any = None
    doc: str = ""
    item: type | None = None


class Kind(Protocol):
    FIELDS: dict[str, Field]
    FIX_ACTIONS: tuple[str, ...]

    def find(self, doc: Document, start: int, end: int) -> Iterator[Hit]: ...


class RuleContext(Protocol):
    """What a kind may ask of the loader while it is being built."""

    def kind_of(self, rule_id: str) -> Any: ...


def registry() -> dict[str, Callable[..., Kind]]:
    from .adjacent import Adjacent
    from .block import Block
    from .ending import Ending
    from .layout import Layout
    from .mojibake import Mojibake
    from .pattern import Pattern
    from .phrases import Phrases
    from .repetition import Repetition

    return {
        "adjacent": Adjacent,
        "block": Block,
        "ending": Ending,
        "layout": Layout,
        "mojibake": Mojibake,
        "pattern": Pattern,
        "phrases": Phrases,
        "repetition": Repetition,
    }
