#!/usr/bin/env python3
"""wirelint on real extractor output: the line-labelled set in ../shared/realworld.

    python bench/realworld.py                 # check, --fix and --fix --unsafe-fixes
    python bench/realworld.py --data DIR      # another copy of the set
    python bench/realworld.py --json out.json # every number, for the test and for notes

Runs the set's own scorer (``score.py``, standard library only) three times, with the
measure the set's README gives: ``--whole-line`` (a finding claims a line only when it
covers all of it) and reuse (provenance) rules skipped, because every page is there six
times, once per extractor. Prints Markdown tables: precision, recall and F1 of ``check``
per extractor, the share of residue and of body lines that ``--fix`` and ``--fix
--unsafe-fixes`` remove, and precision per rule. The texts are the publishers'; they are
read where they are and never copied into the repository.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK = "{wirelint} check --format json --ignore provenance {{files}}"
FIX = "{wirelint} check --fix{unsafe} --ignore provenance {{files}}"


def find_data(given: str | None = None) -> Path | None:
    """The set's folder: ``given``, $WIRELINT_REALWORLD, or ``shared/realworld`` beside or above the checkout."""
    candidates = [given] if given else []
    if os.environ.get("WIRELINT_REALWORLD"):
        candidates.append(os.environ["WIRELINT_REALWORLD"])
    candidates += [str(ROOT.parent / "shared" / "realworld"), str(ROOT.parent.parent / "shared" / "realworld")]
    for candidate in candidates:
        path = Path(candidate)
        if (path / "score.py").is_file() and (path / "labels").is_dir():
            return path
    return None


def score(data: Path, wirelint: str, fix: str | None = None) -> dict:
    """One scorer run (check, and a fix when ``fix`` is 'safe' or 'unsafe'): all its numbers, as its ``--json`` writes them."""
    with tempfile.TemporaryDirectory(prefix="wl-realworld-") as tmp:
        report = Path(tmp) / "score.json"
        command = [
            sys.executable, str(data / "score.py"), "--data", str(data), "--whole-line",
            "--skip-rules", "provenance", "--no-fix-sim", "--json", str(report),
            "--cmd", CHECK.format(wirelint=wirelint),
        ]
        if fix is not None:
            command += ["--fix-cmd", FIX.format(wirelint=wirelint, unsafe=" --unsafe-fixes" if fix == "unsafe" else "")]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0 or not report.exists():
            raise SystemExit(f"realworld: the scorer failed (exit {done.returncode}): {done.stderr.strip()[-500:]}")
        return json.loads(report.read_text(encoding="utf-8"))


def measure(data: Path, wirelint: str) -> dict:
    """Detection, safe-fix and unsafe-fix numbers, per group (ALL, extractor=...) and per rule."""
    safe, unsafe = score(data, wirelint, "safe"), score(data, wirelint, "unsafe")
    groups = [g for g in safe["check"]["detection"] if g == "ALL" or g.startswith("extractor=")]
    return {
        "files": safe["files"],
        "groups": {
            group: {
                "check": safe["check"]["detection"][group],
                "fix": safe["fix"]["metrics"][group],
                "unsafe_fix": unsafe["fix"]["metrics"][group],
            }
            for group in groups
        },
        "rules": safe["check"]["rules"],
    }


def tables(result: dict) -> str:
    """The Markdown tables a README or a note quotes."""
    rows = [
        "| group | files | P | R | F1 | --fix: residue removed | body removed | --unsafe-fixes: residue removed | body removed |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for group, numbers in result["groups"].items():
        check, fix, unsafe = numbers["check"], numbers["fix"], numbers["unsafe_fix"]
        rows.append(
            f"| {group.replace('extractor=', '')} | {check['files']} | {check['precision']:.3f} | {check['recall']:.3f} "
            f"| {check['f1']:.3f} | {fix['residue_removed']:.1%} | {fix['body_removed']:.2%} "
            f"| {unsafe['residue_removed']:.1%} | {unsafe['body_removed']:.2%} |"
        )
    rows += ["", "| rule | lines | residue | body | neutral | precision |", "|---|---|---|---|---|---|"]
    ranked = sorted(result["rules"].items(), key=lambda item: (-item[1].get("lines", 0), item[0]))
    for rule, numbers in ranked:
        rows.append(
            f"| `{rule}` | {numbers.get('lines', 0)} | {numbers.get('residue', 0)} | {numbers.get('body', 0)} "
            f"| {numbers.get('neutral', 0)} | {numbers.get('precision', 0.0):.3f} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="the set's folder (default: shared/realworld beside or above the checkout)")
    parser.add_argument("--wirelint", default="wirelint", help="the wirelint command (default: %(default)s)")
    parser.add_argument("--json", help="also write every number to this file")
    args = parser.parse_args(argv)
    data = find_data(args.data)
    if data is None:
        print("realworld: the labelled set (shared/realworld) is not here; nothing to measure", file=sys.stderr)
        return 2
    result = measure(data, " ".join(shlex.quote(part) for part in shlex.split(args.wirelint)))
    print(f"{result['files']} files from {data}\n")
    print(tables(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
