"""Hugging Face ``datasets`` helpers: functions for ``Dataset.map(batched=True, num_proc=N)``.

    import lint.datasets
    ds = ds.map(lint.datasets.findings(select="residue"), batched=True, num_proc=2)
    ds = ds.map(lint.datasets.fixes(), batched=True, num_proc=2)

``findings`` adds ``wirelint_findings`` (a list of structs in the ``--format json`` shape,
with ``start``/``end``), ``fixes`` adds ``text_fixed`` (the text ``wirelint check --jsonl
--fix`` writes), ``lint_and_fix`` both. Each is a small picklable value; the rules are loaded
once per worker process, on its first batch. ``datasets`` itself is imported only by
``features``. Needs ``pip install 'wirelint[datasets]'``.
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


def _selection(options: dict[str, Any]) -> RuleSelection:
    return RuleSelection.of(**options)


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


def features(existing: Any = None, columns: Iterable[str] = (FINDINGS_COLUMN,)) -> Any:
    """``datasets.Features`` for the added columns (merged into ``existing``), so a batch
    without findings or fixes still has the full types; pass it as ``map(features=...)``."""
    from datasets import Features, Sequence, Value

    edit = {"line": Value("int64"), "column": Value("int64"), "end_line": Value("int64"),
            "end_column": Value("int64"), "content": Value("string")}
    finding = {
        "path": Value("string"), "rule": Value("string"), "severity": Value("string"), "message": Value("string"),
        "line": Value("int64"), "column": Value("int64"), "end_line": Value("int64"), "end_column": Value("int64"),
        "fix": {"applicability": Value("string"), "edits": [edit]},
        "start": Value("int64"), "end": Value("int64"),
    }
    merged = dict(existing or {})
    for name in columns:
        merged[name] = [finding] if name == FINDINGS_COLUMN else Value("string")
    return Features(merged)
