#!/usr/bin/env python3
"""Findings, finding for finding, on fixed document sets: to prove a speed change changed nothing.

    python bench/findings.py dump before.json                 # seeds, tests/corpus, shared realworld
    python bench/findings.py dump after.json --corpus DIR      # ... plus every *.txt under DIR
    python bench/findings.py diff before.json after.json       # exit 1 and list what differs
    python bench/findings.py same --corpus DIR                 # prefilter on against off, in-process

``dump`` checks every document with the shipped rules in one process (``check_document``,
prefilter on unless ``WIRELINT_PREFILTER=0``) and writes each file's findings (rule,
span, message, fix edits). Dump before a rule's regex is rewritten and after, then
``diff``: the rewrite is kept only if nothing differs. ``same`` compares the prefilter on
and off on the same documents without writing anything. Rule-timeout diagnostics depend
on the machine's load and are left out.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = Path("/work/shared/realworld/docs")
if not REALWORLD.is_dir():
    REALWORLD = ROOT.parent.parent / "shared" / "realworld" / "docs"


def documents(extra: list[str]) -> list[Path]:
    """The seeds, the labelled corpus, the shared real-world documents and ``extra`` folders."""
    folders = [ROOT / "seeds", ROOT / "tests" / "corpus", *(Path(folder) for folder in extra)]
    paths = [p for folder in folders for p in sorted(folder.rglob("*.txt"))]
    if REALWORLD.is_dir():
        paths += sorted(p for p in REALWORLD.rglob("*") if p.is_file())
    return paths


def findings_of(paths: list[Path]) -> dict[str, list]:
    """Each file's findings as plain lists, in the engine's order."""
    from lint.document import Document
    from lint.engine import TIMEOUT_RULE, check_document
    from lint.packs import load_rules
    from lint.source import decode_article

    rules = load_rules()
    out: dict[str, list] = {}
    for path in paths:
        text = decode_article(path.read_bytes(), str(path)).text
        found = check_document(Document(text), rules, str(path))
        out[str(path)] = [
            [f.rule, f.start, f.end, f.message,
             None if f.fix is None else [f.fix.applicability, [[e.start, e.end, e.content] for e in f.fix.edits]]]
            for f in found if f.rule != TIMEOUT_RULE
        ]
    return out


def differences(before: dict, after: dict) -> list[str]:
    lines = []
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path), after.get(path)
        if old != new:
            gone = [f for f in old or [] if f not in (new or [])]
            added = [f for f in new or [] if f not in (old or [])]
            lines.append(f"{path}: {len(gone)} gone {gone[:3]}, {len(added)} new {added[:3]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    dump = sub.add_parser("dump", help="write the findings of every document to a JSON file")
    dump.add_argument("out")
    dump.add_argument("--corpus", action="append", default=[], help="also every *.txt under this folder")
    diff = sub.add_parser("diff", help="compare two dumps")
    diff.add_argument("before")
    diff.add_argument("after")
    same = sub.add_parser("same", help="compare the prefilter on and off, in this process")
    same.add_argument("--corpus", action="append", default=[], help="also every *.txt under this folder")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.command == "dump":
        paths = documents(args.corpus)
        found = findings_of(paths)
        Path(args.out).write_text(json.dumps(found) + "\n", encoding="utf-8")
        print(f"{len(paths)} documents, {sum(map(len, found.values()))} findings -> {args.out}")
        return 0
    if args.command == "diff":
        before = json.loads(Path(args.before).read_text(encoding="utf-8"))
        after = json.loads(Path(args.after).read_text(encoding="utf-8"))
        lines = differences(before, after)
        print("\n".join(lines) if lines else f"same findings in all {len(before)} documents")
        return 1 if lines else 0
    paths = documents(args.corpus)
    with_it = findings_of(paths)
    os.environ["WIRELINT_PREFILTER"] = "0"
    without = findings_of(paths)
    lines = differences(without, with_it)
    print("\n".join(lines) if lines else
          f"same findings with and without the prefilter in all {len(paths)} documents "
          f"({sum(map(len, with_it.values()))} findings)")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
