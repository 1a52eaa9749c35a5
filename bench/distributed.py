#!/usr/bin/env python3
"""Corpus mode on Dask against the single-process corpus mode, and what the reuse shuffle costs.

    python bench/distributed.py lint --n 100000 [--workers 2] [--shards 16] [--fix]
    python bench/distributed.py reuse --sizes 100000 1000000 [--workers 2]
    python bench/distributed.py lint --n 2000 --quick     # smoke test

``lint``: N articles from ``bench/generate.py`` (residue and damage injected) as JSONL
shards; ``wirelint check --jsonl --format json-lines -o FILE`` (one process) and
``wirelint corpus check --out DIR`` on a local cluster of ``--workers`` processes, each
run as a fresh command, wall time around it (the cluster's start-up included). The two
outputs are compared finding for finding.

``reuse``: N articles from ``tests/provenance/corpus.py`` (seed paragraphs with 80% of
their words replaced, so texts are distinct; one in 50 a planted, edited copy of an
earlier one) as JSONL shards, and ``run_reuse`` on a local
cluster, timed stage by stage: signatures, the band-key shuffle (links between records),
the confirmation shuffle. Recall is the share of planted copies found.

``busy CPUs`` is how many CPUs the whole machine kept busy during a run (/proc/stat): about
1 for one process and ``--workers`` for the cluster on a quiet machine; more means other
work shared the machine. Results: ``bench/out/distributed.json`` and ``.md``.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
# This file is named like the ``distributed`` package: keep its folder off the import path
# (Python puts a script's folder first), and load bench/generate.py by its path instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]


def _generator(seed: int):
    import importlib.util

    spec = importlib.util.spec_from_file_location("wirelint_bench_generate", BENCH / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.Generator(seed)


def _busy_cpu_seconds() -> float | None:
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(x) for x in handle.readline().split()[1:]]
    except OSError:
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    """CPU seconds of finished child processes and the descendants they waited for (the
    cluster's worker processes are children of the command, so they count)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], env: dict | None = None) -> dict:
    busy = _busy_cpu_seconds()
    load = os.getloadavg()[0]
    cpu = _children_cpu()
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, env=env, timeout=7200)
    wall = time.perf_counter() - started
    cpu = _children_cpu() - cpu
    after = _busy_cpu_seconds()
    if result.returncode not in (0, 1):
        raise SystemExit(f"{command[:4]} failed ({result.returncode}): {result.stderr.decode()[-2000:]}")
    return {
        "seconds": round(wall, 2), "cpu_seconds": round(cpu, 1), "exit": result.returncode,
        "loadavg_before": round(load, 2),
        "busy_cpus": round((after - busy) / wall, 2) if busy is not None and after is not None else None,
    }


def _wirelint() -> list[str]:
    exe = shutil.which("wirelint", path=os.path.dirname(sys.executable))
    return [exe] if exe else [sys.executable, "-m", "lint"]


def _write_shards(folder: Path, texts, count: int, shards: int, prefix: str) -> list[Path]:
    """``count`` records from ``texts(i)`` in ``shards`` JSONL files of consecutive records."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    per = -(-count // shards)
    for number in range(shards):
        path = folder / f"{prefix}-{number:04d}.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for index in range(number * per, min(count, (number + 1) * per)):
                handle.write(json.dumps({"id": f"a{index}", "source": f"site{index % 7}", "text": texts(index)},
                                        ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def _same_findings(single: Path, out: Path, shards: list[Path]) -> bool:
    """Whether the cluster's findings files, in shard order, are the single-process report."""
    with open(single, encoding="utf-8") as handle:
        expected = handle.read().split("\n")
    at = 0
    for shard in shards:
        with open(out / "findings" / shard.name, encoding="utf-8") as handle:
            for line in handle.read().split("\n"):
                if not line:
                    continue
                item = json.loads(line)
                del item["shard"], item["record"]
                if at >= len(expected) or json.loads(expected[at]) != item:
                    return False
                at += 1
    return at == len([line for line in expected if line])


def bench_lint(args: argparse.Namespace, work: Path) -> dict:
    gen = _generator(1)
    started = time.perf_counter()
    shards = _write_shards(work / "lint", lambda i: gen.article(i)[0], args.n, args.shards, "articles")
    size = sum(p.stat().st_size for p in shards)
    made = time.perf_counter() - started
    rows = []
    for fix in ([False, True] if args.fix else [False]):
        flag = ["--fix"] if fix else []
        single_out = work / "single.jsonl"
        single = _timed([*_wirelint(), "check", "--jsonl", "--format", "json-lines", "-o", str(single_out), "-q",
                         *flag, *map(str, shards)])
        out = work / ("cluster-fix" if fix else "cluster")
        cluster = _timed([sys.executable, "-m", "lint.distributed.cli", "check", *map(str, shards), "--out", str(out),
                          "--workers", str(args.workers), "-q", *flag])
        same = _same_findings(single_out, out, shards)
        if fix:
            same = same and all((out / "fixed" / p.name).read_bytes() == p.with_suffix(".fixed.jsonl").read_bytes()
                                for p in shards)
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        rows.append({
            "mode": "check --fix" if fix else "check", "records": args.n, "mb": round(size / 1e6, 1),
            "findings": summary["findings"], "identical_output": same,
            "single": {**single, "records_per_s": round(args.n / single["seconds"]),
                       "cpu_ms_per_record": round(1000 * single["cpu_seconds"] / args.n, 3)},
            "cluster": {**cluster, "records_per_s": round(args.n / cluster["seconds"]), "workers": args.workers,
                        "cpu_ms_per_record": round(1000 * cluster["cpu_seconds"] / args.n, 3)},
            "speedup": round(single["seconds"] / cluster["seconds"], 2),
        })
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return {"generated_seconds": round(made, 1), "shards": args.shards, "runs": rows}


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def bench_reuse(args: argparse.Namespace, work: Path) -> list[dict]:
    from dask.distributed import Client, LocalCluster
    from provenance.corpus import Corpus

    from lint.corpus import CorpusKeys
    from lint.distributed.outputs import OutDir
    from lint.distributed.reuse_job import run_reuse
    from lint.distributed.shards import find_shards, measure, plan_slices

    rows = []
    for size in args.sizes:
        corpus = Corpus(size, substitution=args.substitution)
        folder = work / f"reuse-{size}"
        started = time.perf_counter()
        shards = _write_shards(folder, corpus.text, size, max(args.workers * 4, size // 25000), "corpus")
        made = time.perf_counter() - started
        megabytes = sum(p.stat().st_size for p in shards) / 1e6
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.CRITICAL)
        with Client(cluster) as client:
            slices = plan_slices(find_shards([str(p) for p in shards]), 64 << 20,
                                 lambda calls: client.gather(client.map(measure, *zip(*calls))))
            busy = _busy_cpu_seconds()
            cpu = sum(client.run(_cpu_seconds).values())
            started = time.perf_counter()
            stats = run_reuse(client, slices, OutDir.of(str(folder / "out")), CorpusKeys())
            wall = time.perf_counter() - started
            cpu = sum(client.run(_cpu_seconds).values()) - cpu
            after = _busy_cpu_seconds()
            peak = client.run(_peak_rss_mb)
        cluster.close()
        found = set()
        for path in (folder / "out" / "reuse").glob("*.jsonl"):
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    item = json.loads(line)
                    found.add((int(item["a_record"][1:]), int(item["b_record"][1:])))
        planted = corpus.planted()
        counts = stats.as_dict()
        row = {
            "records": size, "mb": round(megabytes, 1), "slices": len(slices), "workers": args.workers,
            "generated_seconds": round(made, 1), "seconds": round(wall, 1),
            "records_per_s": round(size / wall), "worker_cpu_seconds": round(cpu, 1), "seconds_by_stage": counts.pop("seconds"), **counts,
            "shuffle_mb": round(stats.shuffle_bytes / 1e6, 1),
            "entries_per_record": round(stats.band_entries / max(stats.records, 1), 1),
            "planted": len(planted), "recall": round(len(found & planted) / len(planted), 4) if planted else None,
            "other_pairs": len(found - planted), "all_pairs": size * (size - 1) // 2,
            "worker_peak_rss_mb": round(max(peak.values())),
            "busy_cpus": round((after - busy) / wall, 2) if busy is not None and after is not None else None,
        }
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return rows


def markdown(results: dict) -> str:
    lines = [f"wirelint on Dask, {results['date']}: {results['cpus']} CPUs, Python {results['python']}, "
             f"dask {results['dask']}.", ""]
    if results.get("lint"):
        lines += ["| mode | records | MB | single s | single rec/s | cluster s | cluster rec/s | workers | speed-up | "
                  "CPU ms/record single / cluster | busy CPUs single / cluster | identical |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|"]
        for run in results["lint"]["runs"]:
            s, c = run["single"], run["cluster"]
            lines.append(f"| {run['mode']} | {run['records']:,} | {run['mb']} | {s['seconds']} | {s['records_per_s']:,} | "
                         f"{c['seconds']} | {c['records_per_s']:,} | {c['workers']} | {run['speedup']} | "
                         f"{s['cpu_ms_per_record']} / {c['cpu_ms_per_record']} | "
                         f"{s['busy_cpus']} / {c['busy_cpus']} | {run['identical_output']} |")
        lines.append("")
    if results.get("reuse"):
        lines += ["| records | MB | slices | total s | worker CPU s | signatures s | band shuffle s | confirmation s | band entries | "
                  "shuffle MB | edges | clusters | comparisons | shared | recall | worker peak RSS MB | busy CPUs |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in results["reuse"]:
            stage = r["seconds_by_stage"]
            lines.append(f"| {r['records']:,} | {r['mb']} | {r['slices']} | {r['seconds']} | {r['worker_cpu_seconds']} | {stage['signatures']} | "
                         f"{stage['band shuffle']} | {stage['confirmation']} | {r['band_entries']:,} | {r['shuffle_mb']} | "
                         f"{r['edges']:,} | {r['clusters']:,} | {r['candidate_pairs']:,} | {r['shared_pairs']:,} | {r['recall']} | "
                         f"{r['worker_peak_rss_mb']} | {r['busy_cpus']} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("lint", "reuse", "all"))
    parser.add_argument("--n", type=int, default=100000, help="records for the lint comparison (default 100000)")
    parser.add_argument("--shards", type=int, default=16, help="JSONL shards for the lint comparison (default 16)")
    parser.add_argument("--fix", action="store_true", help="also compare --fix runs")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100000, 1000000], help="reuse corpus sizes")
    parser.add_argument("--substitution", type=float, default=0.8,
                        help="share of words the reuse corpus replaces in seed paragraphs (default 0.8)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="local cluster processes")
    parser.add_argument("--quick", action="store_true", help="2,000 records and a 20,000-record reuse run")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora (in bench/out/)")
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.sizes, args.shards = 2000, [20000], 4
    import dask

    OUT.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="wirelint-distributed-", dir=OUT))
    results: dict = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "cpus": os.cpu_count(),
        "python": platform.python_version(), "dask": dask.__version__,
    }
    try:
        if args.what in ("lint", "all"):
            results["lint"] = bench_lint(args, work)
        if args.what in ("reuse", "all"):
            results["reuse"] = bench_reuse(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    name = "distributed-quick" if args.quick else f"distributed-{args.what}"
    (OUT / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    table = markdown(results)
    (OUT / f"{name}.md").write_text(table, encoding="utf-8")
    sys.stdout.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
