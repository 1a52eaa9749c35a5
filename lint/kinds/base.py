"""What every rule kind is built from: the hit it yields, its declared fields, its regexes."""
from __future__ import annotations

from ..structs import dataclass
from typing import Any, Iterator, Protocol

from ..document import Document
from .limits import compile_bounded


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
        return compile_bounded(self.source, self.flags, self.engine)

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
