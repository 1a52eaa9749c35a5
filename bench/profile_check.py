#!/usr/bin/env python3
"""Where ``wirelint check`` spends its time, measured in-process on a generated corpus.

    python bench/profile_check.py --n 10000                 # generate a corpus and profile it
    python bench/profile_check.py --corpus DIR/articles     # profile existing files
    python bench/profile_check.py --n 2000 --pyinstrument   # also a pyinstrument call tree

It reports (1) the phases of a run (read, decode, split into lines, the prefilter's
screen, rules, stamping findings, formatting), (2) the time of every rule on the files
the screen left it, summed per rule and per kind, and (3) cProfile's top functions for the whole CLI run
(``wirelint check --jobs 1 <corpus>`` called in-process, output to /dev/null; cross-file
reuse is left out unless ``--reuse``: on the generated corpus it grows with the pairs). Results also go to
``bench/out/profile.json``. Only wirelint's own entry points are used (``cli.main``,
``load_rules``, ``decode_article``, ``Document``, ``Rule.hits``, ``check_document``);
nothing in ``lint/`` is changed.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

OUT = BENCH / "out"


def corpus_files(args: argparse.Namespace) -> list[Path]:
    if args.corpus:
        root = Path(args.corpus)
    else:
        root = Path(tempfile.mkdtemp(prefix="wirelint-profile-", dir=OUT)) / "corpus"
        generate.generate(args.n, args.seed, root)
        root = root / generate.ARTICLES
    files = sorted(p for p in root.rglob("*.txt") if p.is_file())
    return files[: args.limit] if args.limit else files


def phases(files: list[Path], rules) -> tuple[dict, dict, dict, dict, int]:
    """Phase times, per-rule times, run counts and hit counts, over every file. As in a
    real run, the prefilter's screen (timed on its own) leaves out the rules that cannot
    hit a file; a rule's time is of the files it ran on."""
    from lint.document import Document
    from lint.engine import _finding  # the engine's own stamping, timed on its own
    from lint.engine import screened
    from lint.source import decode_article

    clock = time.perf_counter
    phase = defaultdict(float)
    per_rule = defaultdict(float)
    hits = defaultdict(int)
    runs = defaultdict(int)
    findings_total = 0
    for path in files:
        t0 = clock()
        data = path.read_bytes()
        t1 = clock()
        article = decode_article(data, str(path))
        t2 = clock()
        doc = Document(article.text)
        t3 = clock()
        phase["read"] += t1 - t0
        phase["decode"] += t2 - t1
        phase["Document()"] += t3 - t2
        chosen = screened(doc, rules, str(path))
        phase["prefilter screen"] += clock() - t3
        for rule in chosen:
            r0 = clock()
            try:
                found = list(rule.hits(doc))
            except TimeoutError:
                found = []
            r1 = clock()
            per_rule[rule.id] += r1 - r0
            runs[rule.id] += 1
            hits[rule.id] += len(found)
            for hit in found:
                _finding(rule, hit, doc, str(path), None)
            phase["stamping findings"] += clock() - r1
            findings_total += len(found)
        phase["rules"] = sum(per_rule.values())
    return dict(phase), dict(per_rule), dict(runs), dict(hits), findings_total


def end_to_end(files: list[Path], rules) -> tuple[float, dict, list]:
    """check_document on every file (what the runner does), then text formatting of the findings."""
    from lint.document import Document
    from lint.engine import check_document
    from lint.source import decode_article

    started = time.perf_counter()
    findings = []
    for path in files:
        article = decode_article(path.read_bytes(), str(path))
        findings.extend(check_document(Document(article.text), rules, str(path)))
    checked = time.perf_counter() - started
    formatted = {}
    try:
        from lint import formats
    except ImportError:
        formats = None
    for name in ("format_concise", "format_json"):
        formatter = getattr(formats, name, None)
        if formatter is None:
            continue
        started = time.perf_counter()
        try:
            formatter(findings)
        except TypeError:  # another signature in another version: not essential here
            continue
        formatted[name] = time.perf_counter() - started
    return checked, formatted, findings


def cli_argv(files: list[Path], reuse: bool = False) -> list[str]:
    """``check`` over the corpus folder, in this process (``--jobs 1`` when the CLI has it)."""
    from lint import cli

    root = os.path.commonpath([str(p) for p in files]) if len(files) > 1 else str(files[0])
    argv = ["check"]
    parser = cli.build_parser() if hasattr(cli, "build_parser") else None
    helptext = (parser.format_help() + _subcommand_help(parser, "check")) if parser is not None else ""
    if "--jobs" in helptext:
        argv += ["--jobs", "1"]
    if "--against" in helptext and not reuse:
        # cross-file reuse grows with the pairs of files sharing text (all of them, in the
        # generated corpus): profile the per-file rules unless --reuse is given
        argv += ["--ignore", "provenance/duplicate-article,provenance/uncredited-reuse"]
    return argv + [root]


def _subcommand_help(parser: argparse.ArgumentParser, name: str) -> str:
    for action in parser._actions:  # argparse keeps sub-parsers here
        choices = getattr(action, "choices", None)
        if isinstance(choices, dict) and name in choices:
            return choices[name].format_help()
    return ""


def run_cli(argv: list[str], profiler) -> float:
    """Run ``wirelint <argv>`` in-process with standard output sent to /dev/null."""
    from lint import cli

    saved = sys.stdout
    with open(os.devnull, "w", encoding="utf-8") as sink:
        sys.stdout = sink
        started = time.perf_counter()
        try:
            if profiler is not None:
                profiler.runcall(cli.main, argv)
            else:
                cli.main(argv)
        finally:
            elapsed = time.perf_counter() - started
            sys.stdout = saved
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile wirelint check in-process.")
    parser.add_argument("--corpus", help="folder of article files (default: generate one)")
    parser.add_argument("--n", type=int, default=10000, help="files to generate when --corpus is not given")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, default=0, help="profile only the first N files")
    parser.add_argument("--top", type=int, default=25, help="cProfile functions to show")
    parser.add_argument("--reuse", action="store_true", help="keep cross-file reuse on in the CLI profile")
    parser.add_argument("--pyinstrument", action="store_true", help="also print a pyinstrument tree (if installed)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)

    from lint.packs import load_rules

    started = time.perf_counter()
    rules = load_rules()
    load_s = time.perf_counter() - started
    files = corpus_files(args)
    nbytes = sum(p.stat().st_size for p in files)
    kinds = {rule.id: rule.kind_name for rule in rules}
    print(f"{len(files)} files, {nbytes / 1e6:.1f} MB, {len(rules)} rules (loaded in {load_s * 1000:.0f} ms)\n")

    # warm-up: lazily compiled regexes and first imports are not what we measure
    end_to_end(files[: min(20, len(files))], rules)

    checked_s, format_s, findings = end_to_end(files, rules)
    phase, per_rule, runs, hits, _ = phases(files, rules)
    total = sum(v for k, v in phase.items() if k != "rules") + phase.get("rules", 0)

    print(f"check_document end to end: {checked_s:.2f} s ({checked_s * 1000 / len(files):.2f} ms/file), "
          f"{len(findings)} findings; formatting them: "
          + (", ".join(f"{k} {v:.2f} s" for k, v in format_s.items()) or "not measured") + "\n")
    print("| phase | s | % | µs/file |\n|---|---:|---:|---:|")
    for name in ("read", "decode", "Document()", "prefilter screen", "rules", "stamping findings"):
        value = phase.get(name, 0.0)
        print(f"| {name} | {value:.2f} | {100 * value / total:.1f} | {value * 1e6 / len(files):.0f} |")

    by_kind = defaultdict(float)
    for rule_id, seconds in per_rule.items():
        by_kind[kinds[rule_id]] += seconds
    rules_total = sum(per_rule.values())
    print("\n| kind | s | % of rule time |\n|---|---:|---:|")
    for kind, seconds in sorted(by_kind.items(), key=lambda kv: -kv[1]):
        print(f"| {kind} | {seconds:.2f} | {100 * seconds / rules_total:.1f} |")
    print("\n(a rule's first run on a file also builds what later rules share: line starts, folded lines)")
    print("\n| rule | kind | s | % of rule time | files run on | µs/run | µs/file | hits |\n"
          "|---|---|---:|---:|---:|---:|---:|---:|")
    for rule_id, seconds in sorted(per_rule.items(), key=lambda kv: -kv[1]):
        print(f"| {rule_id} | {kinds[rule_id]} | {seconds:.2f} | {100 * seconds / rules_total:.1f} | {runs[rule_id]} | "
              f"{seconds * 1e6 / runs[rule_id]:.0f} | {seconds * 1e6 / len(files):.0f} | {hits[rule_id]} |")

    argv_cli = cli_argv(files, args.reuse)
    print(f"\ncProfile of the CLI in-process: wirelint {' '.join(argv_cli[:-1])} <corpus> (output to /dev/null)")
    profiler = cProfile.Profile()
    cli_s = run_cli(argv_cli, profiler)
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)
    print(f"(profiled run: {cli_s:.2f} s; sorted by own time, then cumulative)")
    print("\n".join(line for line in stream.getvalue().splitlines() if line.strip()))

    if args.pyinstrument:
        try:
            from pyinstrument import Profiler
        except ImportError:
            print("\npyinstrument is not installed (pip install pyinstrument)")
        else:
            tree = Profiler(interval=0.001)
            tree.start()
            run_cli(argv_cli, None)
            tree.stop()
            print(tree.output_text(unicode=True, color=False, show_all=False))

    (OUT / "profile.json").write_text(json.dumps({
        "files": len(files), "bytes": nbytes, "rules_loaded_s": load_s,
        "check_document_s": checked_s, "format_s": format_s, "findings": len(findings),
        "phases_s": phase, "per_kind_s": by_kind, "per_rule_s": per_rule, "runs": runs, "hits": hits,
    }, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
