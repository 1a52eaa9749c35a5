"""wirelint's datatrove steps in a real LocalPipelineExecutor: reader → filter → formatter →
writer on JSONL made from the seeds, compared with what ``wirelint check --jsonl`` reports
and what ``--fix`` writes."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("datatrove")
pytest.importorskip("orjson")

from datatrove.data import Document  # noqa: E402
from integration_corpus import (  # noqa: E402
    cli_findings, cli_fixed, offset, readme_block, rule_counts, seed_records, write_jsonl,
)

from lint.errors import WirelintError  # noqa: E402
from lint.integrations.datatrove import WirelintFilter, WirelintFormatter  # noqa: E402

POLICY = {"fail_on": "error", "spare_fixable": True, "max_residue_share": 0.5}


def _written(folder: Path) -> dict[str, dict]:
    docs = {}
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                doc = json.loads(line)
                docs[doc["id"]] = doc
    return docs


def _expected_drop(text: str, findings: list[dict]) -> str | None:
    """The documented policy, applied to the CLI's findings of one record."""
    unfixable = [f for f in findings if f["severity"] == "error" and (f["fix"] is None or f["fix"]["applicability"] != "safe")]
    if unfixable:
        return unfixable[0]["rule"]
    covered = set()
    for f in findings:
        if f["rule"].startswith("residue/"):
            covered.update(range(offset(text, f["line"], f["column"]), offset(text, f["end_line"], f["end_column"])))
    return "residue-share" if len(covered) > POLICY["max_residue_share"] * len(text) else None


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The README's pipeline, run as written: two JSONL files, two tasks on two worker processes."""
    base = tmp_path_factory.mktemp("datatrove")
    script = readme_block("# datatrove_clean.py")
    assert all(f"{key}={json.dumps(value) if isinstance(value, str) else value}" in script for key, value in POLICY.items()), "README policy differs from POLICY"
    (base / "datatrove_clean.py").write_text(script, encoding="utf-8")
    records = seed_records()
    half = len(records) // 2
    inputs = [write_jsonl(base / "corpus" / "a.jsonl", records[:half]), write_jsonl(base / "corpus" / "b.jsonl", records[half:])]
    result = subprocess.run([sys.executable, "datatrove_clean.py"], cwd=base, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    stats = json.loads((base / "logs" / "stats.json").read_text(encoding="utf-8"))
    return {
        "records": {r["id"]: r for r in records}, "kept": _written(base / "clean"), "dropped": _written(base / "dropped"),
        "stats": {step["name"]: step["stats"] for step in stats},
        "cli": cli_findings(*inputs), "fixed": cli_fixed(base / "cli", *inputs),
    }


def test_the_policy_keeps_and_drops_what_the_cli_findings_say(run):
    expected = {rid: _expected_drop(r["text"], run["cli"].get(rid, [])) for rid, r in run["records"].items()}
    assert set(run["kept"]) == {rid for rid, reason in expected.items() if reason is None}
    assert {rid: doc["metadata"]["filter_reason"] for rid, doc in run["dropped"].items()} == {
        rid: reason for rid, reason in expected.items() if reason is not None
    }
    assert "residue-share" in expected.values() and len(run["kept"]) > len(run["dropped"])


def test_written_documents_are_what_wirelint_check_jsonl_fix_writes(run):
    assert run["kept"], "the pipeline kept nothing"
    for rid, doc in run["kept"].items():
        assert doc["text"] == run["fixed"][rid]["text"], rid
        assert doc["metadata"]["source"] == run["records"][rid]["source"]
    assert any(doc["text"] != run["records"][rid]["text"] for rid, doc in run["kept"].items())
    assert run["kept"]["crlf"]["text"] == run["fixed"]["crlf"]["text"]


def test_metadata_findings_have_the_json_shape_and_offsets_of_the_cli(run):
    for rid, doc in {**run["kept"], **run["dropped"]}.items():
        ours = doc["metadata"]["wirelint_findings"]
        theirs = run["cli"].get(rid, [])
        assert [{k: v for k, v in f.items() if k not in ("path", "start", "end")} for f in ours] == [
            {k: v for k, v in f.items() if k != "path"} for f in theirs
        ], rid
        given = run["records"][rid]["text"]
        assert [(f["start"], f["end"]) for f in ours] == [
            (offset(given, f["line"], f["column"]), offset(given, f["end_line"], f["end_column"])) for f in ours
        ], rid


def test_stats_count_findings_and_fixes_per_rule(run):
    filtered = run["stats"]["🔻 - FILTER: 🧹 wirelint"]
    counts = rule_counts(run["cli"])
    assert counts and {rule: filtered.get(rule) for rule in counts} == dict(counts)
    assert filtered["dropped"] == len(run["dropped"]) and filtered["forwarded"] == len(run["kept"])
    formatted = run["stats"]["✂️ - FORMAT: 🧹 wirelint fixes"]
    changed = [rid for rid, doc in run["kept"].items() if doc["text"] != run["records"][rid]["text"]]
    assert formatted["fixed"] == len(changed)
    assert formatted["fixed:residue/end-marker"] >= 1


def test_fail_on_drops_by_severity_and_names_the_rule():
    step = WirelintFilter(fail_on="warning", select="encoding")
    assert step.filter(Document(text="Plain text, nothing wrong.\n", id="a")) is True
    dropped = step.filter(Document(text="A non\u00a0breaking space.\n", id="b"))
    assert dropped == (False, "encoding/nbsp")
    spared = WirelintFilter(fail_on="warning", select="encoding", spare_fixable=True)
    assert spared.filter(Document(text="A non\u00a0breaking space.\n", id="c")) is True


def test_formatter_applies_unsafe_fixes_only_when_asked():
    text = "The the minister spoke.\n"
    assert WirelintFormatter(select="translation/doubled-word").format(text) == text
    assert WirelintFormatter(select="translation/doubled-word", unsafe=True).format(text) != text


def test_bad_settings_are_one_clear_error():
    with pytest.raises(WirelintError, match="fail_on must be one of"):
        WirelintFilter(fail_on="fatal")
    with pytest.raises(WirelintError, match="unknown rule or pack 'residu'"):
        WirelintFilter(select="residu")
    with pytest.raises(WirelintError, match="no such rule pack"):
        WirelintFormatter(rules="missing.yaml")


def test_a_missing_datatrove_is_one_clear_error():
    code = "import sys; sys.modules['datatrove'] = None; import lint.integrations.datatrove"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "ModuleNotFoundError: datatrove is not installed, and wirelint's datatrove steps need it: "
        "pip install 'wirelint[datatrove]'"
    )
