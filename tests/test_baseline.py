"""Baselines hide today's findings, survive line shifts and report stale entries."""
from __future__ import annotations

import json

from conftest import SEEDS, run_wirelint

SEED = "004_193422df27e2cc18.txt"


def test_baseline_round_trip_survives_line_shifts(tmp_path):
    article = tmp_path / SEED
    article.write_bytes((SEEDS / SEED).read_bytes())
    baseline = tmp_path / "baseline.json"
    written = run_wirelint("check", "--write-baseline", str(baseline), str(article))
    assert written.returncode == 0
    entries = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert entries and all(len(e["fingerprint"]) == 20 for e in entries)

    assert run_wirelint("check", "--baseline", str(baseline), str(article)).returncode == 0

    text = article.read_text(encoding="utf-8")
    article.write_text("New lead paragraph added above everything.\n\n" + text, encoding="utf-8")
    shifted = run_wirelint("check", "--baseline", str(baseline), "--format", "concise", str(article))
    assert shifted.returncode == 0, shifted.stdout.decode()

    article.write_text(text + "\n\nLeave a Reply\n", encoding="utf-8")
    new = run_wirelint("check", "--baseline", str(baseline), "--format", "concise", str(article))
    assert new.returncode == 1
    assert b"residue/comment-widget" in new.stdout and b"residue/news-code" not in new.stdout


def test_stale_entries_are_reported(tmp_path):
    article = tmp_path / SEED
    article.write_bytes((SEEDS / SEED).read_bytes())
    baseline = tmp_path / "baseline.json"
    run_wirelint("check", "--write-baseline", str(baseline), str(article))
    article.write_text("A clean article about the harbour wall and the council vote.\n", encoding="utf-8")
    result = run_wirelint("check", "--baseline", str(baseline), str(article))
    assert result.returncode == 0
    assert b"no longer match" in result.stdout + result.stderr


def test_bad_baseline_is_one_line_error(tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text("[]", encoding="utf-8")
    result = run_wirelint("check", "--baseline", str(bad), str(SEEDS))
    assert result.returncode == 2
    assert result.stderr.decode().strip().count("\n") == 0 and b"not a wirelint baseline" in result.stderr
