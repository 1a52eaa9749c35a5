#!/usr/bin/env python3
"""How the report formats scale with one long line holding many findings.

    python bench/long_lines.py               # 100 KB line of "&amp; " (17,000 findings), 3 runs
    python bench/long_lines.py --kb 400 --runs 5

Each format runs as a fresh ``wirelint check`` process; the figure is the median wall
time. The full format lays each line out once (it was once per finding, which made this
case take about a minute against a quarter of a second for concise).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def wirelint() -> list[str]:
    exe = shutil.which("wirelint", path=str(Path(sys.executable).parent)) or shutil.which("wirelint")
    return [exe] if exe else [sys.executable, "-m", "lint"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=100, help="length of the line in KB")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "long.txt"
        article.write_text("&amp; " * (args.kb * 1000 // 6) + "\n", encoding="utf-8")
        print(f"| format | median s ({args.runs} runs, {args.kb} KB line) |\n|---|---|")
        for fmt in ("concise", "full", "junit", "json", "github"):
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                subprocess.run([*wirelint(), "check", "--isolated", "--format", fmt, str(article)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
                times.append(time.perf_counter() - started)
            print(f"| {fmt} | {statistics.median(times):.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
