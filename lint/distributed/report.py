"""The corpus run's summary: ``summary.json`` (counts per rule, per shard, shards with
errors, problems, reuse statistics) and the closing line printed by the command."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from ..exits import fails
from ..finding import SEVERITIES
from .lint_job import PartResult
from .outputs import OutDir
from .shards import Shard

MAX_LISTED_PROBLEMS = 1000


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    """Totals over every shard of a run."""

    shards: tuple[Shard, ...]
    results: tuple[PartResult, ...]

    @property
    def tally(self) -> Counter:
        total: Counter = Counter()
        for result in self.results:
            total.update(dict(result.tally))
        return total

    @property
    def records(self) -> int:
        return sum(r.records for r in self.results)

    @property
    def problems(self) -> list[str]:
        return [problem for r in self.results for problem in r.problems]

    def fails(self, fail_on: str) -> bool:
        """Whether any finding is at or above ``fail_on`` (``never``: none fails)."""
        return fails(self.tally, fail_on)

    def document(self, out: OutDir, fix: bool, reuse: dict | None = None, templates: dict | None = None) -> dict:
        rules: Counter = Counter()
        for result in self.results:
            rules.update(dict(result.rules))
        tally = self.tally
        problems = self.problems
        sources = []
        for shard, result in zip(self.shards, self.results):
            sources.append({
                "shard": shard.path, "findings_file": out.findings(shard), "fixed_file": out.fixed(shard) if fix else None,
                "records": result.records, "findings": result.findings, "records_with_errors": result.records_with_errors,
                "changed": result.changed, "problems": len(result.problems), "unreadable": result.unreadable,
                "rules": dict(sorted(result.rules, key=lambda item: (-item[1], item[0]))),
            })
        return {
            "shards": len(self.shards),
            "records": self.records,
            "findings": sum(r.findings for r in self.results),
            "severity": {s: tally[s] for s in SEVERITIES},
            "fixable": {"safe": tally["fix:safe"], "unsafe": tally["fix:unsafe"]},
            "changed": sum(r.changed for r in self.results),
            "fixed": sum(r.fixed for r in self.results),
            "records_with_errors": sum(r.records_with_errors for r in self.results),
            "rules": dict(sorted(rules.items(), key=lambda item: (-item[1], item[0]))),
            "sources": sources,
            "files_with_errors": [
                shard.path for shard, r in zip(self.shards, self.results) if r.records_with_errors or r.problems
            ],
            "problem_count": len(problems),
            "problems": problems[:MAX_LISTED_PROBLEMS],
            "reuse": reuse,
            "templates": templates,
        }


def summary_json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def closing_lines(summary: CorpusSummary, fix: bool, out: OutDir, reuse: dict | None, shards: Sequence[Shard],
                  templates: dict | None = None) -> str:
    """The single-process summary line, then where the outputs went."""
    from ..formats import summary as summary_line

    fixed = sum(r.fixed for r in summary.results)
    changed = sum(r.changed for r in summary.results)
    checked = summary.records + len(summary.problems)  # as wirelint check --jsonl counts: bad lines too
    text = summary_line(summary.tally, checked, fixed, changed)
    wrote = f"findings of {len(shards)} shard{'s' if len(shards) != 1 else ''} in {out.join('findings')}"
    if fix:
        wrote += f", fixed shards in {out.join('fixed')}"
    if reuse is not None:
        text += (f"Shared text: {reuse['shared_pairs']} pair{'s' if reuse['shared_pairs'] != 1 else ''} of records "
                 f"({reuse['duplicates']} near-duplicate) in {reuse['clusters']} cluster{'s' if reuse['clusters'] != 1 else ''}, "
                 f"from {reuse['candidate_pairs']} comparisons.\n")
        wrote += f", shared text in {out.join('reuse')}"
    if templates is not None:
        text += (f"Template lines: {templates['lines']} learned from {templates['records']} "
                 f"record{'s' if templates['records'] != 1 else ''}.\n")
        wrote += f", template lines in {templates['file']}"
    return text + f"Wrote {wrote}; summary in {out.join('summary.json')}.\n"
