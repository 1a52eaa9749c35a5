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
    return json.dumps([finding_to_dict(f) for f in findings], ensure_ascii=False, indent=2) + "\n"


# Characters that str.splitlines() and some JSON Lines readers treat as line breaks; json
# leaves them raw with ensure_ascii=False, so they are escaped to keep one object per line.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_LINE_BREAK_TABLE = str.maketrans(_LINE_BREAKS)


def json_array_item(finding: Finding, first: bool) -> str:
    """One element of ``format_json``'s list, for writing it piece by piece.

    ``"[\n"`` + the items + ``"\n]\n"`` (or ``"[]\n"`` for none) is exactly format_json.
    """
    return ("" if first else ",\n") + "  " + indented(finding_to_dict(finding), "\n  ")


def indented(value: object, newline: str = "\n") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` with every newline as ``newline``.

    The same text, built with the C string encoder: with ``indent`` set, json falls back
    to its pure-Python encoder, which cost more than checking the text on a large run.
    Keys, strings, integers, None, booleans, lists and dicts only (a finding's shape).
    """
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    inner = newline + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        body = ("," + inner).join(f"{encode_basestring(key)}: {indented(item, inner)}" for key, item in value.items())
        return "{" + inner + body + newline + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join(indented(item, inner) for item in value) + newline + "]"
    return json.dumps(value, ensure_ascii=False)  # anything else (a float): json's own text


def format_json_lines(findings: Sequence[Finding]) -> str:
    """One object per line, so output can be streamed, grepped and concatenated."""
    return "".join(
        json.dumps(finding_to_dict(f), ensure_ascii=False).translate(_LINE_BREAK_TABLE) + "\n" for f in findings
    )
