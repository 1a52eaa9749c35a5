"""GitHub Actions workflow commands: findings as annotations on the pull request's files.

Escaping follows the Actions toolkit: ``%``, CR and LF in the message; additionally ``:``
and ``,`` in property values. GitHub keeps only the first ``PER_STEP_LIMIT`` annotations
of each kind per step, so errors come first, then warnings, then notices, and a notice
says how many will not be displayed (they all stay in the log).
"""
from __future__ import annotations

from collections import Counter
from typing import Sequence

from ..finding import Finding
from .locations import forward_slashes, last_line

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
ORDER = ("error", "warning", "notice")
PER_STEP_LIMIT = 10
PER_JOB_LIMIT = 50


def escape_data(text: str) -> str:
    """Escape a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value, where ``:`` and ``,`` would end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """One ``::error file=..,line=..::message`` command.

    GitHub takes columns only within one line, and its ``endColumn`` is inclusive (it
    defaults to ``col``), so a one-line span ends at ``end_column - 1``; a span over
    several lines gives ``line`` and ``endLine`` only.
    """
    f = finding
    properties = [("file", forward_slashes(f.path)), ("line", str(f.line))]
    through = last_line(f.line, f.end_line, f.end_column)
    if through == f.line:
        properties += [("col", str(f.column)), ("endLine", str(f.line)),
                       ("endColumn", str(max(f.column, f.end_column - 1)))]
    else:
        properties.append(("endLine", str(through)))
    properties.append(("title", f.rule))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS.get(f.severity, 'warning')} {rendered}::{escape_data(f.message)}"


def hidden_count(findings: Sequence[Finding], extra_notices: int = 0) -> int:
    """How many annotations pass GitHub's per-step limit for their kind and go undisplayed."""
    per_kind = Counter(COMMANDS.get(f.severity, "warning") for f in findings)
    per_kind["notice"] += extra_notices
    return sum(max(0, count - PER_STEP_LIMIT) for count in per_kind.values())


def overflow_notice(findings: Sequence[Finding]) -> str | None:
    """The notice saying how many annotations GitHub will drop, or None if it shows them all.

    The notice is itself a notice annotation, so it counts against that limit too.
    """
    if not hidden_count(findings):
        return None
    hidden = hidden_count(findings, extra_notices=1)
    message = (
        f"wirelint: GitHub will not display {hidden} of these {len(findings)} annotations (it shows at most "
        f"{PER_STEP_LIMIT} errors, {PER_STEP_LIMIT} warnings and {PER_STEP_LIMIT} notices per step, "
        f"{PER_JOB_LIMIT} per job); every finding is in this log"
    )
    return f"::notice::{escape_data(message)}"


def format_github(findings: Sequence[Finding]) -> str:
    """Annotations, errors first, then warnings, then notices.

    When GitHub will not display them all, a notice saying so goes right before the other
    notices, so that it is always among the notices GitHub keeps.
    """
    ranked = sorted(findings, key=lambda f: ORDER.index(COMMANDS.get(f.severity, "warning")))
    out = [annotation(f) for f in ranked]
    notice = overflow_notice(findings)
    if notice is not None:
        first_notice = sum(1 for f in ranked if COMMANDS.get(f.severity, "warning") != "notice")
        out.insert(first_notice, notice)
    return "".join(line + "\n" for line in out)
