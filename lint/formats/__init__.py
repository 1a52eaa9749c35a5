"""Output formats: pure functions from findings (and read-only context) to text. They never run checks.

``render`` is the one entry point; ``FORMATS`` names what it accepts. Each format lives in
its own module; the context a format may need is passed in, never looked up:

- ``rules``: the rules that ran, for SARIF's rule metadata;
- ``lines``: for each finding path (``file.jsonl#id`` for a corpus record), the text the
  findings were computed on split on ``\\n``, for the source excerpts of ``full`` and ``junit``;
- ``files``: how many files were checked, for a clean JUnit report;
- ``tool_version``: for SARIF's driver and the HTML page;
- ``reuse``: the run's reuse pairs, for the HTML page's clusters (None: not computed).
"""
from __future__ import annotations

import importlib
from typing import Any, Mapping, Sequence

from ..engine import Rule
from ..finding import Finding

FORMATS: tuple[str, ...] = ("full", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit", "html")

__all__ = [
    "FORMATS", "finding_to_dict", "format_concise", "format_json", "json_array_item", "render", "statistics",
    "summary", "tally",
]

# Where each name this package exports is defined. A module is imported when one of its
# names is first used: a run imports the one format it writes (JUnit's XML library and
# SARIF's URL quoting cost a one-file run more than checking the file does).
_DEFINED_IN = {
    "finding_to_dict": "records", "format_json": "records", "json_array_item": "records",
    "format_concise": "text", "summary": "text", "tally": "text", "statistics": "counts",
}


def __getattr__(name: str) -> Any:
    module = _DEFINED_IN.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def render(
    fmt: str,
    findings: Sequence[Finding],
    *,
    rules: Sequence[Rule] = (),
    lines: Mapping[str, Sequence[str]] | None = None,
    color: bool = False,
    files: int = 0,
    tool_version: str = "",
    reuse: Sequence[Mapping] | None = None,
) -> str:
    """``findings`` in format ``fmt`` (one of ``FORMATS``); ``color`` affects full and concise only.

    For ``html``, ``lines`` holds every checked file's text, clean files too.
    """
    lines = lines if lines is not None else {}
    if fmt == "full":
        from .full import format_full

        return format_full(findings, lines, color)
    if fmt == "concise":
        from .text import format_concise

        return format_concise(findings, color)
    if fmt in ("json", "json-lines"):
        from .records import format_json, format_json_lines

        return format_json(findings) if fmt == "json" else format_json_lines(findings)
    if fmt == "sarif":
        from .sarif import format_sarif

        return format_sarif(findings, rules, tool_version)
    if fmt == "github":
        from .github import format_github

        return format_github(findings)
    if fmt == "gitlab":
        from .gitlab import format_gitlab

        return format_gitlab(findings)
    if fmt == "junit":
        from .junit import format_junit

        return format_junit(findings, lines, files)
    if fmt == "html":
        from .html import format_html

        return format_html(findings, lines, files, tool_version, reuse)
    raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
