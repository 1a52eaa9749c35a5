#!/usr/bin/env python3
"""Cost and recall of template lines learned from a batch (not a test).

    python bench/templates.py 10000 100000 [--sources 20] [--out /tmp/wirelint-templates]

For each N it writes N distinct generated articles (``tests/provenance/corpus.py``: seed
paragraphs with half their words replaced, so articles do not share text; every 50th is
a planted abridged copy of an earlier one) in a folder per source, each source adding
its own five template lines at the head, between paragraphs and after the body. Then it
runs the commands a user runs, in a child process each, and reports wall time, CPU time
(user+sys) and peak RSS of that process:

- ``wirelint templates learn DIR -o FILE`` (reuse clusters, then one counting pass);
- ``wirelint check --select residue/template-line --jobs 1 DIR`` (the same pass inside
  ``check``, then each file flagged through the engine; one process, so its RSS is the
  whole cost);

with ``--full``, also the default ``wirelint check DIR`` (every rule, default jobs) and the
same with ``--ignore residue/template-line``, the template pass's share of a real run;
and the recall of the planted template lines among the saved lines, and how many saved
lines are not planted ones (article text taken for template).
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests")]

from lint.provenance.templates import Templates, normalise  # noqa: E402
from provenance.corpus import Corpus  # noqa: E402

PLACES = ("head", "head", "between", "after", "after")


def chrome_of(source: int) -> list[str]:
    """Five template lines of one source, worded from its number so sources differ."""
    rng = random.Random(f"chrome/{source}")
    name = "".join(rng.choices("bcdfghklmnprstvz", k=3)).title() + rng.choice(("Times", "Post", "Herald", "Daily"))
    return [f"Sign up for the {name} newsletter", f"Follow {name} on social media", f"More from {name}",
            f"Copyright {2000 + source % 20} {name} Media", f"{name} app: read offline"]


def write_batch(root: Path, size: int, sources: int) -> set[str]:
    """``size`` articles under ``root/sNN/``; the normalised template lines planted."""
    corpus = Corpus(size, seed=3)
    planted: set[str] = set()
    for index in range(size):
        source = index % sources
        chrome = chrome_of(source)
        planted.update(normalise(line) for line in chrome)
        body = corpus.text(index).split("\n\n")
        body[0] = " ".join(body[1].split()[:8])  # a headline of its own words
        head, between, after = chrome[:2], chrome[2:3], chrome[3:]
        middle = max(2, len(body) // 2)
        lines = [*head, *body[:middle], *between, *body[middle:], *after]
        folder = root / f"s{source:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{index:06d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return planted


def measure(command: list[str]) -> dict:
    """Wall, CPU (user+sys) and peak RSS of one child process (``/usr/bin/time``)."""
    done = subprocess.run(["/usr/bin/time", "-f", "TIME %e %U %S %M", *command], capture_output=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-500:]}")
    wall, user, system, peak = done.stderr.decode().rsplit("TIME ", 1)[1].split()
    return {"wall_s": float(wall), "cpu_s": round(float(user) + float(system), 2), "peak_rss_mb": round(int(peak) / 1024, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--sources", type=int, default=20)
    parser.add_argument("--out", type=Path, default=Path("/tmp/wirelint-templates"))
    parser.add_argument("--no-check", action="store_true", help="measure templates learn only")
    parser.add_argument("--full", action="store_true", help="also the default check with and without the template pass")
    args = parser.parse_args(argv)
    wirelint = [sys.executable, "-m", "lint"]
    for size in args.sizes:
        root = args.out / f"n{size}"
        shutil.rmtree(root, ignore_errors=True)
        planted = write_batch(root / "articles", size, args.sources)
        saved = root / "batch.templates"
        row: dict = {"articles": size, "sources": args.sources}
        row["learn"] = measure([*wirelint, "templates", "learn", str(root / "articles"), "-o", str(saved)])
        lines = {normalise(entry["sample"]) for entry in Templates.from_json(saved.read_text(encoding="utf-8"), str(saved)).lines.values()}
        row["recall"] = round(len(lines & planted) / len(planted), 4)
        row["not_planted"] = len(lines - planted)
        if not args.no_check:
            row["check"] = measure([*wirelint, "check", "--select", "residue/template-line", "--jobs", "1",
                                    "--quiet", "--format", "concise", "-o", str(root / "report.txt"), str(root / "articles")])
        if args.full:
            quiet = ["--quiet", "--format", "concise", "-o", str(root / "full.txt")]
            row["full_check"] = measure([*wirelint, "check", *quiet, str(root / "articles")])
            row["full_check_without_templates"] = measure(
                [*wirelint, "check", "--ignore", "residue/template-line", *quiet, str(root / "articles")])
        print(json.dumps(row), flush=True)
        shutil.rmtree(root / "articles", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
