"""A small JSONL corpus made from the seed articles, and what the real CLI says about it.

Records: each seed whole, each of its paragraphs alone (clean text and residue-only
records), one seed with Windows newlines, and one record that is almost all residue (its
fix is refused by the mass-deletion guard). The CLI side runs ``wirelint check --jsonl``.
"""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

from conftest import ROOT, SEEDS, run_wirelint

SHARES_RULE = "residue"


def seed_records() -> list[dict]:
    records: list[dict] = []
    for number, path in enumerate(sorted(SEEDS.glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        records.append({"id": f"seed{number}", "source": path.name, "text": text})
        for index, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
            records.append({"id": f"seed{number}-p{index}", "source": path.name, "text": paragraph + "\n"})
    records.append({"id": "crlf", "source": "windows", "text": records[0]["text"].replace("\n", "\r\n")})
    records.append({"id": "mostly-residue", "source": "template",
                    "text": "Share this:\nLeave a Reply\nAdvertisement\nAll rights reserved.\nA short line of text here.\n"})
    return records


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


BATCH_ONLY = ("--ignore", "residue/template-line")  # learned from a batch; a per-record step cannot


def cli_findings(*paths: Path, args: tuple[str, ...] = ()) -> dict[str, list[dict]]:
    """``wirelint check --jsonl --format json`` per record id (records without findings absent),
    without the template lines the CLI learns from the whole file: a step sees one record."""
    result = run_wirelint("check", "--jsonl", "--format", "json", "-q", *BATCH_ONLY, *args, *map(str, paths))
    assert result.returncode in (0, 1), result.stderr.decode()
    found: dict[str, list[dict]] = {}
    for item in json.loads(result.stdout):
        found.setdefault(item["path"].rsplit("#", 1)[1], []).append(item)
    return found


def cli_fixed(folder: Path, *paths: Path, args: tuple[str, ...] = ()) -> dict[str, dict]:
    """The records ``wirelint check --jsonl --fix`` writes, by id (run on copies in ``folder``)."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = [Path(shutil.copy(path, folder / path.name)) for path in paths]
    result = run_wirelint("check", "--jsonl", "--fix", "-q", *BATCH_ONLY, *args, *map(str, copies))
    assert result.returncode in (0, 1), result.stderr.decode()
    return {r["id"]: r for copy in copies for r in read_jsonl(copy.with_suffix(".fixed.jsonl"))}


def rule_counts(findings: dict[str, list[dict]]) -> Counter:
    return Counter(item["rule"] for items in findings.values() for item in items)


def offset(text: str, line: int, column: int) -> int:
    """The character offset in ``text`` of a 1-based line and column; a line ends at
    ``\\n``, ``\\r\\n`` or ``\\r``, as wirelint counts lines."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    return starts[line - 1] + column - 1


def readme_block(first_line: str) -> str:
    """The README code block whose first line is ``first_line`` (``# name.py``), as a file's text."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```[a-z]*\n(" + re.escape(first_line) + r"\n.*?)```", readme, re.S)
    assert found, f"README has no block starting {first_line!r}"
    return found.group(1)
