#!/usr/bin/env python3
"""``wirelint corpus check --learn-templates`` on N generated records: time, CPU, memory.

    python bench/templates_dask.py --n 100000 [--workers 2] [--sources 100] [--all-rules]
    python bench/templates_dask.py --n 1000000 --keep     # keeps the shards in bench/out/

Records are the reuse benchmark's articles (``tests/provenance/corpus.py``: seed
paragraphs with 80% of their words replaced, so texts are distinct; one in 50 a planted,
edited copy of an earlier one) from ``--sources`` sources, each source printing its own
five template lines at the head, between paragraphs and after the body, and one record
in three an ``ADVERTISEMENT`` line. Written as JSONL shards (``source`` field), then
checked by a fresh command on a local cluster of ``--workers`` processes:

- ``templates``: ``--learn-templates --source-key source --select residue/template-line``
  (the reuse clusters, the distributed count and the flagging pass; no other rule);
- with ``--all-rules`` also the default rules with and without ``--learn-templates``,
  so the template pass's share of a real run shows.

Wall time around the command (cluster start-up included), CPU of the command and its
workers (user+sys), the largest resident set of any of its processes (and, sampled every
half second, of the driver and of the largest worker), the load average,
and whether every planted template line (and nothing else) was learned. Results:
``bench/out/templates_dask.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

ADVERTISEMENT = "ADVERTISEMENT"


def site(source: int) -> str:
    """A source's name in letters: digits would all normalise to 0, making one name of all."""
    letters = ""
    while True:
        source, digit = divmod(source, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
        if not source:
            return "Site" + letters


def chrome(source: int) -> list[str]:
    """The five template lines of source ``source``."""
    name = site(source)
    return [f"Sign up for the {name} morning newsletter", f"Follow {name} on social media",
            f"More stories from {name}", f"© 2024 {name} Media. All rights reserved.", f"Get the {name} app"]


def record(corpus, index: int, sources: int) -> dict:
    source = index % sources
    lines = chrome(source)
    body = corpus.text(index).split("\n\n")
    body[0] = " ".join(body[1].split()[:8])  # a headline of its own words ("Article 12 headline" is one line to normalise)
    middle = 2 + index % max(len(body) - 2, 1)
    text = [lines[0], *body[:middle], lines[1], *body[middle:], *lines[2:]]
    if index % 3 == 0:
        text.insert(1 + index % (len(text) - 1), ADVERTISEMENT)
    return {"id": f"a{index}", "source": site(source).lower(), "text": "\n\n".join(text) + "\n"}


def _write(task: tuple[str, int, int, int, int]) -> int:
    from provenance.corpus import Corpus

    path, start, stop, size, sources = task
    corpus = Corpus(size, substitution=0.8)
    written = 0
    with open(path, "w", encoding="utf-8") as handle:
        for index in range(start, stop):
            line = json.dumps(record(corpus, index, sources), ensure_ascii=False) + "\n"
            written += len(line.encode("utf-8"))
            handle.write(line)
    return written


def write_shards(folder: Path, size: int, shards: int, sources: int, workers: int) -> tuple[list[Path], int]:
    folder.mkdir(parents=True, exist_ok=True)
    per = -(-size // shards)
    tasks = [(str(folder / f"corpus-{n:04d}.jsonl"), n * per, min(size, (n + 1) * per), size, sources)
             for n in range(shards) if n * per < size]
    with ProcessPoolExecutor(workers) as pool:
        written = sum(pool.map(_write, tasks))
    return [Path(t[0]) for t in tasks], written


def _sample_rss(pid: int, peaks: dict, done) -> None:
    """Peak resident set of the command (the driver) and of its largest descendant (a worker)."""
    import psutil

    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not done.wait(0.5):
        try:
            peaks["driver"] = max(peaks["driver"], root.memory_info().rss)
            for child in root.children(recursive=True):
                peaks["worker"] = max(peaks["worker"], child.memory_info().rss)
        except psutil.Error:
            continue


def timed(command: list[str]) -> dict:
    import threading

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()
    started = time.perf_counter()
    peaks, done = {"driver": 0, "worker": 0}, threading.Event()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    sampler = threading.Thread(target=_sample_rss, args=(process.pid, peaks, done), daemon=True)
    sampler.start()
    stdout, stderr = process.communicate(timeout=7200)
    done.set()
    result = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:6])} failed ({result.returncode}): {result.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
            "max_rss_mb": round(after.ru_maxrss / 1024), "driver_peak_rss_mb": round(peaks["driver"] / 2**20),
            "worker_peak_rss_mb": round(peaks["worker"] / 2**20), "loadavg_before": [round(x, 2) for x in load],
            "loadavg_after": [round(x, 2) for x in os.getloadavg()]}


def run(shards: list[Path], out: Path, workers: int, extra: list[str]) -> dict:
    command = [sys.executable, "-m", "lint.distributed.cli", "check", *map(str, shards), "--out", str(out),
               "--workers", str(workers), "-q", *extra]
    found = timed(command)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    found.update(findings=summary["findings"], reuse_clusters=(summary.get("reuse") or {}).get("clusters"),
                 reuse_seconds=(summary.get("reuse") or {}).get("seconds"), templates=summary.get("templates"))
    return found


def learned_right(out: Path, sources: int) -> bool:
    """Whether the learned lines are exactly the planted template lines."""
    from lint.provenance.templates import Templates, normalise

    saved = Templates.from_json((out / "templates.json").read_text(encoding="utf-8"), "templates.json")
    planted = {normalise(line) for source in range(sources) for line in chrome(source)} | {normalise(ADVERTISEMENT)}
    return {normalise(entry["sample"]) for entry in saved.lines.values()} == planted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100000, help="records (default 100000)")
    parser.add_argument("--sources", type=int, default=100, help="sources, five template lines each (default 100)")
    parser.add_argument("--shards", type=int, default=0, help="JSONL shards (default: one per 25,000 records, at least 4)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="local cluster processes")
    parser.add_argument("--all-rules", action="store_true", help="also time the default rules with and without templates")
    parser.add_argument("--keep", action="store_true", help="keep the generated shards and outputs (in bench/out/)")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="wirelint-templates-dask-", dir=OUT))
    rows = {}
    try:
        started = time.perf_counter()
        shards, size = write_shards(work / "shards", args.n, args.shards or max(4, args.n // 25000), args.sources,
                                    args.workers)
        rows["corpus"] = {"records": args.n, "mb": round(size / 1e6, 1), "shards": len(shards),
                          "sources": args.sources, "generated_seconds": round(time.perf_counter() - started, 1)}
        print(json.dumps(rows["corpus"]), file=sys.stderr, flush=True)
        runs = [("templates", ["--learn-templates", "--source-key", "source", "--select", "residue/template-line"])]
        if args.all_rules:
            runs += [("all rules", []), ("all rules + templates", ["--learn-templates", "--source-key", "source"])]
        for name, extra in runs:
            out = work / name.replace(" ", "-").replace("+", "and")
            rows[name] = run(shards, out, args.workers, extra)
            if "--learn-templates" in extra:
                rows[name]["learned_exactly_the_planted_lines"] = learned_right(out, args.sources)
            rows[name]["cpu_ms_per_record"] = round(1000 * rows[name]["cpu_seconds"] / args.n, 3)
            print(json.dumps({name: rows[name]}), file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    (OUT / f"templates_dask-{args.n}.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
