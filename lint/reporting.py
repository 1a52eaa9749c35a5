"""Writing a run's report as results arrive: line formats stream, document formats wait.

Streamed formats (full, concise, json-lines, json as a list written piece by piece) keep
only counts, so a run over any number of files holds one file's findings at a time.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Mapping, Sequence, TextIO

from .exits import fails
from .finding import SEVERITIES, Finding
from .formats import render, tally
from .structs import dataclass

LINE_FORMATS = ("full", "concise", "json-lines")
JSON_SEPARATOR = ",\n"  # what ``json_array_item`` puts before every item but the first


@dataclass(frozen=True, slots=True)
class FileRenderer:
    """One file's findings as a streamed report writes them, done where the file was
    checked (a worker process): the parent only copies the text out. A plain value, so
    it goes to workers as it is."""

    fmt: str
    color: bool = False

    def __call__(self, findings: Sequence[Finding], path: str, lines: Sequence[str] | None) -> tuple[str, Counter]:
        """(the report's text for ``findings`` of ``path``, their tally); a JSON item as if not the first."""
        if self.fmt == "json":
            from .formats import json_array_item

            text = "".join(json_array_item(f, False) for f in findings)
        else:
            text = render(self.fmt, findings, lines={path: lines} if lines is not None else {}, color=self.color)
        return text, tally(findings)


class ReportWriter:
    """Collects findings file by file and writes them in ``fmt`` to ``out``."""

    def __init__(self, fmt: str, out: TextIO, *, rules: Sequence = (), color: bool = False,
                 show_statistics: bool = False, silent: bool = False, tool_version: str = "") -> None:
        self.fmt, self.out, self.rules, self.color = fmt, out, rules, color
        self.show_statistics, self.silent, self.tool_version = show_statistics, silent, tool_version
        self.streamed = not show_statistics and not silent and fmt in (*LINE_FORMATS, "json")
        self.counts: Counter = Counter()
        self.kept: list[Finding] = []
        self.lines: dict[str, Sequence[str]] = {}
        self.items = 0
        self.context: dict = {}  # more keyword arguments for render (html: the run's reuse pairs)

    def add(self, findings: Sequence[Finding], lines: Mapping[str, Sequence[str]] | None = None) -> None:
        self.counts.update(tally(findings))
        if lines and self.fmt == "html":  # the page counts the lines of clean files too
            self.lines.update(lines)
        if not findings:
            return
        if not self.streamed:
            self.kept.extend(findings)
            if lines:
                self.lines.update(lines)
        elif self.fmt == "json":
            from .formats import json_array_item

            if not self.items:
                self.out.write("[\n")
            self.out.write("".join(json_array_item(f, self.items + i == 0) for i, f in enumerate(findings)))
        else:
            self.out.write(render(self.fmt, findings, rules=self.rules, lines=lines or {}, color=self.color))
        self.items += len(findings)

    def file_renderer(self) -> FileRenderer | None:
        """How each file's findings may be written before they reach this writer (``add_result``
        then copies them out); None when the writer needs the findings themselves."""
        return FileRenderer(self.fmt, self.color) if self.streamed else None

    def add_result(self, result: Any) -> None:
        """A ``runner.FileResult``: its findings (with its lines), or the text ``file_renderer`` made of them."""
        if result.rendered is None:
            self.add(result.findings, {result.path: result.lines} if result.lines is not None else None)
            return
        self.counts.update(result.counts)
        text = result.rendered
        if self.fmt == "json":
            text = ("[\n" + text[len(JSON_SEPARATOR):]) if not self.items else text
        self.out.write(text)
        self.items += sum(result.counts[s] for s in SEVERITIES)

    def finish(self, files: int) -> None:
        if self.silent:
            return
        if self.show_statistics:
            from .formats import statistics

            self.out.write(statistics(self.kept, as_json=self.fmt in ("json", "json-lines")))
        elif self.fmt == "json" and self.streamed:
            self.out.write("\n]\n" if self.items else "[]\n")
        elif not self.streamed:
            self.out.write(render(self.fmt, self.kept, rules=self.rules, lines=self.lines, color=self.color,
                                  files=files, tool_version=self.tool_version, **self.context))

    def fails(self, fail_on: str) -> bool:
        """Whether any finding is at or above ``fail_on`` (``never``: none fails)."""
        return fails(self.counts, fail_on)
