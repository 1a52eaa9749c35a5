#!/usr/bin/env python3
"""Cost of cross-file reuse detection, the default of ``wirelint check`` on many files.

    python bench/reuse.py check --n 1000 10000 [--format json] [--jobs 1]
    python bench/reuse.py story --copies 500 1000 2000

``check``: for each N, the first N articles of the benchmark corpus (``bench/generate.py``,
where every article shares seed paragraphs with the others, so all of them form one
cluster) checked twice, each a fresh process: the default run (reuse rules on) and the
same run with ``--ignore provenance``. Wall time, CPU time and peak RSS of the child
(``os.wait4``, through ``bench/run.py``'s launcher), and the ratio of the two runs.

``story``: N lightly edited copies of one seed article (three words changed in each, a
headline of their own), ``find_reuse`` in this process: time, comparisons and findings
per copy, to show the cost is linear in the copies.

Both print one JSON object per measurement and a Markdown table at the end. The
"other CPUs" figure says how busy the rest of the machine was (from /proc/stat): CPU
time is the steadier number on a loaded machine.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from generate import generate  # noqa: E402
from run import Launcher, _busy_cpu_seconds, wirelint_command  # noqa: E402


def _timed(launcher: Launcher, cmd: list[str]) -> dict:
    busy = _busy_cpu_seconds()
    result = launcher.run(cmd, timeout=3600)
    after = _busy_cpu_seconds()
    cpu = result["user"] + result["sys"]
    other = None if busy is None or after is None else round(max(after - busy - cpu, 0) / result["wall"], 2)
    return {"seconds": round(result["wall"], 2), "cpu_seconds": round(cpu, 2),
            "peak_rss_mb": round(result["maxrss_kb"] / 1024), "rc": result["rc"], "other_cpus": other}


def bench_check(args: argparse.Namespace) -> list[dict]:
    rows = []
    work = Path(tempfile.mkdtemp(prefix="wirelint-reuse-"))
    launcher = Launcher()
    try:
        for n in args.n:
            corpus = work / f"c{n}"
            generate(n, args.seed, corpus, quiet=True)
            base = [*wirelint_command(args.wirelint), "check", "-q", "--format", args.format]
            if args.jobs is not None:
                base += ["--jobs", str(args.jobs)]
            target = str(corpus / "articles")
            default = _timed(launcher, [*base, target])
            ignored = _timed(launcher, [*base, "--ignore", "provenance", target])
            row = {"files": n, "format": args.format, "jobs": args.jobs, "default": default, "ignore_provenance": ignored,
                   "ratio_seconds": round(default["seconds"] / ignored["seconds"], 2),
                   "ratio_cpu": round(default["cpu_seconds"] / ignored["cpu_seconds"], 2)}
            print(json.dumps(row), flush=True)
            rows.append(row)
            shutil.rmtree(corpus, ignore_errors=True)
    finally:
        launcher.close()
        shutil.rmtree(work, ignore_errors=True)
    return rows


def _copies(count: int, seed: int) -> list[str]:
    text = sorted((HERE.parent / "seeds").glob("*.txt"))[3].read_text(encoding="utf-8")
    words = text.split(" ")
    rng = random.Random(seed)
    found = []
    for number in range(count):
        changed = list(words)
        for _ in range(3):
            changed[rng.randrange(len(changed))] = f"edit{number}"
        found.append(f"Outlet {number} headline\n\n" + " ".join(changed))
    return found


def bench_story(args: argparse.Namespace) -> list[dict]:
    from lint.provenance.checks import source_findings
    from lint.provenance.reuse import Source

    rows = []
    for count in args.copies:
        texts = _copies(count, args.seed)
        sources = [Source.of(f"copy-{n}.txt", t) for n, t in enumerate(texts)]
        cpu, started = time.process_time(), time.perf_counter()
        findings = source_findings(sources)
        row = {"copies": count, "seconds": round(time.perf_counter() - started, 2),
               "cpu_seconds": round(time.process_time() - cpu, 2),
               "cpu_ms_per_copy": round(1000 * (time.process_time() - cpu) / count, 2),
               "findings": len(findings), "files_with_findings": len({f.path for f in findings}),
               "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


def markdown(kind: str, rows: list[dict]) -> str:
    if kind == "check":
        lines = ["| files | format | default s (CPU s) | `--ignore provenance` s (CPU s) | ratio wall / CPU | "
                 "default peak RSS | other CPUs |", "|---:|---|---:|---:|---:|---:|---:|"]
        for r in rows:
            d, i = r["default"], r["ignore_provenance"]
            lines.append(f"| {r['files']:,} | {r['format']} | {d['seconds']} ({d['cpu_seconds']}) | {i['seconds']} "
                         f"({i['cpu_seconds']}) | {r['ratio_seconds']} / {r['ratio_cpu']} | {d['peak_rss_mb']} MB | "
                         f"{d['other_cpus']} |")
    else:
        lines = ["| copies | seconds | CPU s | CPU ms per copy | findings | files with findings |",
                 "|---:|---:|---:|---:|---:|---:|"]
        for r in rows:
            lines.append(f"| {r['copies']:,} | {r['seconds']} | {r['cpu_seconds']} | {r['cpu_ms_per_copy']} | "
                         f"{r['findings']:,} | {r['files_with_findings']:,} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="kind", required=True)
    check = commands.add_parser("check", help="default wirelint check against --ignore provenance")
    check.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    check.add_argument("--format", default="full", choices=("full", "concise", "json"))
    check.add_argument("--jobs", type=int, default=None)
    check.add_argument("--seed", type=int, default=1)
    check.add_argument("--wirelint", help="wirelint command (default: wirelint beside this Python)")
    story = commands.add_parser("story", help="copies of one story: one cluster")
    story.add_argument("--copies", type=int, nargs="+", default=[500, 1000, 2000])
    story.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rows = bench_check(args) if args.kind == "check" else bench_story(args)
    sys.stdout.write(markdown(args.kind, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
