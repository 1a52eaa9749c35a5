"""The report's data: plain frozen records, everything the page shows and nothing else.

Built from a run (``build``) or from saved results (``saved``); rendered by ``page``. The
sections a run may not have computed are ``None`` and the page says "not computed":

- ``Batch.clusters``: groups of files that share text. Today they are derived from the
  reuse pairs of ``wirelint check``/``provenance``/``corpus check --reuse``; a run that
  computes clusters itself (members, representative, credited or not) passes them as
  they are (``saved.clusters_from_json`` reads the JSON shape).
- ``Batch.agencies``: agencies the texts credit (needs the texts).
- ``Batch.templates``: template lines learned from the batch (sample text, counts),
  read from a saved templates file (``saved.templates_from_json``).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Edit:
    """One edit of a fix, in 1-based line/column positions (end exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str


@dataclass(frozen=True, slots=True)
class Item:
    """One finding as the page shows it (the documented JSON finding shape)."""

    path: str
    rule: str
    severity: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    fix_applicability: str | None = None
    edits: tuple[Edit, ...] = ()

    @property
    def pack(self) -> str:
        return self.rule.split("/", 1)[0]


@dataclass(frozen=True, slots=True)
class FileRow:
    """One file's counts: its findings, the lines they flag and the lines a safe fix removes."""

    path: str
    source: str
    lines: int | None
    findings: int
    residue: int
    flagged_lines: int
    removed_lines: int
    top_rule: str


@dataclass(frozen=True, slots=True)
class RuleRow:
    rule: str
    pack: str
    severity: str
    count: int
    files: int
    safe: int
    unsafe: int


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A source (folder, JSONL file, or the outlet or agency a text names) and its residue."""

    source: str
    files: int
    lines: int | None
    findings: int
    residue: int
    flagged_lines: int

    @property
    def per_thousand(self) -> float | None:
        """Residue findings per 1,000 lines (per 1,000 files when lines were not counted)."""
        base = self.lines if self.lines else None
        if base is None:
            return 1000 * self.residue / self.files if self.files else None
        return 1000 * self.residue / base


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of one line's text: plain, or covered by findings (their numbers on the page);
    ``starts``: the findings whose span begins here (the page numbers them there)."""

    text: str
    severity: str | None = None
    notes: tuple[int, ...] = ()
    starts: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ShownLine:
    number: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class DiffLine:
    """A line of the unified diff the safe fixes make: ``kind`` is ``+``, ``-``, `` `` or ``@``;
    ``parts`` are (text, changed) runs, so a replaced character shows where it is."""

    kind: str
    parts: tuple[tuple[str, bool], ...]


@dataclass(frozen=True, slots=True)
class ShownFile:
    """A file opened on the page: its lines with findings marked, the findings, the fix diff."""

    row: FileRow
    lines: tuple[ShownLine, ...]
    items: tuple[Item, ...]
    fixes: tuple[str, ...]
    diff: tuple[DiffLine, ...]
    cut_lines: int = 0


@dataclass(frozen=True, slots=True)
class Member:
    path: str
    credited: bool | None


@dataclass(frozen=True, slots=True)
class Link:
    """Two members that share passages, and how many words they share."""

    a: str
    b: str
    words: int
    duplicate: bool = False


@dataclass(frozen=True, slots=True)
class Cluster:
    """Files that share text. ``representative``: the credited original if there is one."""

    number: int
    members: tuple[Member, ...]
    representative: str
    links: tuple[Link, ...]

    @property
    def credit(self) -> str:
        """``credited`` (every member credits its text), ``uncredited`` (none does), ``mixed``,
        or ``unknown`` (the texts were not read)."""
        known = [m.credited for m in self.members]
        if all(c is None for c in known):
            return "unknown"
        if all(c is True for c in known):
            return "credited"
        if all(c is False for c in known):
            return "uncredited"
        return "mixed"


@dataclass(frozen=True, slots=True)
class Agency:
    name: str
    kind: str
    files: int


@dataclass(frozen=True, slots=True)
class TemplateLine:
    sample: str
    articles: int
    source: str | None = None
    files: int | None = None


@dataclass(frozen=True, slots=True)
class Totals:
    files: int
    files_note: str
    lines: int | None
    findings: int
    severity: dict
    files_with_residue: int
    removed_lines: int | None


@dataclass(frozen=True, slots=True)
class Batch:
    """Everything one page shows."""

    title: str
    tool_version: str
    totals: Totals
    rules: tuple[RuleRow, ...]
    source_kind: str
    sources: tuple[SourceRow, ...]
    worst: tuple[FileRow, ...]
    shown: tuple[ShownFile, ...]
    clusters: tuple[Cluster, ...] | None = None
    clusters_note: str = ""
    agencies: tuple[Agency, ...] | None = None
    templates: tuple[TemplateLine, ...] | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    more_files: int = 0
    more_sources: int = 0
    agencies_note: str = ""
