"""JSONL corpus mode: findings per record, fixed copy beside the input, fields and order kept."""
from __future__ import annotations

import json

from conftest import SEEDS, run_wirelint


def write_corpus(path):
    records = []
    for number, seed in enumerate(sorted(SEEDS.glob("*.txt"))):
        records.append({"doc": f"r{number}", "body": seed.read_text(encoding="utf-8"), "source": seed.name, "n": number})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return records


def test_findings_carry_record_id_and_line(tmp_path):
    corpus = tmp_path / "c.jsonl"
    write_corpus(corpus)
    result = run_wirelint("check", "--jsonl", "--text-key", "body", "--id-key", "doc", "--format", "json", str(corpus))
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    news_code = [f for f in findings if f["rule"] == "residue/news-code"]
    assert news_code and news_code[0]["path"] == f"{corpus}#r4" and news_code[0]["line"] == 4


def test_fix_writes_a_fixed_copy_and_keeps_fields_and_order(tmp_path):
    corpus = tmp_path / "c.jsonl"
    records = write_corpus(corpus)
    before = corpus.read_bytes()
    result = run_wirelint("check", "--jsonl", "--fix", "--text-key", "body", "--id-key", "doc", str(corpus))
    assert result.returncode == 1
    assert corpus.read_bytes() == before
    fixed = [json.loads(line) for line in (tmp_path / "c.fixed.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["doc"] for r in fixed] == [r["doc"] for r in records]
    assert all(list(a) == list(b) and a["source"] == b["source"] and a["n"] == b["n"] for a, b in zip(fixed, records))
    assert "News code" not in fixed[4]["body"] and "News code" in records[4]["body"]


def test_bad_record_is_reported_and_others_checked(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": 1, "text": "Leave a Reply"}\nnot json\n{"id": 3}\n', encoding="utf-8")
    result = run_wirelint("check", "--jsonl", "--format", "concise", str(corpus))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert f"{corpus}:2: not a JSON object" in err and f"{corpus}:3: record has no string field 'text'" in err
    assert f"{corpus}#1:1:1: error residue/comment-widget".encode() in result.stdout
