"""The exit codes every command uses, and the one test of whether findings fail a run."""
from __future__ import annotations

from typing import Mapping

from .finding import SEVERITY_RANK

EXIT_OK = 0  # nothing at or above --fail-on, nothing changed
EXIT_FINDINGS = 1  # findings at or above --fail-on, or files changed by --fix
EXIT_ERROR = 2  # a usage error, or a path, file, record or output that could not be handled
EXIT_INTERRUPTED = 130  # Ctrl-C or SIGTERM


def fails(counts: Mapping[str, int], fail_on: str) -> bool:
    """Whether ``counts`` (findings by severity) hold any at or above ``fail_on`` (``never``: none fails)."""
    if fail_on == "never":
        return False
    return any(counts.get(s, 0) for s, rank in SEVERITY_RANK.items() if rank >= SEVERITY_RANK[fail_on])


def exit_code(errors: int, counts: Mapping[str, int], fail_on: str, changed: bool = False) -> int:
    """The code a run ends with: errors first, then failing findings or changed files."""
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if fails(counts, fail_on) or changed else EXIT_OK
