"""Linting a sharded JSONL corpus on a Dask cluster, record for record as ``wirelint check
--jsonl`` does it on one machine.

Each slice is one task: it reads its bytes, checks (and with ``fix``, fixes) every record
with the same engine and rules as the single-process corpus mode, and writes the
findings (one JSON line each) and the fixed records of its shard. A shard cut into
several slices gets one more task that joins the slices' pieces in order. Every file is
written under a name fixed by its shard and slice, through a temporary file and a rename,
so a task the scheduler runs again after a worker died overwrites its own output: no
record is lost or written twice. Tasks return only counts.

The rules are resolved once by the caller (config, selection, severity overrides) and
shipped pickled; each worker process unpickles them once and keeps them.
"""
from __future__ import annotations

import hashlib
import json
import pickle
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Sequence

from ..engine import Rule
from ..errors import WirelintError
from ..jsonl import CorpusKeys, dump_record, record_id, record_text
from .outputs import FINDINGS, FIXED, OutDir, atomic_text, concatenate, remove, write_text
from .shards import Shard, Slice, read_slice, slice_lines

# Characters some JSON Lines readers take for line breaks: escaped, as the json-lines format does.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})
_RULES: dict[str, list[Rule]] = {}


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Rules as the client resolved them, pickled once; unpickled once per worker process."""

    blob: bytes
    digest: str

    @classmethod
    def of(cls, rules: Sequence[Rule]) -> "RuleSet":
        blob = pickle.dumps(list(rules), protocol=pickle.HIGHEST_PROTOCOL)
        return cls(blob, hashlib.sha256(blob).hexdigest()[:24])

    def rules(self) -> list[Rule]:
        found = _RULES.get(self.digest)
        if found is None:
            found = _RULES[self.digest] = pickle.loads(self.blob)  # noqa: S301 - our own pickle
        return found


@dataclass(frozen=True, slots=True)
class LintSpec:
    """What to do with every record; the same for every task of a run."""

    out: OutDir
    keys: CorpusKeys = CorpusKeys()
    fix: bool = False
    unsafe: bool = False
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    root: str = "."
    template: bool = False  # residue/template-line is selected (its lines come from TemplateLint)


@dataclass(frozen=True, slots=True)
class PartResult:
    """Counts for a slice or a whole shard. ``tally`` counts findings by severity and by
    fix applicability (``fix:safe``), as the single-process summary line does."""

    shard: int
    records: int = 0
    findings: int = 0
    changed: int = 0
    fixed: int = 0
    records_with_errors: int = 0
    rules: tuple[tuple[str, int], ...] = ()
    tally: tuple[tuple[str, int], ...] = ()
    problems: tuple[str, ...] = ()
    unreadable: bool = False

    def merge(self, other: "PartResult") -> "PartResult":
        return PartResult(
            self.shard, self.records + other.records, self.findings + other.findings,
            self.changed + other.changed, self.fixed + other.fixed,
            self.records_with_errors + other.records_with_errors,
            _add(self.rules, other.rules), _add(self.tally, other.tally),
            self.problems + other.problems, self.unreadable or other.unreadable,
        )


def _add(a: tuple[tuple[str, int], ...], b: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    total = Counter(dict(a))
    total.update(dict(b))
    return tuple(sorted(total.items()))


def finding_line(finding, shard: Shard, record: str) -> str:
    """One finding as a JSON line: the ``--format json-lines`` object plus its shard and record id."""
    from ..formats import finding_to_dict

    item = {**finding_to_dict(finding), "shard": shard.path, "record": record}
    return json.dumps(item, ensure_ascii=False).translate(_LINE_BREAKS) + "\n"


@dataclass(slots=True)
class _Counts:
    records: int = 0
    changed: int = 0
    fixed: int = 0
    with_errors: int = 0
    rules: Counter = field(default_factory=Counter)
    tally: Counter = field(default_factory=Counter)
    problems: list = field(default_factory=list)


def _targets(piece: Slice, spec: LintSpec) -> tuple[str, str | None]:
    if piece.parts == 1:
        return spec.out.findings(piece.shard), spec.out.fixed(piece.shard) if spec.fix else None
    return (spec.out.part(piece.shard, FINDINGS, piece.part),
            spec.out.part(piece.shard, FIXED, piece.part) if spec.fix else None)


def lint_slice(piece: Slice, spec: LintSpec, ruleset: RuleSet, templates=None) -> PartResult:
    """Check (and fix) every record of a slice; write its findings (and fixed records).

    ``templates`` (a ``template_lint.TemplateLint``) flags learned template lines too."""
    from contextlib import ExitStack

    from ..formats import tally
    from ..runner import Options, check_text_result
    from ..selection import Selection

    selection = Selection(tuple(ruleset.rules()), frozenset(), spec.per_file_ignores, spec.root,
                          template=spec.template and templates is not None)
    template_rules = templates.rules() if selection.template else None
    if template_rules is not None:
        from .template_lint import with_template_rule
        from ..jsonl import record_source
    options = Options(fix=spec.fix, unsafe=spec.unsafe)
    counts = _Counts()
    findings_url, fixed_url = _targets(piece, spec)
    try:
        lines = list(slice_lines(piece, read_slice(piece), spec.keys))
    except WirelintError as exc:
        write_text(findings_url, "")
        return PartResult(piece.shard.index, problems=(str(exc),), unreadable=True)
    with ExitStack() as stack:
        findings_out = stack.enter_context(atomic_text(findings_url))
        fixed_out = stack.enter_context(atomic_text(fixed_url)) if fixed_url else None
        for line in lines:
            if line.record is None:
                counts.problems.append(line.error)
                continue
            record = line.record
            name = record_id(record, line.number, spec.keys)
            shown = f"{piece.shard.path}#{name}"
            text = record_text(record, spec.keys)
            rules = selection.rules_for(shown)
            if template_rules is not None and selection.templates_for(shown):
                rules = with_template_rule(rules, template_rules, record_source(record, templates.source_key))
            checked = check_text_result(text, rules, options, shown, name)
            found, fixed_text = checked.findings, checked.text
            counts.records += 1
            counts.fixed += checked.applied
            counts.rules.update(f.rule for f in found)
            counts.tally.update(tally(found))
            counts.with_errors += any(f.severity == "error" for f in found)
            findings_out.write("".join(finding_line(f, piece.shard, name) for f in found))
            if fixed_out is not None:
                if fixed_text != text:
                    counts.changed += 1
                    record = {**record, spec.keys.text: fixed_text}
                fixed_out.write(dump_record(record) + "\n")
    return PartResult(
        piece.shard.index, counts.records, sum(counts.rules.values()), counts.changed, counts.fixed,
        counts.with_errors, tuple(sorted(counts.rules.items())), tuple(sorted(counts.tally.items())),
        tuple(counts.problems),
    )


def join_shard(shard: Shard, slices: Sequence[Slice], spec: LintSpec, parts: Sequence[PartResult]) -> PartResult:
    """Merge a shard's slice counts; for a cut shard, join the slices' output pieces in order.

    A shard with an unreadable slice gets no fixed copy: half a shard must not pass for it.
    """
    total = PartResult(shard.index)
    for part in parts:
        total = total.merge(part)
    if len(slices) > 1:
        ordered = sorted(slices, key=lambda s: s.part)
        concatenate([spec.out.part(shard, FINDINGS, s.part) for s in ordered], spec.out.findings(shard))
        if spec.fix and not total.unreadable:
            concatenate([spec.out.part(shard, FIXED, s.part) for s in ordered], spec.out.fixed(shard))
    if spec.fix and total.unreadable:
        remove(spec.out.fixed(shard))  # nor an earlier run's copy
    return total


def _identity(value):
    return value


def run_lint(
    client, slices: Sequence[Slice], spec: LintSpec, rules: Sequence[Rule],
    on_slice_done: Callable[[], None] | None = None, templates=None,
) -> list[PartResult]:
    """Lint every slice on ``client``'s cluster; one merged PartResult per shard, in order.

    ``on_slice_done`` is called as each slice finishes (for a progress display);
    ``templates`` (a ``template_lint.TemplateLint``) is sent to the workers once.
    """
    from dask.distributed import as_completed

    from .outputs import PARTS, clear, remove_temporaries

    ruleset = RuleSet.of(rules)
    token = uuid.uuid4().hex[:12]  # a run's own task names: never the cached results of an earlier run
    rules_future = client.submit(_identity, ruleset, key=f"wirelint-rules-{ruleset.digest}", pure=False)
    templates_future = client.submit(_identity, templates, key=f"wirelint-templates-{token}", pure=False) if templates is not None else None
    futures = [
        client.submit(lint_slice, piece, spec, rules_future, templates_future,
                      key=f"wirelint-lint-{token}-{piece.index}", pure=False)
        for piece in slices
    ]
    by_shard: dict[int, list[int]] = {}
    for number, piece in enumerate(slices):
        by_shard.setdefault(piece.shard.index, []).append(number)
    shards = {piece.shard.index: piece.shard for piece in slices}
    joined = [
        client.submit(
            join_shard, shards[index], [slices[n] for n in numbers], spec, [futures[n] for n in numbers],
            key=f"wirelint-join-{token}-{index}", pure=False,
        )
        for index, numbers in by_shard.items()
    ]
    for future in as_completed(futures):
        future.result()  # a task's own error (a WirelintError) stops the run here
        if on_slice_done is not None:
            on_slice_done()
    results = client.gather(joined)
    clear(spec.out, PARTS)
    remove_temporaries(spec.out)
    return results
