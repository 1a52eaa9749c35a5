"""``lint.datasets`` with a real ``Dataset.map(batched=True, num_proc=2)``, compared with the CLI:
the README's example as written, then the helpers one by one."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

datasets = pytest.importorskip("datasets")

from integration_corpus import cli_findings, cli_fixed, offset, readme_block, read_jsonl, seed_records, write_jsonl  # noqa: E402

import lint.datasets  # noqa: E402
from lint.errors import WirelintError  # noqa: E402


def _offline(tmp_path) -> dict:
    """Keep the run off the network and out of the user's Hugging Face cache."""
    return {**os.environ, "HF_HOME": str(tmp_path / "hf"), "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}


def test_readme_example_matches_wirelint_check_jsonl(tmp_path):
    records = seed_records()
    corpus = write_jsonl(tmp_path / "corpus.jsonl", records)
    (tmp_path / "datasets_clean.py").write_text(readme_block("# datasets_clean.py"), encoding="utf-8")
    result = subprocess.run([sys.executable, "datasets_clean.py"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=300, env=_offline(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    mapped = read_jsonl(tmp_path / "corpus.wirelint.jsonl")
    assert [row["id"] for row in mapped] == [r["id"] for r in records]
    expected, fixed = cli_findings(corpus), cli_fixed(tmp_path / "cli", corpus)
    for row, record in zip(mapped, records):
        rid = record["id"]
        assert row["text"] == record["text"]
        assert row["text_fixed"] == fixed[rid]["text"], rid
        ours = row["wirelint_findings"]
        assert [{k: v for k, v in f.items() if k not in ("start", "end")} for f in ours] == [
            {**f, "path": rid} for f in expected.get(rid, [])
        ], rid
        assert [(f["start"], f["end"]) for f in ours] == [
            (offset(record["text"], f["line"], f["column"]), offset(record["text"], f["end_line"], f["end_column"]))
            for f in ours
        ]
    assert sum(row["text_fixed"] != row["text"] for row in mapped) >= 5


def test_selection_and_columns(tmp_path):
    ds = datasets.Dataset.from_list([{"body": "Plain words.\n"}, {"body": "Share this:\nThe the vote passed.\n"}])
    add_findings = lint.datasets.findings("body", select="residue")
    found = ds.map(add_findings, batched=True, batch_size=1, features=add_findings.features(ds.features))
    assert [[f["rule"] for f in row] for row in found["wirelint_findings"]] == [[], ["residue/share-row"]]
    safe = ds.map(lint.datasets.fixes("body", select="translation"), batched=True)
    unsafe = ds.map(lint.datasets.fixes("body", select="translation", unsafe=True), batched=True)
    assert safe["text_fixed"][1] == ds["body"][1]
    assert unsafe["text_fixed"][1] == "Share this:\nThe vote passed.\n"


def test_a_bad_selection_fails_before_map():
    with pytest.raises(WirelintError, match="unknown rule or pack 'residu'"):
        lint.datasets.findings(select="residu")


def test_features_type_shards_and_batches_without_findings():
    clean = datasets.Dataset.from_list([{"text": "Plain words.\n"}] * 4 + [{"text": "Share this:\nBody.\n"}] * 4)
    add_findings = lint.datasets.findings()
    mapped = clean.map(add_findings, batched=True, batch_size=2, num_proc=2, features=add_findings.features(clean.features))
    assert [len(row) for row in mapped["wirelint_findings"]] == [0] * 4 + [1] * 4
    assert mapped["wirelint_findings"][4][0]["fix"]["applicability"] == "safe"
    assert set(mapped.features) == {"text", "wirelint_findings"}
