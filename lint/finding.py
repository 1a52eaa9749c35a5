"""The immutable records that flow from checks to fixes and formats."""
from __future__ import annotations

from .structs import dataclass

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
APPLICABILITIES = ("safe", "unsafe")


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] with content; positions are also given as 1-based line/column."""

    start: int
    end: int
    content: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Fix:
    applicability: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. Line and column are 1-based; end_column is exclusive.

    Columns count characters (code points) of the decoded text. ``start``/``end`` are the
    same span as character offsets into the decoded text, for tools that work on offsets.
    """

    path: str
    rule: str
    severity: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int
    fix: Fix | None = None
    record: str | None = None
