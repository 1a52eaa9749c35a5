"""``wirelint report RESULTS`` (lint/report/command.py, lint/report/saved.py): the page from
saved results, and the page a Dask corpus run leaves in its --out folder."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import run_wirelint
from report_batch import write_batch
from test_format_html import parse, section


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    write_batch(folder)
    return folder


def rule_rows(page: str) -> list[str]:
    return re.findall(r"<tr><td>([a-z]+/[a-z-]+)</td>.*?</tr>", section(page, "rules"))


def test_a_saved_json_report_draws_the_same_rules_and_files(batch, tmp_path):
    saved = tmp_path / "findings.json"
    run_wirelint("check", "--format", "json", "-o", str(saved), str(batch))
    live = tmp_path / "live.html"
    run_wirelint("check", "--format", "html", "-o", str(live), str(batch))
    drawn = tmp_path / "drawn.html"
    result = run_wirelint("report", str(saved), "-o", str(drawn), "--title", "Morning <batch>")
    assert result.returncode == 0, result.stderr.decode()
    page, live_page = drawn.read_text(encoding="utf-8"), live.read_text(encoding="utf-8")
    assert rule_rows(page) == rule_rows(live_page)
    assert section(page, "files").count('<details class="file"') == section(live_page, "files").count('<details class="file"')
    assert "<title>Morning &lt;batch&gt;</title>" in page
    assert "a JSON report lists no clean file" in page
    assert "Clusters of shared text: not computed" in page  # a findings list has no reuse pairs


def test_provenance_json_adds_the_clusters(batch, tmp_path):
    saved, provenance = tmp_path / "findings.json", tmp_path / "provenance.json"
    run_wirelint("check", "--format", "json", "-o", str(saved), str(batch))
    provenance.write_bytes(run_wirelint("provenance", "--format", "json", str(batch)).stdout)
    result = run_wirelint("report", str(saved), "--provenance", str(provenance))
    page = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr.decode()
    assert re.search(r'<tr><td class="num">1</td><td class="num">4</td>', section(page, "provenance"))


def test_ready_made_clusters_and_template_lines_are_drawn_as_given(batch, tmp_path):
    saved = tmp_path / "findings.json"
    run_wirelint("check", "--format", "json", "-o", str(saved), str(batch))
    provenance = tmp_path / "clusters.json"
    provenance.write_text(json.dumps({"files": [], "stats": None, "reuse": [], "clusters": [
        {"representative": "wire/a.txt", "members": [{"path": "wire/a.txt", "credited": True},
                                                     {"path": "b.txt", "credited": False}, "c.txt"]},
    ]}), encoding="utf-8")
    templates = tmp_path / "partner.templates"
    templates.write_text(json.dumps({"lines": [{"sample": "Follow us on <Telegram>", "articles": 41, "source": "partners"}]}),
                         encoding="utf-8")
    page = run_wirelint("report", str(saved), "--provenance", str(provenance), "--templates", str(templates)).stdout.decode()
    assert '<td class="path">wire/a.txt</td><td class="credit-mixed">mixed</td>' in page
    assert "<td>Follow us on &lt;Telegram&gt;</td><td class=\"path\">partners</td><td class=\"num\">41</td>" in page


@pytest.mark.parametrize("content, message", [
    (None, b"no such report file or folder"),
    ("not json", b"not a JSON file"),
    ('{"a": 1}', b"not a wirelint --format json report"),
    ('[{"path": "x"}]', b"finding 1 is not a wirelint finding object"),
])
def test_results_that_are_not_a_report_are_one_line_errors(tmp_path, content, message):
    target = tmp_path / "results.json"
    if content is not None:
        target.write_text(content, encoding="utf-8")
    result = run_wirelint("report", str(target))
    assert result.returncode == 2 and message in result.stderr
    assert len(result.stderr.decode().strip().splitlines()) == 1 and b"Traceback" not in result.stderr


def test_a_folder_without_a_summary_is_a_one_line_error(tmp_path):
    result = run_wirelint("report", str(tmp_path))
    assert result.returncode == 2 and b"no summary.json" in result.stderr


def test_a_corpus_run_writes_report_html_and_report_redraws_it(batch, tmp_path):
    shard = tmp_path / "batch.jsonl"
    with shard.open("w", encoding="utf-8") as handle:
        for path in sorted(batch.rglob("*.txt")):
            handle.write(json.dumps({"id": path.stem, "text": path.read_text(encoding="utf-8")}) + "\n")
    out = tmp_path / "out"
    result = run_wirelint("corpus", "check", str(shard), "--out", str(out), "--reuse", "--workers", "1", "-q")
    assert result.returncode == 1, result.stderr.decode()
    assert f"Report page in {out / 'report.html'}.".encode() in result.stdout
    page = (out / "report.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="value">5</div><div class="label">files', page)
    assert re.search(r'<tr><td class="num">1</td><td class="num">4</td><td class="path">[^<]*batch.jsonl#'
                     r'(ap-story|credited-copy)</td><td class="credit-mixed">', page)
    assert "&lt;script&gt;window.__pwned = 4&lt;/script&gt;" in page
    tags = parse(page)
    assert [tag for tag, _ in tags.tags].count("script") == 1
    redrawn = tmp_path / "again.html"
    assert run_wirelint("report", str(out), "-o", str(redrawn)).returncode == 0
    assert rule_rows(redrawn.read_text(encoding="utf-8")) == rule_rows(page)
