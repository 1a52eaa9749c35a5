"""SARIF 2.1.0, the format code-scanning services (GitHub, Azure DevOps, IDE viewers) read.

One run; the driver lists every rule that ran, so a result's ``ruleIndex`` finds its
metadata. Columns are code points (``columnKind: unicodeCodePoints``), which is what
findings count, and ``endColumn`` is exclusive in both.
"""
from __future__ import annotations

import json
import re
from typing import Sequence
from urllib.parse import quote

from ..engine import Rule
from ..finding import Edit, Finding
from .describe import HOW_TO_APPLY, describe_fix
from .locations import forward_slashes

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:/")


def artifact_uri(path: str) -> str:
    """A path as a URI reference: forward slashes, percent-escaped; absolute paths as file URIs."""
    path = forward_slashes(path)
    if _WINDOWS_DRIVE.match(path):
        return "file:///" + path[:2] + quote(path[2:], safe="/")
    if path.startswith("/"):
        return "file://" + quote(path, safe="/")
    return quote(path, safe="/", errors="surrogateescape")  # a name that is not UTF-8: its own bytes


def _help_text(rule: Rule) -> str:
    if rule.fix_action:
        fix = f"Fix: {rule.fix_action} ({rule.fix_applicability}; {HOW_TO_APPLY.get(rule.fix_applicability or '', '')})."
    else:
        fix = "Fix: none (report only)."
    return "\n\n".join(part for part in (rule.description, fix, f"More: wirelint rule {rule.id}") if part)


def rule_descriptor(rule: Rule) -> dict:
    """A rule's SARIF reportingDescriptor: its message, description, level and help."""
    descriptor: dict = {"id": rule.id, "shortDescription": {"text": rule.message}}
    if rule.description:
        descriptor["fullDescription"] = {"text": rule.description}
    descriptor["defaultConfiguration"] = {"level": LEVELS.get(rule.severity, "warning")}
    descriptor["help"] = {"text": _help_text(rule)}
    return descriptor


def _ad_hoc_descriptor(finding: Finding) -> dict:
    """For a finding whose rule was not passed in (wirelint's own, like rule-timeout)."""
    return {
        "id": finding.rule,
        "shortDescription": {"text": finding.message},
        "defaultConfiguration": {"level": LEVELS.get(finding.severity, "warning")},
    }


def _region(line: int, column: int, end_line: int, end_column: int) -> dict:
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _replacement(edit: Edit) -> dict:
    return {
        "deletedRegion": _region(edit.line, edit.column, edit.end_line, edit.end_column),
        "insertedContent": {"text": edit.content},
    }


def result(finding: Finding, rule_index: int) -> dict:
    """One finding as a SARIF result, with its fix as a replacement when it has one."""
    location = {"uri": artifact_uri(finding.path)}
    out: dict = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": location,
            "region": _region(finding.line, finding.column, finding.end_line, finding.end_column),
        }}],
    }
    if finding.fix is not None:
        how = HOW_TO_APPLY.get(finding.fix.applicability, "")
        words = describe_fix(finding.fix)
        out["fixes"] = [{
            "description": {"text": f"{words[:1].upper()}{words[1:]} ({finding.fix.applicability} fix: {how})"},
            "artifactChanges": [{
                "artifactLocation": dict(location),
                "replacements": [_replacement(edit) for edit in finding.fix.edits],
            }],
        }]
    if finding.record is not None:
        out["properties"] = {"record": finding.record}
    return out


def sarif_log(findings: Sequence[Finding], rules: Sequence[Rule] = (), tool_version: str = "") -> dict:
    """The SARIF log as a dict: one run whose driver lists ``rules`` then any other rule ids found."""
    descriptors = [rule_descriptor(rule) for rule in rules]
    index = {rule.id: i for i, rule in enumerate(rules)}
    for finding in findings:
        if finding.rule not in index:
            index[finding.rule] = len(descriptors)
            descriptors.append(_ad_hoc_descriptor(finding))
    driver: dict = {"name": "wirelint"}
    if tool_version:
        driver["version"] = tool_version
    driver["rules"] = descriptors
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "results": [result(f, index[f.rule]) for f in findings],
        }],
    }


def format_sarif(findings: Sequence[Finding], rules: Sequence[Rule] = (), tool_version: str = "") -> str:
    """The SARIF log as indented JSON."""
    return json.dumps(sarif_log(findings, rules, tool_version), ensure_ascii=False, indent=2) + "\n"
