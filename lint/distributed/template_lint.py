"""Flagging learned template lines in the corpus lint pass, as one process does.

The lines (learned on Dask, or from ``--templates FILE``) become the engine rule
``residue/template-line`` of ``provenance.templates_check``, pointed at each record's
source, so findings, fixes (unsafe: only ``--fix --unsafe-fixes`` deletes the lines) and
the mass-deletion guard are the engine's, exactly as in ``wirelint check --jsonl``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..engine import Rule
from ..provenance.templates import Templates
from ..provenance.templates_check import TemplateRules


@dataclass(frozen=True, slots=True)
class TemplateLint:
    """The template lines a run flags, the record field naming a record's source, and
    the severity the rule reports at."""

    templates: Templates
    source_key: str | None = None
    severity: str = "warning"

    def rules(self) -> TemplateRules:
        """The template rule of one task's records (one Rule object for all of them)."""
        return TemplateRules(self.templates, lambda _path: None, self.severity)


def with_template_rule(rules: Sequence[Rule], template_rules: TemplateRules, source: str | None) -> tuple[Rule, ...]:
    """``rules`` and the template rule, pointed at ``source``, when there are template lines."""
    extra = template_rules.rule_for_source(source)
    return (*rules, extra) if extra is not None else tuple(rules)
