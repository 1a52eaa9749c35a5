"""The HTML report: one self-contained page for a batch (``lint.report`` draws it).

A pure renderer like the other formats: findings, the texts they were computed on and
the run's reuse pairs in, a page out. Clean files count too, so ``lines`` maps every
checked file (with or without findings) to its text lines. Needs the ``report`` extra.
"""
from __future__ import annotations

from typing import Mapping, Sequence

from ..finding import Finding


def format_html(
    findings: Sequence[Finding],
    lines: Mapping[str, Sequence[str]],
    files: int = 0,
    tool_version: str = "",
    reuse: Sequence[Mapping] | None = None,
    title: str = "wirelint report",
) -> str:
    """The page. ``reuse``: reuse pairs in ``wirelint provenance --format json``'s shape;
    None when reuse detection did not run (the page then says "not computed")."""
    from ..report.build import Inputs, build_batch, item_of
    from ..report.page import render_page

    paths = list(lines)
    unread = files - len(paths) if files > len(paths) else 0
    note = f"{unread} could not be read" if unread else ""
    inputs = Inputs(
        [item_of(f) for f in findings], paths, lines, pairs=reuse, title=title, tool_version=tool_version,
        files_note=note, lines_known=not unread,
    )
    return render_page(build_batch(inputs))
