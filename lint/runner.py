"""Checking and fixing files: read, decode, check, fix, write back. No printing here."""
from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from typing import Sequence

from .document import Document
from .engine import Rule, check_document
from .errors import WirelintError
from .finding import Finding
from .fixes import fix_text
from .source import decode_article, encode_article, read_file, write_file_atomically

FIX_REFUSED_RULE = "wirelint/fix-refused"


@dataclass(frozen=True, slots=True)
class FileResult:
    """What happened to one file: its findings, whether it changed, and any error line."""

    path: str
    findings: tuple[Finding, ...] = ()
    changed: bool = False
    fixed_bytes: bytes | None = None
    fixed: int = 0
    diff: str = ""
    error: str | None = None


def _read(path: str) -> tuple[bytes, object]:
    if path == "-":
        return sys.stdin.buffer.read(), None
    return read_file(path)


def process_file(
    path: str,
    rules: Sequence[Rule],
    *,
    fix: bool = False,
    unsafe: bool = False,
    diff: bool = False,
    display: str | None = None,
) -> FileResult:
    """Check one file; with ``fix`` write the fixed text back (stdin: return it instead)."""
    shown = display or path
    try:
        data, state = _read(path)
        article = decode_article(data, shown)
    except WirelintError as exc:
        return FileResult(shown, error=str(exc))
    if not (fix or diff):
        return FileResult(shown, tuple(check_document(Document(article.text), rules, shown)))
    outcome = fix_text(article.text, rules, unsafe=unsafe)
    findings = check_document(Document(outcome.text), rules, shown)
    if outcome.refused:
        refusal = Finding(shown, FIX_REFUSED_RULE, "error", outcome.refused, 1, 1, 1, 1, 0, 0)
        return FileResult(shown, (refusal, *findings))
    changed = outcome.text != article.text
    if diff:
        patch = "".join(difflib.unified_diff(
            article.text.splitlines(keepends=True), outcome.text.splitlines(keepends=True),
            fromfile=f"a/{shown}", tofile=f"b/{shown}",
        )) if changed else ""
        return FileResult(shown, tuple(findings), changed, diff=patch)
    if changed and path != "-":
        try:
            write_file_atomically(path, encode_article(article, outcome.text), state)
        except WirelintError as exc:
            return FileResult(shown, tuple(findings), False, error=str(exc))
    stdout = encode_article(article, outcome.text) if path == "-" else None
    return FileResult(shown, tuple(findings), changed, fixed_bytes=stdout, fixed=outcome.applied)
