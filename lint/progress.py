"""A one-line progress display on stderr for long runs: done/total, rate and time left."""
from __future__ import annotations

import os
import sys
import time
from typing import TextIO


def wanted(quiet: bool, stream: TextIO = sys.stderr) -> bool:
    """Only on an interactive terminal, never with --quiet or under CI."""
    return not quiet and stream.isatty() and not os.environ.get("CI")


class Progress:
    """Redraws at most ten times a second; ``close`` clears the line."""

    def __init__(self, total: int, unit: str = "files", stream: TextIO = sys.stderr) -> None:
        self.total, self.unit, self.stream = total, unit, stream
        self.done = 0
        self.started = self.drawn = time.monotonic()

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.drawn >= 0.1 or self.done == self.total:
            self.drawn = now
            rate = self.done / max(now - self.started, 1e-9)
            left = (self.total - self.done) / rate if rate and self.total else 0
            total = f"/{self.total}" if self.total else ""
            self.stream.write(f"\r{self.done}{total} {self.unit}  {rate:,.0f}/s  ETA {left:4.0f}s ")
            self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()
