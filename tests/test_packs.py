"""Rule-pack loading: every broken pack is one clear line naming file, line and rule."""
import textwrap
from pathlib import Path

import pytest

from lint.errors import WirelintError
from lint.packs import load_rules, select_rules

GOOD_RULE = """
  - id: my/widget
    kind: phrases
    severity: error
    message: widget
    description: A widget.
    match: line
    phrases: [Post a Comment]
    fix: {action: remove-lines, applicability: safe}
    examples:
      match: ["Post a Comment"]
      no_match: ["Please post a comment below, he wrote."]
"""


def write_pack(tmp_path, rules_text, header="name: my\ndescription: test\nrules:\n"):
    path = tmp_path / "my.yaml"
    path.write_text(header + textwrap.dedent(rules_text), encoding="utf-8")
    return path


def load_error(tmp_path, text, **kwargs) -> str:
    path = write_pack(tmp_path, text, **kwargs)
    with pytest.raises(WirelintError) as info:
        load_rules([path], builtin=False)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_good_pack_loads(tmp_path):
    rules = load_rules([write_pack(tmp_path, GOOD_RULE)], builtin=False)
    assert [r.id for r in rules] == ["my/widget"]


@pytest.mark.parametrize(
    "change, expected",
    [
        (("    phrases: [Post a Comment]", "    phrase: [Post a Comment]"), "my.yaml:5: rule 'my/widget': unknown field 'phrase' (did you mean 'phrases'?)"),
        (("kind: phrases", "kind: phrasebook"), "unknown kind 'phrasebook'"),
        (("severity: error", "severity: fatal"), "severity must be one of info, warning, error"),
        (("phrases: [Post a Comment]", "phrases: Post a Comment"), "field 'phrases' must be a list"),
        (("no_match: [\"Please post a comment below, he wrote.\"]", "no_match: [\"Post a Comment\"]"), "'no_match' example matches"),
        (("match: [\"Post a Comment\"]", "match: [\"Nothing here\"]"), "'match' example does not match"),
        (("applicability: safe", "applicability: maybe"), "applicability must be 'safe' or 'unsafe'"),
        (("id: my/widget", "id: other/widget"), "id must be 'my/<name>'"),
    ],
)
def test_broken_rule_is_one_line_naming_file_line_and_rule(tmp_path, change, expected):
    assert expected in load_error(tmp_path, GOOD_RULE.replace(*change))


def test_regex_that_does_not_compile(tmp_path):
    rule = GOOD_RULE.replace("kind: phrases", "kind: pattern").replace("    match: line\n", "").replace(
        "phrases: [Post a Comment]", "pattern: '(unclosed'"
    )
    assert "field 'pattern' does not compile" in load_error(tmp_path, rule)


def test_duplicate_ids_and_duplicate_keys(tmp_path):
    assert "duplicate id" in load_error(tmp_path, GOOD_RULE + GOOD_RULE)
    assert "duplicate key 'severity'" in load_error(tmp_path, GOOD_RULE.replace("severity: error", "severity: error\n    severity: info"))


def test_python_tags_are_refused(tmp_path):
    message = load_error(tmp_path, "  - !!python/object/apply:os.system ['echo hacked']\n")
    assert "invalid YAML" in message


def test_malformed_yaml(tmp_path):
    assert "invalid YAML" in load_error(tmp_path, "  - id: [unclosed\n")


def test_examples_are_required(tmp_path):
    rule = GOOD_RULE.split("    examples:")[0]
    assert "field 'examples' must be a mapping" in load_error(tmp_path, rule)


def test_selection_by_pack_and_id(shipped_rules):
    residue = select_rules(shipped_rules, ["residue"])
    assert residue and all(r.pack == "residue" for r in residue)
    without = select_rules(shipped_rules, ["residue/"], ["residue/nav-links"])
    assert "residue/nav-links" not in {r.id for r in without}
    with pytest.raises(WirelintError, match="did you mean 'residue/nav-links'"):
        select_rules(shipped_rules, ["residue/nav-link"])


def test_cache_hit_gives_the_same_rules_and_follows_pack_changes(tmp_path, monkeypatch):
    import pickle

    from lint.document import Document
    from lint.engine import check_document

    monkeypatch.setenv("WIRELINT_CACHE_DIR", str(tmp_path / "cache"))
    pack = write_pack(tmp_path, GOOD_RULE)
    first = load_rules([pack], builtin=False)
    cached = list((tmp_path / "cache").glob("rules-*.pickle"))
    assert len(cached) == 1
    second = load_rules([pack], builtin=False)
    text = "Body.\n\nPost a Comment\n"
    assert check_document(Document(text), first) == check_document(Document(text), second)

    pack.write_text(pack.read_text(encoding="utf-8").replace("message: widget", "message: comment widget"), encoding="utf-8")
    assert load_rules([pack], builtin=False)[0].message == "comment widget"

    for stale in (tmp_path / "cache").glob("rules-*.pickle"):
        stale.write_bytes(b"not a pickle")
    assert load_rules([pack], builtin=False)[0].message == "comment widget"
    newest = max((tmp_path / "cache").glob("rules-*.pickle"), key=lambda path: path.stat().st_mtime_ns)
    _programs, rules = pickle.loads(newest.read_bytes()[32:])  # after the 32-byte signature
    assert pickle.loads(rules)[0].message == "comment widget"


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("WIRELINT_CACHE_DIR", "")
    assert load_rules([write_pack(tmp_path, GOOD_RULE)], builtin=False)
    assert not list(tmp_path.glob("**/rules-*.pickle"))


@pytest.mark.parametrize("package, module", [("prefilter", "plan.py"), ("kinds", "repetition.py")])
def test_the_cache_follows_the_code_of_what_it_holds(tmp_path, monkeypatch, package, module):
    """The cache holds kind instances and the prefilter's evidence: a changed file of either
    package is a new cache entry (an editable install changes code without a version bump)."""
    import importlib
    import shutil

    code_package = importlib.import_module(f"lint.{package}")
    code = tmp_path / package
    shutil.copytree(Path(code_package.__file__).parent, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(code_package, "__file__", str(code / "__init__.py"))
    monkeypatch.setenv("WIRELINT_CACHE_DIR", str(tmp_path / "cache"))
    pack = write_pack(tmp_path, GOOD_RULE)
    load_rules([pack], builtin=False)
    load_rules([pack], builtin=False)
    assert len(list((tmp_path / "cache").glob("rules-*.pickle"))) == 1
    (code / module).write_text((code / module).read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert load_rules([pack], builtin=False)[0].message == "widget"
    assert len(list((tmp_path / "cache").glob("rules-*.pickle"))) == 2
