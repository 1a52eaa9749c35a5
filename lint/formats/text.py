"""Plain-text lines for people: the one-line finding, its colours, and the closing summary."""
from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Sequence

from ..finding import Finding

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
SEVERITY_STYLE = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[1;36m"}
GUTTER_STYLE = "\x1b[1;34m"


def paint(text: str, style: str, color: bool) -> str:
    """``text`` wrapped in an ANSI style when colour is on; unchanged otherwise."""
    return f"{style}{text}{RESET}" if color and text else text


def visible(text: str) -> str:
    """``text`` with control and line-break characters spelled ``<U+XXXX>``.

    Paths and messages can carry text from the article; raw, an escape character could
    drive the terminal and a newline would split one finding over two lines.
    """
    if text.isprintable():
        return text
    return "".join(
        f"<U+{ord(c):04X}>" if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text
    )


def header(finding: Finding, color: bool = False) -> str:
    """``path:line:col: severity rule message``, the line editors and grep understand."""
    f = finding
    return (
        f"{paint(visible(f.path), BOLD, color)}:{f.line}:{f.column}: "
        f"{paint(f.severity, SEVERITY_STYLE.get(f.severity, BOLD), color)} {paint(f.rule, BOLD, color)} {visible(f.message)}"
    )


def format_concise(findings: Sequence[Finding], color: bool = False) -> str:
    """One line per finding and nothing else."""
    return "".join(header(f, color) + "\n" for f in findings)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def tally(findings: Sequence[Finding]) -> Counter:
    """What the summary needs of findings: counts by severity and by fix applicability."""
    counts = Counter(f.severity for f in findings)
    counts.update(f"fix:{f.fix.applicability}" for f in findings if f.fix is not None)
    return counts


def summary(findings: Sequence[Finding] | Counter, files: int, fixed: int = 0, changed_files: int = 0) -> str:
    """One closing line: counts by severity, and what --fix / --unsafe-fixes would do.

    Takes the findings or their ``tally``, so a long run need not keep every finding.
    """
    by_severity = findings if isinstance(findings, Counter) else tally(findings)
    total = sum(by_severity[s] for s in ("error", "warning", "info"))
    safe, unsafe = by_severity["fix:safe"], by_severity["fix:unsafe"]
    parts = []
    if fixed:
        parts.append(f"Fixed {_plural(fixed, 'problem')} in {_plural(changed_files, 'file')}.")
    if total:
        counts = ", ".join(f"{by_severity[s]} {s}" for s in ("error", "warning", "info") if by_severity[s])
        parts.append(f"Found {_plural(total, 'problem')} ({counts}) in {_plural(files, 'file')}.")
        if safe:
            parts.append(f"{safe} fixable with --fix.")
        if unsafe:
            parts.append(f"{unsafe} more with --unsafe-fixes.")
    else:
        parts.append(f"No problems in {_plural(files, 'file')}.")
    return " ".join(parts) + "\n"
