#!/usr/bin/env python3
"""wirelint benchmark: wirelint against ripgrep and proselint on one generated corpus.

    python bench/run.py                      # 2,000 files, 5 runs each (about 4 minutes)
    python bench/run.py --n 10000 --runs 5   # the reference corpus size (about 10 minutes)
    python bench/run.py --quick              # smoke test (under a minute)

Every command runs as a fresh child process, started by a small launcher process; its
wall time is taken around the child and its peak RSS is the child's own ``ru_maxrss``
from ``os.wait4`` (for a command that forks workers: the largest single process; the
launcher's own few MB are the floor). The commands run in rounds (each round runs every
command once) and each figure is the median of ``--runs`` runs. The Markdown table goes
to standard output and everything to ``bench/out/results.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402  (bench/generate.py)
import patterns  # noqa: E402  (bench/patterns.py)

OUT = BENCH / "out"
TIMEOUT = 1800.0
# The fixed 86-regex workload of the shared reference figures, beside the checkout.
SHARED_PATTERNS = next((p for p in (BENCH.parent.parent.parent / "shared" / "bench" / "patterns.txt",
                                    Path("/work/shared/bench/patterns.txt")) if p.is_file()), None)
CONTENDED = 0.2  # CPUs kept busy by other processes above which a row is marked contended
REUSE_RULES = ("provenance/duplicate-article", "provenance/uncredited-reuse")


# --- measuring ------------------------------------------------------------------------------

# Peak RSS: Linux carries a process's high-water mark across exec, and a child forked from
# this script starts with this script's memory (tens of MB once the rules are loaded). So
# commands are started by a tiny launcher (python -I -S, about 5 MB) that forks, execs,
# and reads the child's own ru_maxrss with os.wait4; the wall time is taken there too.
_LAUNCHER = r"""
import json, os, signal, sys, time
def alarm(signum, frame):
    try:
        os.kill(child, signal.SIGKILL)
    except OSError:
        pass
signal.signal(signal.SIGALRM, alarm)
for line in sys.stdin:
    job = json.loads(line)
    started = time.perf_counter()
    child = os.fork()
    if child == 0:
        try:
            fd = os.open(os.devnull, os.O_RDONLY); os.dup2(fd, 0)
            fd = os.open(job["stdout"] or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644); os.dup2(fd, 1)
            fd = os.open(job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644); os.dup2(fd, 2)
            env = dict(os.environ, **(job.get("env") or {}))
            os.execvpe(job["cmd"][0], job["cmd"], env)
        except BaseException as exc:
            os.write(2, ("cannot run: %s\n" % exc).encode())
        os._exit(127)
    signal.setitimer(signal.ITIMER_REAL, job["timeout"])
    _, status, usage = os.wait4(child, 0)
    wall = time.perf_counter() - started
    signal.setitimer(signal.ITIMER_REAL, 0)
    print(json.dumps({"wall": wall, "maxrss_kb": usage.ru_maxrss, "user": usage.ru_utime, "sys": usage.ru_stime,
                      "rc": os.waitstatus_to_exitcode(status), "timed_out": wall >= job["timeout"]}), flush=True)
"""


class Launcher:
    """The small process that starts every measured command (see _LAUNCHER)."""

    def __init__(self, env: dict | None = None) -> None:
        self.proc = subprocess.Popen([sys.executable, "-I", "-S", "-c", _LAUNCHER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env=env)

    def run(self, cmd: list[str], stdout: Path | None = None, timeout: float = TIMEOUT, env: dict | None = None) -> dict:
        with tempfile.NamedTemporaryFile(prefix="bench-stderr-", delete=False) as err:
            err_path = err.name
        try:
            job = {"cmd": cmd, "stdout": str(stdout) if stdout else None, "stderr": err_path, "timeout": timeout,
                   "env": env or {}}
            self.proc.stdin.write(json.dumps(job) + "\n")
            self.proc.stdin.flush()
            reply = self.proc.stdout.readline()
            if not reply:
                raise RuntimeError("the launcher process died")
            result = json.loads(reply)
            result["stderr"] = Path(err_path).read_text(encoding="utf-8", errors="replace")[-2000:]
        finally:
            os.unlink(err_path)
        return result

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)


def _busy_cpu_seconds() -> float | None:
    """CPU seconds all processes have used since boot (Linux /proc/stat), or None."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = handle.readline().split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu":
        return None
    user, nice, system, _idle, _iowait, irq, softirq, *rest = (int(x) for x in fields[1:])
    steal = rest[0] if rest else 0
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _output_stats(path: Path) -> dict:
    size = path.stat().st_size
    with open(path, "rb") as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    return {"stdout_bytes": size, "stdout_lines": lines}


class Bench:
    """Benchmarks are declared first, then run in rounds: each round runs every command
    once, in order. On a shared machine a burst of other work then slows one run of
    every command instead of all the runs of one, so medians and ratios stay comparable."""

    def __init__(self, args: argparse.Namespace, work: Path, launcher: Launcher) -> None:
        self.args = args
        self.launcher = launcher
        self.work = work
        self.specs: list[dict] = []
        self.results: dict[str, dict] = {}
        self.skipped: dict[str, str] = {}
        self.order: list[str] = []

    def measure(self, name: str, cmd: list[str], *, runs: int, files: int, nbytes: int,
                prepare=None, note: str = "", group: str = "", env: dict | None = None) -> None:
        outputs = self.work / "stdout"
        outputs.mkdir(exist_ok=True)
        sink = outputs / (name.replace(" ", "_").replace("/", "_") + ".txt")
        self.specs.append({"name": name, "cmd": cmd, "runs": runs, "files": files, "nbytes": nbytes,
                           "prepare": prepare, "note": note, "group": group, "env": env, "sink": sink})

    def _sample(self, spec: dict) -> dict:
        if spec["prepare"] is not None:
            spec["prepare"]()
        busy_before = _busy_cpu_seconds()
        sample = self.launcher.run(spec["cmd"], spec["sink"], env=spec["env"], timeout=self.args.timeout)
        busy_after = _busy_cpu_seconds()
        if busy_before is not None and busy_after is not None and sample["wall"] >= 0.5:  # 10 ms ticks
            # CPUs kept busy by other processes while this command ran (in CPUs)
            other = busy_after - busy_before - sample["user"] - sample["sys"]
            sample["other_cpus"] = max(other, 0.0) / sample["wall"]
        sample["loadavg"] = os.getloadavg()[0]
        return sample

    def execute(self) -> None:
        samples: dict[str, list[dict]] = {spec["name"]: [] for spec in self.specs}
        rounds = max((spec["runs"] for spec in self.specs), default=0)
        for number in range(rounds):
            print(f"round {number + 1}/{rounds}", file=sys.stderr)
            for spec in self.specs:
                taken = samples[spec["name"]]
                if number >= spec["runs"] or any(s["timed_out"] for s in taken):
                    continue
                sample = self._sample(spec)
                taken.append(sample)
                print(f"  {spec['name']}: {sample['wall']:.2f} s", file=sys.stderr, flush=True)
        for spec in self.specs:
            self._summarise(spec, samples[spec["name"]])

    def _summarise(self, spec: dict, samples: list[dict]) -> None:
        name, files, nbytes, note = spec["name"], spec["files"], spec["nbytes"], spec["note"]
        walls = [s["wall"] for s in samples]
        median = statistics.median(walls)
        first = samples[0]
        result = {
            "name": name, "group": spec["group"], "cmd": shlex.join(spec["cmd"]), "env": spec["env"] or {},
            "runs": len(samples), "files": files, "bytes": nbytes, "note": note,
            "median_s": median, "min_s": min(walls), "max_s": max(walls), "walls_s": walls,
            "cpu_s_median": statistics.median(s["user"] + s["sys"] for s in samples),
            "peak_rss_mb": max(s["maxrss_kb"] for s in samples) / 1024,
            "files_per_s": files / median if median else None,
            "mb_per_s": nbytes / 1e6 / median if median else None,
            "ms_per_file": median * 1000 / files if files else None,
            "exit_codes": sorted({s["rc"] for s in samples}),
            "loadavg_1min_runs": [round(s["loadavg"], 2) for s in samples],
            "other_cpus_median": (statistics.median(s["other_cpus"] for s in samples)
                                  if all("other_cpus" in s for s in samples) else None),
            "other_cpus_runs": [round(s["other_cpus"], 2) for s in samples if "other_cpus" in s],
            **_output_stats(spec["sink"]),
        }
        if first["rc"] not in (0, 1):
            result["stderr"] = first["stderr"]
            print(f"  {name}: exit code {first['rc']}: {first['stderr'].strip().splitlines()[-1:]}", file=sys.stderr)
        if any(s["timed_out"] for s in samples):
            result["note"] = (note + "; " if note else "") + f"TIMED OUT after {self.args.timeout:.0f} s (killed)"
        self.results[name] = result
        self.order.append(name)

    def skip(self, name: str, why: str) -> None:
        self.skipped[name] = why
        print(f"  {name}: skipped ({why})", file=sys.stderr)


# --- tools -----------------------------------------------------------------------------------


def wirelint_command(spec: str | None) -> list[str]:
    if spec:
        return shlex.split(spec)
    beside = Path(sys.executable).with_name("wirelint")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("wirelint")
    return [found] if found else [sys.executable, "-m", "lint"]


def proselint_command(spec: str | None) -> list[str] | None:
    if spec:
        return shlex.split(spec)
    for candidate in ("/tmp/proselint-venv/bin/proselint", shutil.which("proselint")):
        if candidate and Path(candidate).exists():
            return [candidate]
    try:
        import importlib.util

        if importlib.util.find_spec("proselint") is not None:
            return [sys.executable, "-m", "proselint"]
    except (ImportError, ValueError):
        pass
    return None


def _quiet(cmd: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)


def tool_versions(wirelint: list[str], rg: str | None, proselint: list[str] | None, env: dict | None) -> dict:
    info: dict = {}
    try:
        info["wirelint"] = _quiet([*wirelint, "--version"], env).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        info["wirelint"] = f"unknown ({exc})"
    try:
        import lint

        source = Path(lint.__file__).resolve().parent
        info["wirelint_source"] = str(source)
        repo = source.parent
        head = _quiet(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"])
        if head.returncode == 0:
            dirty = _quiet(["git", "-C", str(repo), "status", "--porcelain", "--", "lint", "rules"]).stdout.strip()
            info["wirelint_commit"] = head.stdout.strip() + (" + uncommitted changes in lint/ or rules/" if dirty else "")
    except (ImportError, OSError, subprocess.SubprocessError):
        pass
    if rg:
        info["ripgrep"] = _quiet([rg, "--version"]).stdout.splitlines()[0]
    if proselint:
        for probe in (["version"], ["--version"]):
            proc = _quiet([*proselint, *probe])
            if proc.returncode == 0 and proc.stdout.strip():
                info["proselint"] = proc.stdout.strip().splitlines()[0]
                break
    return info


# --- the benchmark -----------------------------------------------------------------------------


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.txt") if p.is_file())


def run(args: argparse.Namespace) -> dict:
    started = time.perf_counter()
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(args.workdir).resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="wirelint-bench-", dir=OUT))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    wirelint = wirelint_command(args.wirelint)
    rg = args.rg or shutil.which("rg")
    if rg and not Path(rg).exists() and not shutil.which(rg):
        rg = None
    proselint = None if args.no_proselint else proselint_command(args.proselint)
    env = dict(os.environ)
    launcher = Launcher(env)
    only = set(args.only.split(",")) if args.only else None

    def wanted(key: str) -> bool:
        return only is None or key in only

    print(f"corpus: generating {args.n} files (seed {args.seed}) in {corpus}", file=sys.stderr)
    if corpus.exists():
        shutil.rmtree(corpus)
    generate.BIG_BYTES = int(args.big_mb * 1e6)
    manifest = generate.generate(args.n, args.seed, corpus, big=args.big_mb > 0 and wanted("big"), quiet=True)
    articles = corpus / generate.ARTICLES
    article_files = files_under(articles)
    n_files, n_bytes = len(article_files), manifest["bytes"]
    print(f"corpus: {n_files} files, {n_bytes / 1e6:.1f} MB in {manifest['seconds']} s", file=sys.stderr)

    bench = Bench(args, work, launcher)
    runs = args.runs
    info = tool_versions(wirelint, rg, proselint, env)

    # ripgrep pattern file from the rules wirelint itself loads
    from lint.packs import load_rules

    pattern_file = work / "patterns.rg"
    pattern_set = patterns.write(pattern_file, load_rules(), verify=rg is not None)
    pattern_summary = pattern_set.summary()

    check_help = _quiet([*wirelint, "check", "--help"], env).stdout
    jobs_supported = "--jobs" in check_help
    one_job = ["--jobs", "1"] if jobs_supported else []
    # `check` of several files also looks for text shared between them (cross-file reuse).
    # Every generated article shares seed paragraphs with every other, so that part grows
    # with the pairs of files: the main rows time the per-file rules, and reuse is timed
    # on a subset of its own.
    reuse = "--against" in check_help
    per_file = ["--ignore", ",".join(REUSE_RULES)] if reuse else []
    per_file_note = "cross-file reuse off" if reuse else ""

    def noted(*parts: str) -> str:
        return "; ".join(p for p in (*parts, per_file_note) if p)

    # wirelint check, text and JSON
    if wanted("check"):
        bench.measure("wirelint check", [*wirelint, "check", *per_file, str(articles)], runs=runs, files=n_files,
                      nbytes=n_bytes, group="wirelint", note=noted("default output format, to a file"))
    if wanted("check") and "concise" in _quiet([*wirelint, "check", "--help"], env).stdout:
        bench.measure("wirelint check --format concise", [*wirelint, "check", *per_file, "--format", "concise",
                      str(articles)], runs=runs, files=n_files, nbytes=n_bytes, group="wirelint",
                      note=noted("one line a finding, no source excerpts"))
    if wanted("json"):
        bench.measure("wirelint check --format json", [*wirelint, "check", *per_file, "--format", "json", str(articles)],
                      runs=runs, files=n_files, nbytes=n_bytes, group="wirelint", note=noted())

    # --fix on a fresh copy each run (the copy is not timed)
    if wanted("fix"):
        fixdir = work / "fix"

        def fresh_copy() -> None:
            if fixdir.exists():
                shutil.rmtree(fixdir)
            shutil.copytree(articles, fixdir)

        bench.measure("wirelint check --fix", [*wirelint, "check", *per_file, "--fix", str(fixdir)], runs=runs,
                      files=n_files, nbytes=n_bytes, prepare=fresh_copy, group="wirelint",
                      note=noted("fresh copy each run"))

    # commands that may not exist yet
    if wanted("provenance"):
        probe = _quiet([*wirelint, "provenance", "--help"], env)
        if probe.returncode == 0:
            if "--no-reuse" in probe.stdout:
                bench.measure("wirelint provenance --no-reuse", [*wirelint, "provenance", "--no-reuse", str(articles)],
                              runs=runs, files=n_files, nbytes=n_bytes, group="wirelint", note="per-file work only")
            # Cross-file reuse grows with the pairs of files that share text, and in this corpus
            # every article shares seed paragraphs with every other: time it on a subset.
            few = article_files[: min(args.provenance_files, n_files)]
            bench.measure(f"wirelint provenance ({len(few)} files)", [*wirelint, "provenance", *map(str, few)],
                          runs=runs, files=len(few), nbytes=sum(p.stat().st_size for p in few), group="wirelint",
                          note="with cross-file reuse; every pair of articles shares seed paragraphs")
        else:
            bench.skip("wirelint provenance", "`wirelint provenance --help` exits %d" % probe.returncode)
    if wanted("reuse") and reuse:
        few = article_files[: min(args.provenance_files, n_files)]
        bench.measure(f"wirelint check ({len(few)} files, cross-file reuse on)", [*wirelint, "check", *map(str, few)],
                      runs=runs, files=len(few), nbytes=sum(p.stat().st_size for p in few), group="wirelint",
                      note="the default: per-file rules and reuse between files")
    if wanted("jobs"):
        if jobs_supported:
            for jobs in (1, 2):
                bench.measure(f"wirelint check --jobs {jobs}", [*wirelint, "check", *per_file, "--jobs", str(jobs),
                              str(articles)], runs=runs, files=n_files, nbytes=n_bytes, group="wirelint",
                              note=noted("peak RSS: largest single process" if jobs > 1 else ""))
        else:
            bench.skip("wirelint check --jobs 1/2", "`wirelint check --help` does not mention --jobs")
    # The work ripgrep is compared with: one process, every per-file rule, findings as JSON;
    # and the same with the prefilter off, to show what it saves in the same run.
    if wanted("prefilter"):
        single = [*wirelint, "check", *per_file, *one_job, "--format", "json", str(articles)]
        bench.measure("wirelint check --jobs 1 --format json", single, runs=runs, files=n_files, nbytes=n_bytes,
                      group="wirelint", note=noted("one process; the ripgrep comparison"))
        bench.measure("wirelint check --jobs 1 --format json, prefilter off", single, runs=runs, files=n_files,
                      nbytes=n_bytes, group="wirelint", env={"WIRELINT_PREFILTER": "0"},
                      note=noted("WIRELINT_PREFILTER=0: every rule on every document"))

    # ripgrep with the equivalent patterns
    if wanted("rg"):
        if rg:
            note = (f"{len(pattern_set.lines)} patterns; {pattern_summary['pattern_rules_approximated']} rules "
                    f"approximated, {pattern_summary['pattern_rules_skipped']} skipped")
            bench.measure("ripgrep -j1 -c -f patterns", [rg, "-j1", "-c", "-f", str(pattern_file), str(articles)],
                          runs=runs, files=n_files, nbytes=n_bytes, group="peer", note=note)
            if SHARED_PATTERNS is not None:
                bench.measure("ripgrep -j1 -c -f shared patterns.txt", [rg, "-j1", "-c", "-f", str(SHARED_PATTERNS),
                              str(articles)], runs=runs, files=n_files, nbytes=n_bytes, group="peer",
                              note=f"the fixed 86-regex file of the reference figures ({SHARED_PATTERNS})")
        else:
            bench.skip("ripgrep", "rg is not on PATH (apt-get install ripgrep)")

    # proselint on a subset, and wirelint on the same subset
    subset = article_files[: min(args.proselint_files, n_files)]
    subset_bytes = sum(p.stat().st_size for p in subset)
    if wanted("proselint"):
        if proselint:
            bench.measure(f"proselint check ({len(subset)} files)", [*proselint, "check", *map(str, subset)],
                          runs=runs, files=len(subset), nbytes=subset_bytes, group="peer",
                          note="default checks, subset")
            bench.measure(f"wirelint check ({len(subset)} files)", [*wirelint, "check", *per_file, *one_job,
                          *map(str, subset)], runs=runs, files=len(subset), nbytes=subset_bytes, group="wirelint",
                          note=noted("same subset as proselint" + (", --jobs 1" if one_job else "")))
        else:
            bench.skip("proselint", "not installed (python3 -m venv /tmp/proselint-venv && "
                                    "/tmp/proselint-venv/bin/pip install proselint)")

    # start-up: one article
    if wanted("cold"):
        # An installed wheel is byte-compiled; a checkout under PYTHONDONTWRITEBYTECODE=1 never is,
        # and would pay for compiling every module on every start. Compile it once, untimed.
        import lint

        _quiet([sys.executable, "-m", "compileall", "-q", str(Path(lint.__file__).resolve().parent)])
        one = article_files[0]
        cold_runs = max(runs, 10)
        python = wirelint[0]
        if Path(python).name == "wirelint" and Path(python).is_file():  # its interpreter, from the #! line
            first = Path(python).read_text(errors="replace").split("\n", 1)[0]
            python = shlex.split(first[2:])[0] if first.startswith("#!") and first[2:].strip() else sys.executable
        bench.measure("python -c pass", [python, "-c", "pass"], runs=cold_runs, files=1, nbytes=0,
                      group="startup", note="interpreter start-up alone")
        bench.measure("wirelint check (1 article)", [*wirelint, "check", str(one)], runs=cold_runs, files=1,
                      nbytes=one.stat().st_size, group="startup", note="start-up as pre-commit pays it")
        bench.measure("wirelint check (1 article, no rule cache)", [*wirelint, "check", str(one)], runs=cold_runs,
                      files=1, nbytes=one.stat().st_size, group="startup", env={"WIRELINT_CACHE_DIR": ""},
                      note="WIRELINT_CACHE_DIR= (rule packs parsed and validated)")

    # one 50 MB file
    big = corpus / "big.txt"
    if wanted("big") and big.exists():
        size = big.stat().st_size
        big_runs = args.big_runs or runs
        bench.measure(f"wirelint check big.txt ({size / 1e6:.0f} MB)", [*wirelint, "check", str(big)],
                      runs=big_runs, files=1, nbytes=size, group="big", note="one file: no cross-file reuse")
        if rg and wanted("rg"):
            bench.measure(f"ripgrep big.txt ({size / 1e6:.0f} MB)", [rg, "-j1", "-c", "-f", str(pattern_file), str(big)],
                          runs=big_runs, files=1, nbytes=size, group="big")
    bench.execute()
    big_name = next((name for name in bench.results if name.startswith("wirelint check big.txt")), None)
    if big_name:
        sink = work / "stdout" / (big_name.replace(" ", "_").replace("/", "_") + ".txt")
        timeouts = sum(1 for line in open(sink, encoding="utf-8", errors="replace") if "wirelint/rule-timeout" in line)
        if timeouts:
            bench.results[big_name]["rule_timeouts"] = timeouts
            bench.results[big_name]["note"] = f"{timeouts} rules hit their time budget and were skipped"
    launcher.close()
    ratios = compute_ratios(bench.results, n_files)
    busy = _other_load(bench.results)
    results = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
        "tools": info,
        "command": {"wirelint": shlex.join(wirelint), "rg": rg, "proselint": shlex.join(proselint) if proselint else None},
        "label": args.label,
        "options": {"n": args.n, "seed": args.seed, "runs": runs, "big_mb": args.big_mb,
                    "proselint_files": args.proselint_files},
        "corpus": {**manifest, "path": str(corpus), "files_found": n_files},
        "patterns": pattern_summary,
        "results": [bench.results[name] for name in bench.order],
        "skipped": bench.skipped,
        "ratios": ratios,
        "other_load_warning": busy,
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    target = Path(args.results) if args.results else OUT / "results.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    target.with_suffix(".md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))
    if args.keep:
        print(f"kept the corpus and outputs in {work}", file=sys.stderr)
    else:
        shutil.rmtree(work, ignore_errors=True)
    return results


def _other_load(results: dict) -> str:
    """A warning when other processes used the CPUs while we measured.

    From /proc/stat: the CPU time all processes used during a run, minus the measured
    command's own, divided by the wall time, is how many CPUs other work kept busy.
    Above 0.2 of a CPU in any run, that run's figure is suspect.
    """
    busy = []
    for name, r in results.items():
        runs = r.get("other_cpus_runs") or []
        spoiled = [i + 1 for i, other in enumerate(runs) if other > 0.2]
        if spoiled:
            busy.append(f"{name} (run{'s' if len(spoiled) > 1 else ''} {', '.join(map(str, spoiled))}: "
                        f"up to {max(runs):.1f} CPUs)")
    if not busy:
        return ""
    return ("other processes kept CPUs busy during " + "; ".join(busy)
            + ". The min column is the less disturbed figure; re-run on a quiet machine for clean medians")


def compute_ratios(results: dict, n_files: int) -> dict:
    def get(prefix: str) -> dict | None:
        return next((r for name, r in results.items() if name.startswith(prefix)), None)

    ratios = {}
    check, rg = results.get("wirelint check"), results.get("ripgrep -j1 -c -f patterns")
    single = results.get("wirelint check --jobs 1")
    if single and rg:
        ratios["wirelint check --jobs 1 / ripgrep -j1 (same corpus)"] = single["median_s"] / rg["median_s"]
    target = results.get("wirelint check --jobs 1 --format json")
    unfiltered = results.get("wirelint check --jobs 1 --format json, prefilter off")
    shared = results.get("ripgrep -j1 -c -f shared patterns.txt")
    for name, peer in (("ripgrep -j1 -c -f patterns", rg), ("ripgrep -j1 -c -f shared patterns.txt", shared)):
        if target and peer:
            ratios[f"wirelint check --jobs 1 --format json / {name}"] = target["median_s"] / peer["median_s"]
            ratios[f"same, CPU time / {name} CPU time"] = target["cpu_s_median"] / max(peer["cpu_s_median"], 1e-9)
    if target and unfiltered:
        ratios["prefilter off / on (wall)"] = unfiltered["median_s"] / target["median_s"]
        ratios["prefilter off / on (CPU)"] = unfiltered["cpu_s_median"] / target["cpu_s_median"]
    if check and rg:
        ratios["wirelint check (default jobs) / ripgrep -j1 (same corpus)"] = check["median_s"] / rg["median_s"]
    big_wl, big_rg = get("wirelint check big.txt"), get("ripgrep big.txt")
    if big_wl and big_rg:
        ratios["wirelint / ripgrep on big.txt"] = big_wl["median_s"] / big_rg["median_s"]
    prose = get("proselint check (")
    base = single or check
    if prose and base:
        ratios["proselint / wirelint per file (proselint subset vs wirelint whole corpus%s)" % (
            ", --jobs 1" if single else "")] = prose["ms_per_file"] / base["ms_per_file"]
    same = next((r for r in results.values() if "same subset as proselint" in r["note"]), None)
    if prose and same:
        ratios["proselint / wirelint on the same subset (start-up included)"] = prose["median_s"] / same["median_s"]
    reuse_on = next((r for name, r in results.items() if "cross-file reuse on" in name), None)
    if reuse_on and base:
        ratios["check with cross-file reuse (subset) / per-file check, per file"] = reuse_on["ms_per_file"] / base["ms_per_file"]
    fix = results.get("wirelint check --fix")
    if fix and check:
        ratios["wirelint --fix / wirelint check"] = fix["median_s"] / check["median_s"]
    jobs2 = results.get("wirelint check --jobs 2")
    if single and jobs2:
        ratios["speed-up of --jobs 2 over --jobs 1"] = single["median_s"] / jobs2["median_s"]
        # On a shared machine the wall-time speed-up is capped by the CPUs others leave free;
        # CPU time shows what the second worker costs: near 1, two free cores give nearly 2x.
        ratios["--jobs 2 CPU time / --jobs 1 CPU time"] = jobs2["cpu_s_median"] / max(single["cpu_s_median"], 1e-9)
    cold, bare = results.get("wirelint check (1 article)"), results.get("python -c pass")
    if cold and bare:
        ratios["wirelint start-up minus bare python (ms)"] = (cold["median_s"] - bare["median_s"]) * 1000
    return ratios


def _fmt(value, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def markdown(results: dict) -> str:
    corpus = results["corpus"]
    lines = [
        f"wirelint benchmark, {results['when']}: {corpus['files_found']} files, {corpus['bytes'] / 1e6:.1f} MB "
        f"(seed {corpus['seed']}), medians of {results['options']['runs']} runs, "
        f"{results['machine']['cpus']} CPUs, Python {results['machine']['python']}."
        + (f" {results['label']}." if results.get("label") else ""),
        "",
        "| benchmark | files | MB | median s | min–max s | CPU s | files/s | MB/s | ms/file | peak RSS MB | other CPUs | note |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results["results"]:
        busy = max(r.get("other_cpus_runs") or [0.0]) > CONTENDED
        lines.append(
            f"| `{r['name']}`{' (contended)' if busy else ''} | {r['files']} | {r['bytes'] / 1e6:.1f} | {r['median_s']:.3f} | "
            f"{r['min_s']:.3f}–{r['max_s']:.3f} | {r['cpu_s_median']:.2f} | {_fmt(r['files_per_s'], ',.0f')} | {_fmt(r['mb_per_s'], '.2f')} | "
            f"{_fmt(r['ms_per_file'], '.2f')} | {r['peak_rss_mb']:.0f} | {_fmt(r.get('other_cpus_median'), '.2f')} | "
            f"{r['note']} |"
        )
    lines.append("")
    lines.append("CPU s: user+sys time of the command and its worker processes (median). Peak RSS: the "
                 "largest single process. Other CPUs: how many CPUs other processes kept busy during "
                 "the runs (median; from /proc/stat; runs under 0.5 s are too short to tell), 0 on a quiet machine.")
    if results.get("other_load_warning"):
        lines.append("")
        lines.append("**Warning:** " + results["other_load_warning"] + ".")
    if results["skipped"]:
        lines.append("")
        for name, why in results["skipped"].items():
            lines.append(f"- skipped `{name}`: {why}")
    if results["ratios"]:
        lines.append("")
        lines.append("| ratio | value |")
        lines.append("|---|---:|")
        for name, value in results["ratios"].items():
            lines.append(f"| {name} | {value:.1f} |")
    p = results["patterns"]
    lines.append("")
    lines.append(
        f"ripgrep patterns: {p['patterns']} lines from {p['phrase_rules']} phrase rules ({p['phrases']} phrases) and "
        f"{p['pattern_rules']} pattern rules ({p['pattern_rules_exact']} exact, {p['pattern_rules_approximated']} "
        f"approximated, {p['pattern_rules_skipped']} skipped: {', '.join(k for k in p['skipped'] if not k.endswith('(extra)')) or 'none'}), "
        f"plus {p['extras']} extras (block headings, mojibake gate)."
    )
    tools = results["tools"]
    lines.append("Tools: " + "; ".join(f"{k}: {v}" for k, v in tools.items()) + ".")
    lines.append(f"Total benchmark time: {results['total_seconds']} s.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark wirelint against ripgrep and proselint.")
    parser.add_argument("--n", type=int, default=2000, help="articles in the corpus (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--runs", type=int, default=5, help="runs per command; the median is reported (default 5)")
    parser.add_argument("--big-mb", type=float, default=50, help="size of the single big file in MB, 0 for none (default 50)")
    parser.add_argument("--big-runs", type=int, default=0, help="runs on the big file (default: --runs)")
    parser.add_argument("--provenance-files", type=int, default=100,
                        help="files for `wirelint provenance` with cross-file reuse (default 100)")
    parser.add_argument("--proselint-files", type=int, default=200, help="files in the proselint subset (default 200)")
    parser.add_argument("--quick", action="store_true", help="smoke test: 200 files, 2 runs, 2 MB big file, 20 proselint files")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and the outputs (printed path)")
    parser.add_argument("--workdir", help="where to put the corpus (default: a new folder in bench/out/)")
    parser.add_argument("--wirelint", help="wirelint command (default: wirelint beside this Python, or python -m lint)")
    parser.add_argument("--rg", help="ripgrep binary (default: rg on PATH)")
    parser.add_argument("--proselint", help="proselint command (default: /tmp/proselint-venv/bin/proselint, "
                                            "proselint on PATH, or python -m proselint)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before one run is killed (default 600); "
                                                                   "a command that times out is not run again")
    parser.add_argument("--results", help="JSON results file (default bench/out/results.json; the table goes beside it as .md)")
    parser.add_argument("--label", default="", help="free text stored with the results (e.g. the commit measured)")
    parser.add_argument("--no-proselint", action="store_true", help="skip proselint")
    parser.add_argument("--only", help="comma-separated subset of: check,json,fix,provenance,reuse,jobs,prefilter,rg,"
                                       "proselint,cold,big")
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.runs, args.big_mb, args.proselint_files = min(args.n, 200), min(args.runs, 2), min(args.big_mb, 2), 20
        args.provenance_files = min(args.provenance_files, 50)
    if args.n < 1 or args.runs < 1:
        parser.error("--n and --runs must be at least 1")
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
