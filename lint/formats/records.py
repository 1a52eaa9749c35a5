"""JSON and JSON Lines: the documented finding shape, for scripts and pipelines."""
from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Sequence

from ..finding import Finding


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
    """One indented JSON list, so a whole run is one document."""
    if not findings:
        return "[]\n"
    return "[\n" + "".join(json_array_item(f, i == 0) for i, f in enumerate(findings)) + "\n]\n"


# Characters that str.splitlines() and some JSON Lines readers treat as line breaks; json
# leaves them raw with ensure_ascii=False, so they are escaped to keep one object per line.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_LINE_BREAK_TABLE = str.maketrans(_LINE_BREAKS)


def json_array_item(finding: Finding, first: bool) -> str:
    """One element of ``format_json``'s list, for writing it piece by piece.

    ``"[\n"`` + the items + ``"\n]\n"`` (or ``"[]\n"`` for none) is exactly
    ``json.dumps`` of the findings' dicts with ``indent=2`` and ``ensure_ascii=False``,
    written with the C string encoder (with ``indent`` set, json falls back to its
    pure-Python encoder, which cost more than checking the text on a large run).
    """
    text = encode_basestring
    fix = finding.fix
    if fix is None:
        fixed = "null"
    elif not fix.edits:
        fixed = f'{{\n      "applicability": {text(fix.applicability)},\n      "edits": []\n    }}'
    else:
        edits = ",\n        ".join(
            f'{{\n          "line": {e.line:d},\n          "column": {e.column:d},\n          "end_line": {e.end_line:d},'
            f'\n          "end_column": {e.end_column:d},\n          "content": {text(e.content)}\n        }}'
            for e in fix.edits
        )
        fixed = (f'{{\n      "applicability": {text(fix.applicability)},\n      "edits": [\n        {edits}\n      ]'
                 "\n    }")
    # The finding's shape written out: one template instead of walking a dict (a large
    # run writes hundreds of thousands); tests compare it with json.dumps.
    sep = "" if first else ",\n"
    return (
        f'{sep}  {{\n    "path": {text(finding.path)},\n    "rule": {text(finding.rule)},'
        f'\n    "severity": {text(finding.severity)},\n    "message": {text(finding.message)},'
        f'\n    "line": {finding.line:d},\n    "column": {finding.column:d},\n    "end_line": {finding.end_line:d},'
        f'\n    "end_column": {finding.end_column:d},\n    "fix": {fixed}\n  }}'
    )


def format_json_lines(findings: Sequence[Finding]) -> str:
    """One object per line, so output can be streamed, grepped and concatenated."""
    return "".join(
        json.dumps(finding_to_dict(f), ensure_ascii=False).translate(_LINE_BREAK_TABLE) + "\n" for f in findings
    )
