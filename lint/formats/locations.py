"""Where a finding is, as other tools want it: the last line covered, a forward-slash path."""
from __future__ import annotations

import os


def last_line(line: int, end_line: int, end_column: int) -> int:
    """The last line a span covers: one ending at column 1 stops at the line before."""
    return end_line - 1 if end_column == 1 and end_line > line else end_line


def forward_slashes(path: str) -> str:
    """``path`` with this platform's separators as ``/`` (a POSIX name may hold a backslash)."""
    for separator in (os.sep, os.altsep):
        if separator and separator != "/":
            path = path.replace(separator, "/")
    return path
