#!/usr/bin/env python3
"""The datatrove pipeline (wirelint's steps) against ``wirelint corpus check`` on Dask, same records.

    python bench/pipelines.py --n 100000 [--workers 2] [--shards 16]
    python bench/pipelines.py --n 2000 --shards 4        # smoke test

N articles from ``bench/generate.py`` (residue and damage injected) as JSONL shards, then,
each as a fresh command with the wall time around it (start-up included), in two modes:

- check: datatrove ``JsonlReader → WirelintFilter → JsonlWriter`` (findings into each
  document's metadata; nothing dropped) against ``wirelint corpus check --out DIR``;
- check + fix: ``JsonlReader → WirelintFilter → WirelintFormatter → JsonlWriter`` against
  ``wirelint corpus check --fix``.

Both run ``--workers`` processes (datatrove: ``LocalPipelineExecutor(tasks=shards,
workers=N)``; Dask: a local cluster of N processes). ``same`` checks that they agree: per-rule
finding counts (check) and every fixed text (check + fix). ``busy CPUs`` is what the whole
machine kept busy during a run (/proc/stat): near ``--workers`` on a quiet machine, more
when other work shared it. Results: ``bench/out/pipelines.json`` and ``.md``.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"


def _generator(seed: int):
    spec = importlib.util.spec_from_file_location("wirelint_bench_generate", BENCH / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.Generator(seed)


def write_shards(folder: Path, n: int, shards: int) -> list[Path]:
    """``n`` generated articles as ``shards`` JSONL files of consecutive records."""
    gen = _generator(1)
    folder.mkdir(parents=True, exist_ok=True)
    per, paths = -(-n // shards), []
    for number in range(shards):
        path = folder / f"articles-{number:04d}.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for index in range(number * per, min(n, (number + 1) * per)):
                record = {"id": f"a{index}", "source": f"site{index % 7}", "text": gen.article(index)[0]}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def _busy_seconds() -> float:
    with open("/proc/stat", encoding="ascii") as handle:
        fields = [int(x) for x in handle.readline().split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def timed(command: list[str]) -> dict:
    """Wall and CPU seconds of one fresh command (its worker processes included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu, busy, started = usage.ru_utime + usage.ru_stime, _busy_seconds(), time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, timeout=7200)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:5])} failed ({result.returncode}): {result.stderr[-2000:]}")
    return {"seconds": round(wall, 2), "cpu_seconds": round(usage.ru_utime + usage.ru_stime - cpu, 1),
            "busy_cpus": round((_busy_seconds() - busy) / wall, 2)}


def run_datatrove(source: str, out: str, logs: str, tasks: int, workers: int, fix: bool) -> None:
    """The pipeline the benchmark times (``--run-datatrove``: in its own process)."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from lint.integrations.datatrove import WirelintFilter, WirelintFormatter

    steps = [JsonlReader(source), WirelintFilter(), *([WirelintFormatter()] if fix else []), JsonlWriter(out)]
    # fork, not datatrove's default forkserver: workers are then this command's children, so
    # their CPU time is counted (forkserver's are not reaped by it)
    LocalPipelineExecutor(pipeline=steps, tasks=tasks, workers=workers, logging_dir=logs, start_method="fork").run()


def _datatrove_texts(folder: Path) -> dict[str, str]:
    texts = {}
    for path in folder.glob("*.jsonl.gz"):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            texts.update((doc["id"], doc["text"]) for doc in map(json.loads, handle))
    return texts


def _dask_texts(folder: Path) -> dict[str, str]:
    texts = {}
    for path in folder.glob("*.jsonl"):
        with open(path, encoding="utf-8") as handle:
            texts.update((doc["id"], doc["text"]) for doc in map(json.loads, handle))
    return texts


def _filter_rule_counts(logs: Path) -> dict[str, int]:
    steps = json.loads((logs / "stats.json").read_text(encoding="utf-8"))
    stats = next(step["stats"] for step in steps if "FILTER" in step["name"])
    return {name: value for name, value in stats.items() if "/" in name and isinstance(value, int)}


def bench(args: argparse.Namespace, work: Path) -> dict:
    started = time.perf_counter()
    shards = write_shards(work / "shards", args.n, args.shards)
    made = time.perf_counter() - started
    megabytes = sum(p.stat().st_size for p in shards) / 1e6
    rows = []
    for fix in (False, True):
        name = "fix" if fix else "check"
        datatrove_out, logs, dask_out = work / f"datatrove-{name}", work / f"logs-{name}", work / f"dask-{name}"
        datatrove = timed([sys.executable, __file__, "--run-datatrove", str(work / "shards"), str(datatrove_out), str(logs),
                           str(args.shards), str(args.workers), *(["--fix"] if fix else [])])
        dask = timed([sys.executable, "-m", "lint.distributed.cli", "check", *map(str, shards), "--out", str(dask_out),
                      "--workers", str(args.workers), "-q", *(["--fix"] if fix else [])])
        if fix:
            same = _datatrove_texts(datatrove_out) == _dask_texts(dask_out / "fixed")
        else:
            summary = json.loads((dask_out / "summary.json").read_text(encoding="utf-8"))
            same = _filter_rule_counts(logs) == summary["rules"]
        row = {"mode": "check + fix" if fix else "check", "records": args.n, "mb": round(megabytes, 1),
               "workers": args.workers, "same": same}
        for label, figures in (("datatrove", datatrove), ("dask", dask)):
            row[label] = {**figures, "records_per_s": round(args.n / figures["seconds"]),
                          "cpu_ms_per_record": round(1000 * figures["cpu_seconds"] / args.n, 2)}
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
        for folder in (datatrove_out, logs, dask_out):
            shutil.rmtree(folder, ignore_errors=True)
    return {"generated_seconds": round(made, 1), "shards": args.shards, "runs": rows}


def markdown(results: dict) -> str:
    lines = [f"datatrove pipeline against wirelint corpus check (Dask), {results['date']}: {results['cpus']} CPUs, "
             f"Python {results['python']}, datatrove {results['datatrove']}, dask {results['dask']}.", "",
             "| mode | records | MB | workers | datatrove s | datatrove rec/s | Dask s | Dask rec/s | "
             "CPU ms/record datatrove / Dask | busy CPUs datatrove / Dask | same |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|"]
    for run in results["runs"]:
        d, k = run["datatrove"], run["dask"]
        lines.append(f"| {run['mode']} | {run['records']:,} | {run['mb']} | {run['workers']} | {d['seconds']} | "
                     f"{d['records_per_s']:,} | {k['seconds']} | {k['records_per_s']:,} | "
                     f"{d['cpu_ms_per_record']} / {k['cpu_ms_per_record']} | {d['busy_cpus']} / {k['busy_cpus']} | "
                     f"{run['same']} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--run-datatrove"]:
        source, out, logs, tasks, workers = argv[1:6]
        run_datatrove(source, out, logs, int(tasks), int(workers), fix="--fix" in argv)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100000, help="records (default 100000)")
    parser.add_argument("--shards", type=int, default=16, help="JSONL shards, one datatrove task each (default 16)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes for both (default: CPUs)")
    args = parser.parse_args(argv)
    import dask
    from importlib.metadata import version

    OUT.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="wirelint-pipelines-", dir=OUT))
    results = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "cpus": os.cpu_count(),
               "python": platform.python_version(), "datatrove": version("datatrove"),
               "dask": dask.__version__}
    try:
        results.update(bench(args, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (OUT / "pipelines.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    table = markdown(results)
    (OUT / "pipelines.md").write_text(table, encoding="utf-8")
    sys.stdout.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
