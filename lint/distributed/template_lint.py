"""Flagging learned template lines in the corpus lint pass, beside the engine's rules.

The findings are ``provenance.templates.template_findings``'s (``residue/template-line``,
a warning naming how many articles carry the line, with an unsafe fix that deletes the
line), stamped with the record and the run's severity override. A record none of whose
line hashes is a template line is not looked at twice. With ``--fix``, template lines
go only with ``--unsafe-fixes``; the engine's fixes and the template deletions then take
turns until neither changes the text, under the same mass-deletion guard as ``--fix``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Sequence

from ..engine import Rule
from ..finding import Finding
from ..fixes import MAX_DELETED_SHARE, MAX_PASSES, applicable, apply_edits
from ..provenance.templates import BATCH, RULE, Templates, line_hash
from ..provenance.templates_check import template_findings
from ..runner import FIX_REFUSED_RULE, Options, TextResult, check_text_result
from .line_keys import line_key


@dataclass(frozen=True, slots=True)
class _KeyedTemplates(Templates):
    """``Templates`` whose lines are keyed with ``line_key`` (the same keys, found faster)."""

    def match(self, line: str, source: str | None = None) -> int | None:
        key = line_key(line)
        entry = self.lines.get(line_hash(key)) if key else None
        if entry is None:
            return None
        counts = entry["articles"]
        return counts.get(source) if source and source in counts else counts.get(BATCH)


@dataclass(frozen=True, slots=True)
class TemplateLint:
    """The template lines a run flags (learned, or from ``--templates FILE``), the record
    field naming a record's source, and the severity the rule reports at."""

    templates: Templates
    source_key: str | None = None
    severity: str = "warning"

    def findings(self, shown: str, record: str | None, text: str, source: str | None) -> list[Finding]:
        """The template-line findings of one record's text."""
        lines = self.templates.lines
        if not lines or not any(line_hash(key) in lines for key in map(line_key, text.split("\n")) if key):
            return []
        keyed = _KeyedTemplates(lines, self.templates.settings)
        return [replace(f, record=record, severity=self.severity) for f in template_findings(shown, text, keyed, source)]


def _merged(engine: Sequence[Finding], extra: Sequence[Finding]) -> list[Finding]:
    """Both lists in the engine's order (a fix refusal stays first)."""
    if not extra:
        return list(engine)
    head = [f for f in engine if f.rule == FIX_REFUSED_RULE]
    rest = [f for f in engine if f.rule != FIX_REFUSED_RULE] + list(extra)
    return head + sorted(rest, key=lambda f: (f.start, f.end, f.rule, f.message))


def check_record(text: str, rules: Sequence[Rule], options: Options, shown: str, record: str | None,
                 extra: Callable[[str], list[Finding]]) -> TextResult:
    """``runner.check_text_result`` with ``extra(text)``'s findings (and their fixes) too."""
    if not options.fix or not options.unsafe:
        checked = check_text_result(text, rules, options, shown, record)
        return TextResult(checked.text, _merged(checked.findings, extra(checked.text)), checked.applied, checked.refused)
    current, applied = text, 0
    for _ in range(MAX_PASSES):
        checked = check_text_result(current, rules, options, shown, record)
        if checked.refused:
            return _refused(text, rules, shown, record, extra, checked.refused)
        current, applied = checked.text, applied + checked.applied
        flagged = extra(current)
        edits = [edit for f in flagged if applicable(f, True) for edit in f.fix.edits]
        if not edits:
            break
        current, count = apply_edits(current, edits)
        applied += count
    else:
        return _refused(text, rules, shown, record, extra,
                        f"fixes by {RULE} and the rules still change the text after {MAX_PASSES} rounds; refused")
    if text and len(text) - len(current) > MAX_DELETED_SHARE * len(text):
        lost = len(text) - len(current)
        return _refused(text, rules, shown, record, extra,
                        f"fix would delete {lost} of {len(text)} characters (more than half); refused")
    return TextResult(current, _merged(checked.findings, flagged), applied)


def _refused(text: str, rules: Sequence[Rule], shown: str, record: str | None,
             extra: Callable[[str], list[Finding]], reason: str) -> TextResult:
    """The original text, its findings and the refusal, as ``check_text_result`` reports one."""
    findings = check_text_result(text, rules, Options(), shown, record).findings
    refusal = Finding(shown, FIX_REFUSED_RULE, "error", reason, 1, 1, 1, 1, 0, 0, None, record)
    return TextResult(text, [refusal, *_merged(findings, extra(text))], 0, reason)
