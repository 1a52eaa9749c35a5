"""GitLab code quality report: the JSON list that merge request widgets read."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Sequence

from ..finding import Finding
from .locations import forward_slashes, last_line

# GitLab's severities run info, minor, major, critical, blocker.
_SEVERITY = {"info": "info", "warning": "minor", "error": "major"}


def format_gitlab(findings: Sequence[Finding]) -> str:
    """One issue per finding; fingerprints are unique and stable for the same finding."""
    seen: Counter = Counter()
    issues = []
    for f in findings:
        key = f"{f.path}\0{f.rule}\0{f.line}\0{f.column}\0{f.message}"
        seen[key] += 1
        digest = hashlib.sha256(f"{key}\0{seen[key]}".encode("utf-8", "surrogatepass")).hexdigest()
        issues.append({
            "description": f"{f.rule}: {f.message}",
            "check_name": f.rule,
            "fingerprint": digest,
            "severity": _SEVERITY[f.severity],
            "location": {
                "path": forward_slashes(f.path),
                "lines": {"begin": f.line, "end": last_line(f.line, f.end_line, f.end_column)},
            },
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
