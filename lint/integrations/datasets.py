"""Hugging Face ``datasets`` helpers: functions for ``Dataset.map(batched=True, num_proc=N)``.

    import lint.datasets
    add_findings = lint.datasets.findings(select="residue")
    ds = ds.map(add_findings, batched=True, num_proc=2, features=add_findings.features(ds.features))

``findings`` adds ``wirelint_findings`` (a list of structs in the ``--format json`` shape,
with ``start``/``end``), ``fixes`` adds ``text_fixed`` (the text ``wirelint check --jsonl
--fix`` writes), ``lint_and_fix`` both. Each is a small picklable value; the rules are loaded
once per worker process, on its first batch; pass ``features=add_findings.features(ds.features)``
so that a batch without findings does not fix the column's type. ``datasets`` itself is
imported only by ``features``. Needs ``pip install 'wirelint[datasets]'``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from .selection import RuleSelection, linter_for

FINDINGS_COLUMN = "wirelint_findings"
FIXED_COLUMN = "text_fixed"


@dataclass(frozen=True, slots=True)
class BatchLinter:
    """Maps a batch (column name → list) to the new columns: findings and/or fixed text."""

    selection: RuleSelection
    text_column: str = "text"
    path_column: str | None = None
    findings_column: str | None = FINDINGS_COLUMN
    fixed_column: str | None = None

    def __call__(self, batch: dict[str, list]) -> dict[str, list]:
        linter = linter_for(self.selection)
        texts = batch[self.text_column]
        added: dict[str, list] = {}
        if self.findings_column:
            paths = batch[self.path_column] if self.path_column else ["-"] * len(texts)
            added[self.findings_column] = [linter.check(text, str(path)).records() for text, path in zip(texts, paths)]
        if self.fixed_column:
            added[self.fixed_column] = [linter.fix(text) for text in texts]
        return added

    def features(self, existing: Any = None) -> Any:
        """``datasets.Features``: ``existing`` plus the columns this adds, fully typed. Pass it
        as ``map(features=...)``: a batch or shard without findings cannot show the types."""
        from datasets import Features, Value

        merged = dict(existing or {})
        if self.findings_column:
            merged[self.findings_column] = [_finding_type(Value)]
        if self.fixed_column:
            merged[self.fixed_column] = Value("string")
        return Features(merged)


def _finding_type(value: Any) -> dict:
    """The struct of one finding record: ``--format json``'s keys plus ``start`` and ``end``."""
    number, string = value("int64"), value("string")
    position = {"line": number, "column": number, "end_line": number, "end_column": number}
    return {
        "path": string, "rule": string, "severity": string, "message": string, **position,
        "fix": {"applicability": string, "edits": [{**position, "content": string}]},
        "start": number, "end": number,
    }


def _selection(options: dict[str, Any]) -> RuleSelection:
    """The selection of ``options``, loaded once here so a bad name fails before ``map``."""
    selection = RuleSelection.of(**options)
    linter_for(selection)
    return selection


def findings(text_column: str = "text", *, path_column: str | None = None, column: str = FINDINGS_COLUMN,
             **selection: Any) -> BatchLinter:
    """Adds ``column`` with each text's findings; ``selection`` as ``RuleSelection.of``
    (``select``, ``ignore``, ``rules``, ``config``, ``builtin``, ``unsafe``)."""
    return BatchLinter(_selection(selection), text_column, path_column, column, None)


def fixes(text_column: str = "text", *, column: str = FIXED_COLUMN, **selection: Any) -> BatchLinter:
    """Adds ``column`` with each text fixed (safe fixes; unsafe ones too with ``unsafe=True``)."""
    return BatchLinter(_selection(selection), text_column, None, None, column)


def lint_and_fix(text_column: str = "text", *, path_column: str | None = None, **selection: Any) -> BatchLinter:
    """Adds both ``wirelint_findings`` (of the text as given) and ``text_fixed``."""
    return BatchLinter(_selection(selection), text_column, path_column, FINDINGS_COLUMN, FIXED_COLUMN)
