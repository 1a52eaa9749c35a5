"""The page's records from a run: findings (as ``Item``), the texts that were read, and
whatever provenance and template results the run has.

Caps keep a page of any batch small: the ``SHOWN_FILES`` files with most residue open
to their text (each cut at ``SHOWN_LINES`` lines), the table of worst files lists
``LISTED_FILES``, the source table ``LISTED_SOURCES``; the page says what it left out.
"""
from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from ..finding import SEVERITIES, SEVERITY_RANK, Finding
from .clusters import from_links, link_of
from .credits import Credits, agencies_of, chosen_paths, read_many
from .marks import fix_diff, mark_lines
from .model import Batch, Cluster, Edit, FileRow, Item, RuleRow, ShownFile, SourceRow, TemplateLine, Totals

SHOWN_FILES = 40
SHOWN_LINES = 300
LISTED_FILES = 300
LISTED_SOURCES = 200
RESIDUE = frozenset({"warning", "error"})
NOT_RESIDUE_PACKS = frozenset({"provenance", "wirelint"})  # reuse is shown under provenance; run notes are no residue


def is_residue(item: Item) -> bool:
    """Residue: a warning or error of the text packs (not a note, not a reuse finding)."""
    return item.severity in RESIDUE and item.pack not in NOT_RESIDUE_PACKS


def item_of(record: Mapping | Finding) -> Item:
    """A finding, or its JSON object (``--format json``, corpus finding lines), as an Item."""
    if isinstance(record, Finding):
        from ..formats.records import finding_to_dict

        record = finding_to_dict(record)
    fix = record.get("fix") or None
    return Item(
        str(record["path"]), str(record["rule"]), str(record["severity"]), str(record.get("message", "")),
        int(record["line"]), int(record["column"]), int(record["end_line"]), int(record["end_column"]),
        fix["applicability"] if fix else None,
        tuple(Edit(int(e["line"]), int(e["column"]), int(e["end_line"]), int(e["end_column"]), str(e["content"]))
              for e in (fix["edits"] if fix else ())),
    )


def source_of(path: str) -> str:
    """A file's folder, or the JSONL file of a corpus record (``file.jsonl#id``)."""
    if "#" in path and ".jsonl#" in path:
        return path.split(".jsonl#", 1)[0] + ".jsonl"
    return os.path.dirname(path) or "."


def line_count(lines: Sequence[str]) -> int:
    """Lines of a text split on ``\\n``: a final newline does not start another line."""
    return len(lines) - 1 if lines and lines[-1] == "" else len(lines)


def flagged_lines(items: Iterable[Item]) -> int:
    """Distinct lines that residue findings cover (a span ending at column 1 stops before)."""
    covered: set[int] = set()
    for item in items:
        if is_residue(item):
            last = item.end_line - 1 if item.end_column == 1 and item.end_line > item.line else item.end_line
            covered.update(range(item.line, last + 1))
    return len(covered)


def removed_lines(items: Iterable[Item]) -> int:
    """Whole lines the safe fixes delete (edits from column 1 to column 1 of a later line)."""
    removed: set[int] = set()
    for item in items:
        if item.fix_applicability == "safe":
            for e in item.edits:
                if not e.content and e.column == 1 and e.end_column == 1 and e.end_line > e.line:
                    removed.update(range(e.line, e.end_line))
    return len(removed)


@dataclass
class Inputs:
    """What a run hands the page. ``texts`` maps a path to its lines (split on ``\\n``);
    ``paths`` lists every checked file, clean ones too; ``pairs`` are reuse pairs (JSON
    shape), ``clusters`` ready-made clusters; ``sources`` each file's source when the run
    knows it (a ``--source-key`` field), else folders or the outlets the texts name; ``None`` means not computed; ``unlisted`` counts checked files known only by number."""

    items: list[Item]
    paths: Sequence[str]
    texts: Mapping[str, Sequence[str]] = field(default_factory=dict)
    pairs: Sequence[Mapping] | None = None
    clusters: Sequence[Cluster] | None = None
    templates: Sequence[TemplateLine] | None = None
    credits: Mapping[str, Credits] | None = None
    sources: Mapping[str, str] | None = None
    title: str = "wirelint report"
    tool_version: str = ""
    files_note: str = ""
    lines_known: bool = True
    unlisted: int = 0
    notes: tuple[str, ...] = ()


def _rule_rows(items: Sequence[Item]) -> tuple[RuleRow, ...]:
    grouped: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        grouped[item.rule].append(item)
    rows = [
        RuleRow(
            rule, found[0].pack, max((i.severity for i in found), key=lambda s: SEVERITY_RANK.get(s, -1)),
            len(found), len({i.path for i in found}),
            sum(i.fix_applicability == "safe" for i in found), sum(i.fix_applicability == "unsafe" for i in found),
        )
        for rule, found in grouped.items()
    ]
    return tuple(sorted(rows, key=lambda r: (-r.count, r.rule)))


def _file_rows(inputs: Inputs, by_path: Mapping[str, list[Item]], source: Mapping[str, str]) -> list[FileRow]:
    rows = []
    for path in dict.fromkeys([*inputs.paths, *by_path]):
        found = by_path.get(path, [])
        lines = inputs.texts.get(path)
        counts = Counter(i.rule for i in found if is_residue(i)) or Counter(i.rule for i in found)
        rows.append(FileRow(
            path, source[path], line_count(lines) if lines is not None else None, len(found),
            sum(is_residue(i) for i in found), flagged_lines(found), removed_lines(found),
            counts.most_common(1)[0][0] if counts else "",
        ))
    return rows


def _source_rows(rows: Sequence[FileRow]) -> list[SourceRow]:
    grouped: dict[str, list[FileRow]] = defaultdict(list)
    for row in rows:
        grouped[row.source].append(row)
    result = []
    for name, members in grouped.items():
        known = [r.lines for r in members if r.lines is not None]
        result.append(SourceRow(
            name, len(members), sum(known) if len(known) == len(members) else None,
            sum(r.findings for r in members), sum(r.residue for r in members), sum(r.flagged_lines for r in members),
        ))
    return sorted(result, key=lambda s: (-(s.per_thousand or 0), -s.residue, s.source))


def _sources(inputs: Inputs, paths: Sequence[str], credits: Mapping[str, Credits] | None) -> tuple[str, dict[str, str]]:
    """What "source" means for this batch, and each file's source."""
    if inputs.sources is not None:
        return "source the run gave each file", {path: inputs.sources.get(path, "(none)") for path in paths}
    folders = {path: source_of(path) for path in paths}
    if len(set(folders.values())) > 1 or not credits:
        return ("JSONL file" if any(".jsonl#" in p for p in paths) else "folder"), folders
    named = {path: (credits[path].named_source if path in credits else None) or "(none named)" for path in paths}
    return "outlet or agency named in the text", named


def _shown(rows: Sequence[FileRow], by_path: Mapping[str, list[Item]], texts: Mapping[str, Sequence[str]]) -> tuple[ShownFile, ...]:
    from ..formats.describe import describe_fix

    shown = []
    for row in rows:
        if len(shown) >= SHOWN_FILES or not row.findings:
            break
        lines = texts.get(row.path)
        if lines is None:
            continue
        items = sorted(by_path.get(row.path, []), key=lambda i: (i.line, i.column, i.rule))
        marked, cut = mark_lines(list(lines), items, SHOWN_LINES)
        fixes = tuple(
            f"{i.fix_applicability} fix: {describe_fix(_fix_of(i))}" if i.fix_applicability else "" for i in items
        )
        shown.append(ShownFile(row, marked, tuple(items), fixes, fix_diff(list(lines), items), cut))
    return tuple(shown)


def _fix_of(item: Item):
    from ..finding import Edit as TextEdit, Fix

    return Fix(item.fix_applicability or "safe", tuple(
        TextEdit(0, 0, e.content, e.line, e.column, e.end_line, e.end_column) for e in item.edits))


def build_batch(inputs: Inputs) -> Batch:
    """The page's records; opens no file, so a saved run and a live run give the same page."""
    by_path: dict[str, list[Item]] = defaultdict(list)
    for item in inputs.items:
        by_path[item.path].append(item)
    paths = list(dict.fromkeys([*inputs.paths, *by_path]))
    credits, counted = _credits(inputs, paths)
    sampled = len(counted) < len(inputs.texts)
    source_kind, source = _sources(inputs, paths, None if sampled else credits)
    rows = sorted(_file_rows(inputs, by_path, source), key=lambda r: (-r.residue, -r.findings, r.path))
    sources = _source_rows(rows)
    severity = Counter(i.severity for i in inputs.items)
    known_lines = [r.lines for r in rows if r.lines is not None]
    all_lines = sum(known_lines) if inputs.lines_known and len(known_lines) == len(rows) else None
    totals = Totals(
        len(rows) + inputs.unlisted, inputs.files_note, all_lines, len(inputs.items), {s: severity[s] for s in reversed(SEVERITIES)},
        sum(r.residue > 0 for r in rows), sum(r.removed_lines for r in rows),
    )
    clusters, note = _clusters(inputs, credits)
    return Batch(
        inputs.title, inputs.tool_version, totals, _rule_rows(inputs.items), source_kind,
        tuple(sources[:LISTED_SOURCES]), tuple(r for r in rows[:LISTED_FILES] if r.findings),
        _shown(rows, by_path, inputs.texts), clusters, note,
        agencies_of(credits[path] for path in counted) if credits else None,
        tuple(inputs.templates) if inputs.templates is not None else None,
        inputs.notes, max(sum(1 for r in rows if r.findings) - LISTED_FILES, 0), max(len(sources) - LISTED_SOURCES, 0),
        f"in an even sample of {len(counted):,} of the {len(inputs.texts):,} texts" if sampled else "",
    )


def _credits(inputs: Inputs, paths: Sequence[str]) -> tuple[Mapping[str, Credits], list[str]]:
    """The credits the page needs, and the texts whose credits the batch's counts use."""
    if inputs.credits is not None or not inputs.texts:
        return inputs.credits or {}, list(inputs.credits or ())
    members = [name for pair in inputs.pairs or () for name in (pair["a"], pair["b"])]
    counted, besides = chosen_paths([p for p in paths if p in inputs.texts], members)
    return read_many(inputs.texts, [*counted, *besides]), counted


def _clusters(inputs: Inputs, credits: Mapping[str, Credits] | None) -> tuple[tuple[Cluster, ...] | None, str]:
    if inputs.clusters is not None:
        return tuple(inputs.clusters), "clusters as the run computed them"
    if inputs.pairs is None:
        return None, ""
    credited = {path: c.credited for path, c in (credits or {}).items()}
    found = from_links((link_of(pair) for pair in inputs.pairs), credited)
    return tuple(found), "clusters joined from the run's reuse pairs; the representative is the credited member sharing the most words, else the member sharing the most"
