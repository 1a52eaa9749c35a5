"""wirelint's dolma taggers through dolma's own entry point (``dolma tag --tagger_modules``)
on a small gzip JSONL, spans checked against ``wirelint check --jsonl``; then the README's
mixer config removes the residue spans with ``dolma mix``.

dolma pins numpy<2 and an old fsspec, so it lives in an environment of its own: the test
runs ``$WIRELINT_DOLMA`` (the ``dolma`` command of an environment with ``.[dolma]``, as
``.ci/run`` builds it) or a ``dolma`` beside this Python. Without one it is skipped, except
in CI, where that is a failure.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from integration_corpus import cli_findings, offset, readme_block, seed_records, write_jsonl

from lint import load_rules


def _dolma() -> str:
    found = os.environ.get("WIRELINT_DOLMA") or shutil.which("dolma", path=os.path.dirname(sys.executable))
    if not found:
        if os.environ.get("CI"):
            pytest.fail("CI must run the dolma test: set WIRELINT_DOLMA to a dolma command with wirelint[dolma]")
        pytest.skip("no dolma command: set WIRELINT_DOLMA (see .ci/run)")
    return found


def _attribute(rule: str) -> str:
    """The name dolma gives a span type: ``/`` and ``-`` become ``_``."""
    return re.sub(r"[^a-z0-9_]", "_", rule)


def _run(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and " ERROR " not in result.stderr, result.stderr[-3000:]


def _readme_command(name: str, dolma: str, base: Path) -> list[str]:
    """The README's ``dolma-env/bin/dolma ... NAME`` command line, run with ``dolma`` in ``base``."""
    block = readme_block("python3 -m venv dolma-env && dolma-env/bin/pip install '.[dolma]'").replace("\\\n", " ")
    line = next(line for line in block.splitlines() if line.startswith("dolma-env/bin/dolma") and name in line.split())
    return [dolma, *shlex.split(line.replace("/data/news", str(base)))[1:]]


def _read(path: Path) -> dict[str, dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return {item["id"]: item for item in map(json.loads, handle)}


@pytest.fixture(scope="module")
def tagged(tmp_path_factory):
    dolma = _dolma()
    base = tmp_path_factory.mktemp("dolma")
    records = seed_records()
    plain = write_jsonl(base / "plain" / "seeds.jsonl", records)
    documents = base / "documents" / "seeds.jsonl.gz"
    documents.parent.mkdir()
    with open(plain, "rb") as source, gzip.open(documents, "wb") as target:
        shutil.copyfileobj(source, target)
    _run(_readme_command("tag", dolma, base), base)
    return {"dolma": dolma, "base": base, "records": {r["id"]: r for r in records}, "plain": plain,
            "attributes": {rid: item["attributes"] for rid, item in _read(base / "attributes" / "wirelint" / "seeds.jsonl.gz").items()}}


def _spans(attributes: dict, tagger: str) -> list[tuple[str, int, int, float]]:
    prefix = f"wirelint__{tagger}__"
    return sorted((name[len(prefix):], start, end, score)
                  for name, spans in attributes.items() if name.startswith(prefix) for start, end, score in spans)


def test_spans_are_the_findings_of_wirelint_check_jsonl(tagged):
    expected = cli_findings(tagged["plain"])
    assert expected
    for rid, record in tagged["records"].items():
        text = record["text"]
        want = sorted((_attribute(f["rule"]), offset(text, f["line"], f["column"]),
                       offset(text, f["end_line"], f["end_column"]), 1.0) for f in expected.get(rid, []))
        assert _spans(tagged["attributes"][rid], "wirelint") == want, rid


def test_the_residue_tagger_tags_only_residue(tagged):
    residue = cli_findings(tagged["plain"], args=("--select", "residue"))
    tagged_types = {t for a in tagged["attributes"].values() for t, *_ in _spans(a, "wirelint_residue")}
    assert tagged_types == {_attribute(f["rule"]) for items in residue.values() for f in items}
    assert all(t.startswith("residue_") for t in tagged_types)


def test_readme_mixer_config_removes_every_residue_span(tagged):
    base = tagged["base"]
    config = readme_block("# mix-residue.yaml").replace("/data/news", str(base))
    listed = set(re.findall(r"wirelint__wirelint_residue__(\w+)", config))
    assert listed == {_attribute(r.id) for r in load_rules() if r.pack == "residue"}, "README mixer config misses rules"
    (base / "mix-residue.yaml").write_text(config, encoding="utf-8")
    _run(_readme_command("mix", tagged["dolma"], base), base)
    mixed = {}
    for path in sorted((base / "clean").glob("*.gz")):
        mixed.update(_read(path))
    assert set(mixed) == set(tagged["records"])
    removed = 0
    for rid, record in tagged["records"].items():
        spans = sorted((s, e) for _, s, e, _ in _spans(tagged["attributes"][rid], "wirelint_residue"))
        pieces, cursor = [], 0
        for start, end in spans:
            pieces.append(record["text"][cursor:max(start, cursor)])
            cursor = max(cursor, end)
        expected = "".join(pieces) + record["text"][cursor:]
        assert mixed[rid]["text"] == expected, rid
        removed += expected != record["text"]
    assert removed >= 5
