"""The integrations' rule selection resolves as ``wirelint rules`` resolves the same options,
and one linter is built per process."""
from __future__ import annotations

import json

import pytest
from conftest import run_wirelint

from lint.errors import WirelintError
from lint.integrations.selection import CROSS_FILE_RULES, RuleSelection, linter_for

PACK = """\
name: house
description: Our partner's page furniture.
rules:
  - id: house/partner-footer
    kind: phrases
    severity: error
    message: partner footer line
    match: line
    phrases: [Download our app for the latest news]
    fix: {action: remove-lines, applicability: safe}
    examples:
      match:
        - text: "Body.\\n\\nDownload our app for the latest news\\n"
          fixed: "Body.\\n"
      no_match: ["Download our app later."]
"""

CONFIG = """\
[tool.wirelint]
select = ["residue", "encoding", "house"]
extend-select = ["translation/doubled-word"]
ignore = ["residue/appeal"]
rules = ["house.yaml"]
unsafe-fixes = true

[tool.wirelint.severity]
"encoding/nbsp" = "info"
"""

CASES = {
    "config only": ({}, ()),
    "explicit select and ignore replace the config's": (
        {"select": "credits,translation/doubled-period", "ignore": ["credits/byline"]},
        ("--select", "credits,translation/doubled-period", "--ignore", "credits/byline"),
    ),
    "only cross-file rules selected": ({"select": "provenance"}, ("--select", "provenance")),
}


@pytest.fixture
def project(tmp_path):
    (tmp_path / "house.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("name", CASES)
def test_selection_is_what_wirelint_rules_lists(project, name):
    values, flags = CASES[name]
    config = str(project / "pyproject.toml")
    listed = run_wirelint("rules", "--format", "json", "--config", config, *flags, cwd=project)
    assert listed.returncode == 0, listed.stderr.decode()
    expected = [(r["id"], r["severity"]) for r in json.loads(listed.stdout) if r["id"] not in CROSS_FILE_RULES]
    linter = linter_for(RuleSelection.of(config=config, **values))
    assert sorted((r.id, r.severity) for r in linter.rules) == expected
    assert linter.unsafe is True


def test_config_settings_reach_checks_and_fixes(project):
    linter = linter_for(RuleSelection.of(config=str(project / "pyproject.toml")))
    body = "vote passed on Monday after a long debate in the council chamber.\n"
    text = f"The the {body}\nDownload our app for the latest news\n"
    assert [f.rule for f in linter.check(text).findings] == ["translation/doubled-word", "house/partner-footer"]
    assert linter.fix(text) == f"The {body}"
    safe_only = linter_for(RuleSelection.of(config=str(project / "pyproject.toml"), unsafe=False))
    assert safe_only.fix(text) == f"The the {body}"


def test_one_linter_per_selection_per_process():
    assert linter_for(RuleSelection.of(select="residue")) is linter_for(RuleSelection.of(select=["residue"]))
    assert RuleSelection.of(select="a, b", ignore=None) == RuleSelection(select=("a", "b"))


def test_unknown_names_and_files_are_one_clear_error(tmp_path):
    with pytest.raises(WirelintError, match=r"unknown rule or pack 'residu' \(did you mean 'residue'\?\)"):
        linter_for(RuleSelection.of(select="residu"))
    with pytest.raises(WirelintError, match="no such config file"):
        linter_for(RuleSelection.of(config=str(tmp_path / "missing.toml")))
    bad = tmp_path / "wirelint.toml"
    bad.write_text('[severity]\n"residue/nope" = "info"\n', encoding="utf-8")
    with pytest.raises(WirelintError, match="severity override for unknown rule 'residue/nope'"):
        linter_for(RuleSelection.of(config=str(bad)))
