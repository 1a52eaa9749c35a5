"""A fix in words ("remove lines 3-6", "replace with ','"), shared by the formats that show fixes."""
from __future__ import annotations

from ..finding import Edit, Fix

MAX_SHOWN = 40
HOW_TO_APPLY = {"safe": "wirelint check --fix", "unsafe": "wirelint check --fix --unsafe-fixes"}
# What JSON escapes in a string: the quote, the backslash and the control characters.
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in range(0x20)}
_JSON_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\", ord("\b"): "\\b", ord("\f"): "\\f",
                      ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def json_string(text: str) -> str:
    """``json.dumps(text, ensure_ascii=False)``, without importing json: a one-file check
    that shows a replace fix has no other use for it."""
    return '"' + text.translate(_JSON_ESCAPES) + '"'


def describe_edit(edit: Edit) -> str:
    """What one edit does, from its positions alone (formats do not see the text)."""
    if edit.content:
        shown = edit.content if len(edit.content) <= MAX_SHOWN else edit.content[: MAX_SHOWN - 1] + "…"
        return f"replace with {json_string(shown)}"
    if edit.column == 1 and edit.end_column == 1 and edit.end_line > edit.line:
        last = edit.end_line - 1
        return f"remove line {edit.line}" if last == edit.line else f"remove lines {edit.line}-{last}"
    if edit.column == 1 and edit.end_line > edit.line:
        return f"remove lines {edit.line}-{edit.end_line}"
    return f"delete text at {edit.line}:{edit.column}-{edit.end_line}:{edit.end_column}"


def describe_fix(fix: Fix) -> str:
    """All edits of a fix, e.g. ``remove lines 3-6`` or ``replace with ","``."""
    return "; ".join(describe_edit(edit) for edit in fix.edits) or "no change"

