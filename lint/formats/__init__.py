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

from typing import Mapping, Sequence

from ..engine import Rule
from ..finding import Finding
from .counts import statistics
from .full import format_full
from .github import format_github
from .gitlab import format_gitlab
from .html import format_html
from .junit import format_junit
from .records import finding_to_dict, format_json, format_json_lines, json_array_item
from .sarif import format_sarif
from .text import format_concise, summary, tally

FORMATS: tuple[str, ...] = ("full", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit", "html")

__all__ = [
    "FORMATS", "finding_to_dict", "format_concise", "format_json", "json_array_item", "render", "statistics",
    "summary", "tally",
]


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
        return format_full(findings, lines, color)
    if fmt == "concise":
        return format_concise(findings, color)
    if fmt == "json":
        return format_json(findings)
    if fmt == "json-lines":
        return format_json_lines(findings)
    if fmt == "sarif":
        return format_sarif(findings, rules, tool_version)
    if fmt == "github":
        return format_github(findings)
    if fmt == "gitlab":
        return format_gitlab(findings)
    if fmt == "junit":
        return format_junit(findings, lines, files)
    if fmt == "html":
        return format_html(findings, lines, files, tool_version, reuse)
    raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
