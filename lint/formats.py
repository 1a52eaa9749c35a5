"""Output formats: pure functions from findings (and counts) to text. They never run checks."""
from __future__ import annotations

import json
from collections import Counter
from typing import Sequence

from .finding import Finding


def finding_to_dict(finding: Finding) -> dict:
    """The JSON shape of one finding: exactly the documented keys."""
    fix = None
    if finding.fix is not None:
        fix = {
            "applicability": finding.fix.applicability,
            "edits": [
                {"line": e.line, "column": e.column, "end_line": e.end_line, "end_column": e.end_column, "content": e.content}
                for e in finding.fix.edits
            ],
        }
    return {
        "path": finding.path,
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "fix": fix,
    }


def format_json(findings: Sequence[Finding]) -> str:
    return json.dumps([finding_to_dict(f) for f in findings], ensure_ascii=False, indent=2) + "\n"


def format_concise(findings: Sequence[Finding]) -> str:
    return "".join(f"{f.path}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}\n" for f in findings)


def summary(findings: Sequence[Finding], files: int, fixed: int = 0, changed_files: int = 0) -> str:
    """One closing line: counts by severity, and what --fix / --unsafe-fixes would do."""
    by_severity = Counter(f.severity for f in findings)
    safe = sum(1 for f in findings if f.fix is not None and f.fix.applicability == "safe")
    unsafe = sum(1 for f in findings if f.fix is not None and f.fix.applicability == "unsafe")
    parts = []
    if fixed:
        parts.append(f"Fixed {fixed} problem{'s' if fixed != 1 else ''} in {changed_files} file{'s' if changed_files != 1 else ''}.")
    if findings:
        counts = ", ".join(f"{by_severity[s]} {s}" for s in ("error", "warning", "info") if by_severity[s])
        parts.append(f"Found {len(findings)} problem{'s' if len(findings) != 1 else ''} ({counts}) in {files} file{'s' if files != 1 else ''}.")
        if safe:
            parts.append(f"{safe} fixable with --fix.")
        if unsafe:
            parts.append(f"{unsafe} more with --unsafe-fixes.")
    else:
        parts.append(f"No problems in {files} file{'s' if files != 1 else ''}.")
    return " ".join(parts) + "\n"
