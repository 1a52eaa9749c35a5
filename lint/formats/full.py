"""The default report: each finding's line, the source under it with carets, and its fix."""
from __future__ import annotations

from typing import Mapping, Sequence

from ..finding import Finding
from .describe import describe_fix
from .locations import last_line
from .snippet import excerpt
from .text import BOLD, GUTTER_STYLE, SEVERITY_STYLE, header, paint


def _gutter(label: str, body: str, color: bool) -> str:
    return paint(f" {label} |", GUTTER_STYLE, color) + (f" {body}" if body else "")


def source_excerpt(finding: Finding, source: Sequence[str] | None, color: bool = False) -> list[str]:
    """The finding's first line and a caret line under its span; none without the source.

    ``source`` is the text the finding's positions count in: for a corpus record (path
    ``file.jsonl#id``) that is the record's text, not the file's lines.
    """
    if source is None or not 1 <= finding.line <= len(source):
        return []
    line = source[finding.line - 1]
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    text, carets = excerpt(line, finding.column - 1, end)
    through = last_line(finding.line, finding.end_line, finding.end_column)
    more = f" to line {through}" if through > finding.line else ""
    number = str(finding.line)
    style = SEVERITY_STYLE.get(finding.severity, BOLD)
    marker = carets[: carets.index("^")] + paint(carets.lstrip(" "), style, color) + more
    return [_gutter(number, text, color), _gutter(" " * len(number), marker, color)]


def fix_hint(finding: Finding, color: bool = False) -> list[str]:
    """``= safe fix: remove lines 3-6``: what --fix (or --unsafe-fixes) would do here."""
    if finding.fix is None:
        return []
    pad = " " * (len(str(finding.line)) + 1)
    return [f"{pad} {paint('=', GUTTER_STYLE, color)} {finding.fix.applicability} fix: {describe_fix(finding.fix)}"]


def finding_block(finding: Finding, source: Sequence[str] | None, color: bool = False) -> str:
    """One finding as the full report shows it; a blank line closes any detail lines."""
    detail = source_excerpt(finding, source, color) + fix_hint(finding, color)
    return "\n".join([header(finding, color), *detail]) + ("\n\n" if detail else "\n")


def format_full(findings: Sequence[Finding], lines: Mapping[str, Sequence[str]], color: bool = False) -> str:
    """Every finding with its source excerpt; ``lines`` maps a finding's path to its text lines."""
    return "".join(finding_block(f, lines.get(f.path), color) for f in findings)
