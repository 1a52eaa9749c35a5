"""The one result shape: ``--format json``'s keys plus offsets into the text as given."""
from __future__ import annotations

import json

from conftest import run_wirelint

from lint.integrations.results import finding_record
from lint.integrations.selection import RuleSelection, linter_for

TEXT = "Title\n\nShare this:\nThe\u00a0vote passed.\n"


def test_records_are_the_cli_json_with_start_and_end(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    cli = json.loads(run_wirelint("check", "--format", "json", "--isolated", "a.txt", cwd=tmp_path).stdout)
    checked = linter_for(RuleSelection()).check(TEXT, "a.txt")
    records = checked.records()
    assert [{k: v for k, v in r.items() if k not in ("start", "end")} for r in records] == cli
    assert [TEXT[r["start"]:r["end"]] for r in records] == ["Share this:", "\u00a0"]
    assert records == [{**finding_record(f), "path": "a.txt"} for f in checked.findings]


def test_offsets_point_into_text_with_windows_and_old_mac_newlines():
    linter = linter_for(RuleSelection())
    for newline in ("\r\n", "\r"):
        given = TEXT.replace("\n", newline)
        plain = linter.check(TEXT).records()
        records = linter.check(given).records()
        assert [{k: r[k] for k in ("rule", "line", "column")} for r in records] == [
            {k: r[k] for k in ("rule", "line", "column")} for r in plain
        ]
        assert [given[r["start"]:r["end"]] for r in records] == ["Share this:", "\u00a0"]
        assert records[1]["start"] == plain[1]["start"] + 3 * (len(newline) - 1)


def test_fix_keeps_the_text_as_given_when_nothing_changes():
    linter = linter_for(RuleSelection())
    clean = "A plain line.\r\nAnother one.\r\n"
    assert linter.fix(clean) is clean
    assert linter.fix(TEXT.replace("\n", "\r\n")) == "Title\n\nThe vote passed.\n"
