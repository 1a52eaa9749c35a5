"""datatrove steps: a filter that lints ``doc.text`` and a formatter that applies wirelint's fixes.

    from lint.integrations.datatrove import WirelintFilter, WirelintFormatter

Both take the rule selection of ``wirelint check`` (``select``, ``ignore``, extra ``rules``
packs, a ``config`` file, ``unsafe``) and load the rules once per worker process. Their
datatrove stats count findings per rule id. Needs ``pip install 'wirelint[datatrove]'``.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from .extras import missing_extra

try:
    from datatrove.data import Document
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.formatters.base import BaseFormatter
    from datatrove.pipeline.writers.disk_base import DiskWriter
except ModuleNotFoundError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_extra(exc, "datatrove steps", "datatrove") from None

from lint.errors import WirelintError

from .results import Checked
from .selection import FAIL_ON, RuleSelection, linter_for, severity_at_least

METADATA_KEY = "wirelint_findings"
# Declared as datatrove steps declare theirs: (module, distribution), checked when a step is made.
REQUIRES = [("lint", "wirelint")]


def covered_share(checked: Checked, packs: Sequence[str]) -> float:
    """Share of the text's characters inside findings of rules in ``packs`` (overlaps once)."""
    spans = sorted((s, e) for f, (s, e) in zip(checked.findings, checked.offsets()) if f.rule.split("/", 1)[0] in packs)
    covered, reach = 0, 0
    for start, end in spans:
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return covered / len(checked.text) if checked.text else 0.0


class WirelintFilter(BaseFilter):
    """Drops documents by a policy and records the findings of every document it sees.

    Policy: ``fail_on`` (as ``--fail-on``: a document with a finding at that severity or
    above is dropped; ``never``, the default, drops none), ``spare_fixable`` (findings that
    the fixes of this selection repair do not count, for a formatter step after this one),
    ``max_residue_share`` (drop when findings of ``residue_packs`` cover more than this
    share of the text's characters). The findings go to ``doc.metadata[metadata_key]`` in
    the ``--format json`` shape with ``start``/``end``; a dropped document's reason (the
    rule id, or ``residue-share``) goes to the exclusion writer as ``filter_reason``.
    """

    name = "🧹 wirelint"
    _requires_dependencies = REQUIRES

    def __init__(
        self, select: str | Iterable[str] | None = None, ignore: str | Iterable[str] | None = None,
        rules: str | Iterable[str] | None = None, config: str | None = None, unsafe: bool | None = None,
        fail_on: str = "never", spare_fixable: bool = False, max_residue_share: float | None = None,
        residue_packs: Sequence[str] = ("residue",), metadata_key: str = METADATA_KEY,
        exclusion_writer: DiskWriter | None = None,
    ) -> None:
        super().__init__(exclusion_writer)
        if fail_on not in FAIL_ON:
            raise WirelintError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
        if max_residue_share is not None and not 0 <= max_residue_share <= 1:
            raise WirelintError(f"max_residue_share must be between 0 and 1, not {max_residue_share!r}")
        self.selection = RuleSelection.of(select, ignore, rules, config, unsafe=unsafe)
        linter_for(self.selection)  # a bad name or file is an error here, not in every worker
        self.fail_on = fail_on
        self.spare_fixable = spare_fixable
        self.max_residue_share = max_residue_share
        self.residue_packs = tuple(residue_packs)
        self.metadata_key = metadata_key

    def drop_reason(self, checked: Checked) -> str | None:
        """Why the policy drops this text, or None to keep it."""
        linter = linter_for(self.selection)
        failing = severity_at_least(checked.findings, self.fail_on)
        if self.spare_fixable:
            repaired = {id(f) for f in linter.fixable(failing)}
            failing = [f for f in failing if id(f) not in repaired]
        if failing:
            return max(failing, key=lambda f: FAIL_ON.index(f.severity)).rule
        if self.max_residue_share is not None and covered_share(checked, self.residue_packs) > self.max_residue_share:
            return "residue-share"
        return None

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        checked = linter_for(self.selection).check(doc.text, str(doc.id))
        for finding in checked.findings:
            self.stat_update(finding.rule)
        doc.metadata[self.metadata_key] = checked.records()
        reason = self.drop_reason(checked)
        return True if reason is None else (False, reason)


class WirelintFormatter(BaseFormatter):
    """Applies the selection's safe fixes (unsafe ones too with ``unsafe=True``) to a fixed point.

    The text comes out as ``wirelint check --jsonl --fix`` writes it; a fix that would
    delete more than half of a text is refused and the text kept (stat ``fix-refused``).
    Stats count, per rule id, the documents whose fixes that rule started.
    """

    name = "🧹 wirelint fixes"
    _requires_dependencies = REQUIRES

    def __init__(
        self, select: str | Iterable[str] | None = None, ignore: str | Iterable[str] | None = None,
        rules: str | Iterable[str] | None = None, config: str | None = None, unsafe: bool | None = None,
    ) -> None:
        super().__init__()
        self.selection = RuleSelection.of(select, ignore, rules, config, unsafe=unsafe)
        linter_for(self.selection)

    def format(self, text: str) -> str:
        linter = linter_for(self.selection)
        fixable = linter.fixable(linter.check(text).findings)
        if not fixable:
            return text
        fixed = linter.fix(text)
        if fixed == text:
            self.stat_update("fix-refused")
            return text
        self.stat_update("fixed")
        for rule in sorted({f.rule for f in fixable}):
            self.stat_update(f"fixed:{rule}")
        return fixed
