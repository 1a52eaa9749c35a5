"""The rule catalogue as ``wirelint rules`` and ``wirelint rule`` show it: JSON records,
the README's Markdown table, and one rule explained."""
from __future__ import annotations

from typing import Sequence


def rule_record(rule) -> dict:
    """One rule as a JSON-ready record."""
    return {
        "id": rule.id, "pack": rule.pack, "kind": rule.kind_name, "severity": rule.severity,
        "message": rule.message, "description": rule.description,
        "fix": {"action": rule.fix_action, "applicability": rule.fix_applicability} if rule.fix_action else None,
        "where": {"first": rule.first} if rule.first else ({"last": rule.last} if rule.last else None),
        "examples": {
            "match": [{"text": e.text, "fixed": e.fixed} for e in rule.matches],
            "no_match": list(rule.non_matches),
        },
        "source": rule.source,
    }


def rules_markdown(rules: Sequence) -> str:
    """The README's rule reference: one table row per rule, generated so it cannot drift."""
    rows = ["| rule | severity | fix | what it reports |", "|---|---|---|---|"]
    for r in rules:
        fix = r.fix_applicability if r.fix_action else "—"
        where = f" (first {r.first} lines)" if r.first else (f" (last {r.last} lines)" if r.last else "")
        message = r.message.replace("|", "\\|")
        rows.append(f"| `{r.id}` | {r.severity} | {fix} | {message}{where} |".replace("\n", " "))
    return "\n".join(rows) + "\n"


def explain_rule(rule) -> list[str]:
    """The lines ``wirelint rule ID`` prints."""
    fix = f"{rule.fix_action} ({rule.fix_applicability})" if rule.fix_action else "none (report only)"
    where = f"first {rule.first} non-blank lines" if rule.first else (f"last {rule.last} non-blank lines" if rule.last else "anywhere")
    lines = [
        f"{rule.id}  ({rule.kind_name}, {rule.severity})", "", rule.message, "", rule.description or "(no description)", "",
        f"Fix: {fix}", f"Where: {where}", f"Defined at: {rule.source}", "",
    ]
    if rule.kind_name == "reuse":
        return [*lines, "Runs across files: in `wirelint check` with more than one file or --against."]
    return [
        *lines,
        "Matches:",
        *(f"  {ex.text!r}" + (f"  ->  {ex.fixed!r}" if ex.fixed is not None else "") for ex in rule.matches),
        "Does not match:",
        *(f"  {text!r}" for text in rule.non_matches),
    ]
