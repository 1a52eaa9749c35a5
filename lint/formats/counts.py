"""Per-rule counts (``--statistics``): which rules fire most, and how much --fix would take."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Sequence

from ..finding import SEVERITY_RANK, Finding


@dataclass(frozen=True, slots=True)
class RuleCount:
    """One rule's findings: how many, and how many have a safe or only an unsafe fix."""

    rule: str
    severity: str
    count: int
    fixable: int
    unsafe_fixable: int


def rule_counts(findings: Sequence[Finding]) -> list[RuleCount]:
    """Counts per rule, most frequent first, ties by rule id."""
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.rule, []).append(finding)
    counts = [
        RuleCount(
            rule,
            max((f.severity for f in found), key=lambda s: SEVERITY_RANK.get(s, -1)),
            len(found),
            sum(1 for f in found if f.fix is not None and f.fix.applicability == "safe"),
            sum(1 for f in found if f.fix is not None and f.fix.applicability != "safe"),
        )
        for rule, found in grouped.items()
    ]
    return sorted(counts, key=lambda c: (-c.count, c.rule))


def _fix_column(count: RuleCount) -> str:
    parts = []
    if count.fixable:
        parts.append(f"{count.fixable} safe")
    if count.unsafe_fixable:
        parts.append(f"{count.unsafe_fixable} unsafe")
    return ", ".join(parts) or "-"


def statistics(findings: Sequence[Finding], as_json: bool = False) -> str:
    """The counts as JSON (a list of objects) or as aligned text columns."""
    counts = rule_counts(findings)
    if as_json:
        return json.dumps([asdict(c) for c in counts], ensure_ascii=False, indent=2) + "\n"
    if not counts:
        return ""
    rows = [("count", "rule", "severity", "fixes")] + [
        (str(c.count), c.rule, c.severity, _fix_column(c)) for c in counts
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "".join(
        f"{row[0]:>{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}\n" for row in rows
    )
