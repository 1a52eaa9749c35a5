"""Hostile or broken rule packs: every one is refused with one clear line, or cannot stall a run.

Random YAML documents and random rule packs must load or fail with a ``WirelintError``
(one line naming the file), never with any other exception. Catastrophic regexes are cut
off by the time budget and reported as ``wirelint/rule-timeout``; a rule that would delete
everything is refused by the mass-deletion guard; Python tags construct nothing; an
enormous phrase list loads quickly.
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import run_wirelint, wirelint_command
from lint.errors import WirelintError
from lint.packs import load_rules
from strategies import PROSE

HEADER = "name: p\ndescription: test pack\nrules:\n"


def pack_text(rule_yaml: str) -> str:
    return HEADER + textwrap.indent(textwrap.dedent(rule_yaml).strip("\n"), "  ") + "\n"


def rule_yaml(kind_fields: str, *, kind: str = "pattern", fix: str = "", examples: str = 'match: ["x"]\n  no_match: ["y"]', rule_id: str = "p/x") -> str:
    lines = [f"- id: {rule_id}", f"  kind: {kind}", "  severity: error", "  message: m"]
    lines += ["  " + line for line in textwrap.dedent(kind_fields).strip("\n").splitlines()]
    if fix:
        lines.append(f"  fix: {fix}")
    lines.append("  examples:")
    lines += ["    " + line.strip() for line in examples.splitlines()]
    return "\n".join(lines)


def load_outcome(path: Path) -> str | None:
    """None if the pack loads; the error line if it is refused. Anything else propagates."""
    try:
        load_rules([path], builtin=False)
    except WirelintError as exc:
        return str(exc)
    return None


def assert_clear_error_or_loaded(path: Path) -> None:
    message = load_outcome(path)
    if message is not None:
        assert "\n" not in message and "\r" not in message, f"error is not one line: {message!r}"
        assert str(path) in message, f"error does not name the pack file: {message!r}"


# --------------------------------------------------------------------------------------
# Random YAML documents and random rule packs


class Raw(str):
    """YAML source written into the document as it is (tags, anchors, odd scalars)."""


RAW_YAML = (
    "!!python/object/apply:os.system ['true']", "!!python/name:os.system", "!!python/object/new:dict []",
    "!!python/module:os", "!!timestamp 2001-13-45", "2024-02-30", "!!int x", "!!float y", "!!binary '!!'",
    "!!set {a, b}", "!!omap [a: 1]", "!!pairs [a: 1]", "!!str", "!!null ''", "!!bool maybe", "!custom x",
    "!!map [1]", "!!seq {a: 1}", "*undefined", "&anchor [*anchor]", "{? [a] : 1}", "1e999", ".nan", "-.inf",
    "~", "0x1F", "0o17", "1_000", "12:30:45", "yes", "off", "[[[]]]", "{<<: 5}", "{<<: {kind: pattern}}",
)
STRINGS = (
    "pattern", "phrases", "block", "repetition", "adjacent", "mojibake", "ending", "error", "warning", "info",
    "line", "inline", "paragraph", "document", "end", "paragraphs", "word", "exact", "folded", "ignorecase",
    "verbose", "dotall", "remove-lines", "remove", "replace", "safe", "unsafe", "html-unescape", "nfc", "space",
    "any", "lone", "paragraph-last", "x", "(", "[", "a{2,1}", r"\1", r"\g<9>", "\\", r"^Advert.*$", r"\p{L}+",
    "(?i)foo", "(?V1)x", "p/x", "p/y", "p/X", "other/x", "p/x\ny", "", " ", "\t", "Advertisement", "Getty Images",
    "é", "😀", "a\u2028b", "\ufeff", "\x85",
)
FIELD_NAMES = (
    "id", "kind", "severity", "message", "description", "fix", "where", "examples", "pattern", "scope", "flags",
    "prefilter", "lines", "max_length", "phrases", "match", "heading", "heading_pattern", "extent", "paragraphs",
    "max_paragraphs", "include_heading", "unit", "compare", "adjacent", "similarity", "min_chars", "allow",
    "anchor", "max_lines", "max_chars", "gate", "words", "action", "applicability", "replacement", "transform",
    "first", "last", "no_match", "text", "fixed", "name", "rules", "patern", "a\nb", "",
)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(STRINGS), st.text(max_size=12),
    st.sampled_from(RAW_YAML).map(Raw),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=6), inner, max_size=4),
    ),
    max_leaves=12,
)


def field_value(name: str):
    """Mostly plausible values for a field, sometimes anything at all."""
    plausible = {
        "id": st.sampled_from(("p/x", "p/y", "p/z", "p/x\ny", "P/x", "q/x", "p/")),
        "kind": st.sampled_from(("pattern", "phrases", "block", "repetition", "adjacent", "mojibake", "ending", "nope")),
        "severity": st.sampled_from(("error", "warning", "info", "fatal")),
        "message": st.sampled_from(("m", "", "  ", "a message")),
        "pattern": st.sampled_from(("x", "^x$", "(", "[", r"\bx\b", "(?s).+", r"(x)\1", "a{99999999999}", r"\p{Lu}+")),
        "phrases": st.lists(st.sampled_from(("x", "Advertisement", "!!!", "", " ", "a b")), max_size=3),
        "heading": st.lists(st.sampled_from(("x", "Support us", "!!!", "")), max_size=3),
        "fix": st.fixed_dictionaries(
            {"action": st.sampled_from(("remove-lines", "remove", "replace", "delete"))},
            optional={
                "applicability": st.sampled_from(("safe", "unsafe", "maybe")),
                "replacement": st.sampled_from(("", " ", r"\1", r"\g<0>", r"\g<name>", "\\", "y")),
                "transform": st.sampled_from(("html-unescape", "nfc", "space", "upper")),
            },
        ),
        "where": st.sampled_from(({"first": 1}, {"last": 2}, {"first": 0}, {"first": 1, "last": 1}, {"middle": 1})),
        "examples": st.fixed_dictionaries(
            {
                "match": st.lists(st.sampled_from(("x", "Advertisement", "y", "Support us\n\nx\n")) | st.fixed_dictionaries(
                    {"text": st.sampled_from(("x", "Body.\n\nx\n")), "fixed": st.sampled_from(("", "Body.\n", "y"))}
                ), max_size=2),
                "no_match": st.lists(st.sampled_from(PROSE[:3] + ("y", "x")), max_size=2),
            }
        ),
        "scope": st.sampled_from(("line", "paragraph", "document", "page")),
        "unit": st.sampled_from(("word", "line", "paragraph", "sentence")),
        "anchor": st.sampled_from(("p/x", "p/y", "p/nope")),
        "similarity": st.sampled_from((0.5, 1, 1.5, 0, math.nan)),
    }.get(name)
    return st.one_of(plausible, values) if plausible is not None else values


@st.composite
def rule_specs(draw):
    names = draw(st.lists(st.sampled_from(FIELD_NAMES[:45]), max_size=9, unique=True))
    spec = {}
    for name in ("id", "kind", "severity", "message", "examples", *names):
        if name in ("id", "kind", "severity", "message", "examples") and draw(st.integers(0, 9)) == 0:
            continue  # now and then a required field is missing
        spec[name] = draw(field_value(name))
    return spec


@st.composite
def packs(draw):
    pack = {"name": draw(st.sampled_from(("p", "p", "P", "", "two words")) | values)}
    if draw(st.booleans()):
        pack["description"] = draw(values)
    pack["rules"] = draw(st.lists(rule_specs(), min_size=0, max_size=3) | values)
    if draw(st.integers(0, 5)) == 0:
        pack[draw(st.sampled_from(FIELD_NAMES))] = draw(values)
    return pack


def emit(value) -> str:
    """Flow-style YAML for a value; Raw pieces go in verbatim."""
    if isinstance(value, Raw):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(emit(v) for v in value) + "]"
    return "{" + ", ".join(f"{emit(k)}: {emit(v)}" for k, v in value.items()) + "}"


def block_yaml(pack: dict) -> str:
    """The same pack in block style, one rule mapping per item, as people write packs."""
    lines = []
    for key, value in pack.items():
        if key == "rules" and isinstance(value, list):
            lines.append("rules:")
            for spec in value:
                if isinstance(spec, dict) and spec:
                    items = list(spec.items())
                    lines.append(f"  - {emit(items[0][0])}: {emit(items[0][1])}")
                    lines += [f"    {emit(k)}: {emit(v)}" for k, v in items[1:]]
                else:
                    lines.append(f"  - {emit(spec)}")
        else:
            lines.append(f"{emit(key)}: {emit(value)}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("random-packs")


# Packs that once escaped loading as TypeError, ValueError, KeyError, IndexError or regex.error,
# or made a two-line error (all fixed in 480666c); kept as regression cases.
CRASHING_PACKS = {
    "unhashable kind": pack_text(rule_yaml("pattern: x", kind="[a]")),
    "unhashable transform": pack_text(rule_yaml("pattern: x", fix="{action: replace, transform: [a]}")),
    "bad replacement group": pack_text(rule_yaml("pattern: x", fix=r"{action: replace, replacement: '\1'}")),
    "bad replacement escape": pack_text(rule_yaml("pattern: x", fix=r"{action: replace, replacement: '\q'}")),
    "invalid date scalar": "name: p\ndescription: 2024-02-30\nrules: []\n",
    "invalid !!int": "name: p\ndescription: !!int x\nrules: []\n",
    "invalid !!float": "name: p\ndescription: !!float y\nrules: []\n",
    "invalid !!bool": "name: p\ndescription: !!bool maybe\nrules: []\n",
    "!!map on a list": "name: p\ndescription: !!map [1]\nrules: []\n",
    "newline in rule id": pack_text(rule_yaml("pattern: x", rule_id='"p/x\\ny"')),
}


VALID_RULES = (
    {"id": "p/a", "kind": "pattern", "severity": "error", "message": "m", "pattern": "^Advertisement$",
     "fix": {"action": "remove-lines", "applicability": "safe"},
     "examples": {"match": [{"text": "Body.\n\nAdvertisement\n", "fixed": "Body.\n"}], "no_match": ["Advertisement is fine here."]}},
    {"id": "p/b", "kind": "pattern", "severity": "warning", "message": "m", "pattern": "&(amp|lt);", "scope": "document",
     "flags": ["ignorecase"], "prefilter": ["&"], "fix": {"action": "replace", "transform": "html-unescape"},
     "examples": {"match": [{"text": "A &amp; B", "fixed": "A & B"}], "no_match": ["A & B"]}},
    {"id": "p/c", "kind": "phrases", "severity": "error", "message": "m", "phrases": ["Post a Comment", "Leave a Reply"],
     "match": "line", "fix": {"action": "remove-lines"}, "examples": {"match": ["Post a Comment"], "no_match": ["Please post a comment below."]}},
    {"id": "p/d", "kind": "phrases", "severity": "info", "message": "m", "phrases": ["read more"], "match": "inline",
     "examples": {"match": ["Then read more here."], "no_match": ["Reading is more fun."]}},
    {"id": "p/e", "kind": "block", "severity": "error", "message": "m", "heading": ["Support us"], "extent": "end",
     "max_paragraphs": 3, "fix": {"action": "remove-lines"},
     "examples": {"match": ["Body one.\n\nSupport us\n\nGive today.\n"], "no_match": ["Body one.\n\nBody two.\n"]}},
    {"id": "p/f", "kind": "repetition", "severity": "warning", "message": "m", "unit": "line", "compare": "folded",
     "fix": {"action": "remove-lines"}, "examples": {"match": ["A line here.\nA line here.\n"], "no_match": ["One.\nTwo.\n"]}},
    {"id": "p/g", "kind": "repetition", "severity": "warning", "message": "m", "unit": "word", "allow": ["had"],
     "fix": {"action": "replace", "applicability": "unsafe"}, "examples": {"match": ["It was the the end."], "no_match": ["She had had enough."]}},
    {"id": "p/h", "kind": "mojibake", "severity": "error", "message": "m", "fix": {"action": "replace"},
     "examples": {"match": ["The cafÃ© was closed."], "no_match": ["The café was closed."]}},
    {"id": "p/i", "kind": "adjacent", "severity": "warning", "message": "m", "anchor": "p/j", "max_lines": 2,
     "examples": {"match": ["Title\n\nBody.\n\nA caption here.\nGetty Images\n"], "no_match": ["Title\n\nBody.\n"]}},
    {"id": "p/j", "kind": "pattern", "severity": "error", "message": "m", "pattern": "^Getty Images$",
     "examples": {"match": ["Getty Images"], "no_match": ["Getty Images said so."]}},
    {"id": "p/k", "kind": "ending", "severity": "warning", "message": "m", "words": ["the", "of"],
     "examples": {"match": ["The talks ended on Monday. Officials said the next round would begin in the\n\nNext.\n"],
                  "no_match": ["The talks ended on Monday. Officials said it would begin in June.\n"]}},
)


@st.composite
def mutated_packs(draw):
    """A valid pack with a few fields replaced, dropped or added: errors deep in loading."""
    rules = [dict(rule) for rule in VALID_RULES]
    for _ in range(draw(st.integers(0, 3))):
        rule = draw(st.sampled_from(rules))
        action = draw(st.sampled_from(("replace", "replace", "drop", "add")))
        if action == "drop" and rule:
            rule.pop(draw(st.sampled_from(sorted(rule))))
        else:
            name = draw(st.sampled_from(sorted(rule))) if action == "replace" and rule else draw(st.sampled_from(FIELD_NAMES))
            rule[name] = draw(field_value(name))
    return {"name": "p", "description": "mutated", "rules": rules}


SAMPLES = (
    "",
    "Title\n\nBody one. It was the the end of the\n\nA caption.\nGetty Images\n\nSupport us\n\nGive.\n\nAdvertisement\n",
    "x\n" * 3 + "A &amp; B cafÃ© \u00a0😀\n\nPost a Comment\nPost a Comment",
)


def pack_documents():
    """Random packs, and valid packs with a few mutations, written in flow or block style."""
    return st.builds(
        lambda pack, flow: emit(pack) + "\n" if flow else block_yaml(pack), packs() | mutated_packs(), st.booleans()
    )


def test_the_unmutated_pack_loads(tmp_path):
    path = tmp_path / "valid.yaml"
    path.write_text(block_yaml({"name": "p", "description": "valid", "rules": list(VALID_RULES)}), encoding="utf-8")
    assert len(load_rules([path], builtin=False)) == len(VALID_RULES)


@given(text=pack_documents())
@example(text=CRASHING_PACKS["unhashable kind"])
@example(text=CRASHING_PACKS["invalid date scalar"])
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_rule_pack_loads_or_fails_with_one_clear_line(pack_dir, text):
    path = pack_dir / "random.yaml"
    path.write_text(text, encoding="utf-8")
    assert_clear_error_or_loaded(path)
    if load_outcome(path) is None:  # a pack that loads must not crash checking or fixing either
        from lint.document import Document
        from lint.engine import check_document
        from lint.fixes import fix_text

        rules = load_rules([path], builtin=False)
        for sample in SAMPLES:
            check_document(Document(sample), rules)
            fix_text(sample, rules, unsafe=True)


@given(text=st.text(max_size=200) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_as_a_pack_loads_or_fails_with_one_clear_line(pack_dir, text):
    path = pack_dir / "text.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    assert_clear_error_or_loaded(path)


@pytest.mark.parametrize("name", list(CRASHING_PACKS))
def test_packs_that_once_crashed_the_loader_are_clear_errors(tmp_path, name):
    path = tmp_path / "bad.yaml"
    path.write_text(CRASHING_PACKS[name], encoding="utf-8")
    assert_clear_error_or_loaded(path)
    assert load_outcome(path) is not None


# --------------------------------------------------------------------------------------
# The broken-pack matrix through the real CLI: exit 2, one stderr line naming the file


GOOD = rule_yaml("pattern: '^Advertisement$'", fix="{action: remove-lines, applicability: safe}",
                 examples='match: ["Advertisement"]\n  no_match: ["Advertisement is fine here."]')

BROKEN = {
    "malformed YAML": HEADER + "  - id: [unclosed\n",
    "tab indentation": HEADER + "\t- id: p/x\n",
    "not a mapping": "- just\n- a list\n",
    "empty file": "",
    "rules not a list": "name: p\ndescription: d\nrules: 5\n",
    "wrong type": pack_text(GOOD.replace("severity: error", "severity: [error]")),
    "wrong field type": pack_text(GOOD.replace("pattern: '^Advertisement$'", "pattern: 5")),
    "unknown key": pack_text(GOOD.replace("message: m", "message: m\n  colour: red")),
    "unknown pack key": HEADER.replace("rules:", "version: 2\nrules:") + textwrap.indent(GOOD, "  ") + "\n",
    "regex does not compile": pack_text(GOOD.replace("'^Advertisement$'", "'(unclosed'")),
    "duplicate key": pack_text(GOOD.replace("message: m", "message: m\n  message: n")),
    "python tag": HEADER + "  - !!python/object/apply:os.system ['true']\n",
    "example fails": pack_text(GOOD.replace('no_match: ["Advertisement is fine here."]', 'no_match: ["Advertisement"]')),
    "not UTF-8": None,
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_pack_is_one_error_line_with_exit_2(tmp_path, name):
    pack = tmp_path / "broken.yaml"
    if BROKEN[name] is None:
        pack.write_bytes(pack_text(GOOD).replace("message: m", "message: caf\xe9").encode("latin-1"))
    else:
        pack.write_text(BROKEN[name], encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Body.\n\nAdvertisement\n", encoding="utf-8")
    result = run_wirelint("check", "--isolated", "--rules", str(pack), str(article), cwd=tmp_path)
    errors = result.stderr.decode().strip().splitlines()
    assert result.returncode == 2, result.stderr.decode()
    assert len(errors) == 1 and "broken.yaml" in errors[0] and "Traceback" not in errors[0], errors


# --------------------------------------------------------------------------------------
# YAML tags that try to construct Python objects


@pytest.mark.parametrize(
    "where",
    ["top", "rule", "field", "key", "nested"],
)
@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.mkdir ['{marker}']",
        "!!python/object/new:os.mkdir ['{marker}']",
        "!!python/name:os.mkdir",
        "!!python/module:os",
        "!python/object/apply:os.mkdir ['{marker}']",
        "!<tag:yaml.org,2002:python/object/apply:os.mkdir> ['{marker}']",
    ],
)
def test_python_tags_construct_nothing(tmp_path, tag, where):
    marker = tmp_path / "constructed"
    value = tag.format(marker=marker)
    text = {
        "top": f"{value}\n",
        "rule": HEADER + f"  - {value}\n",
        "field": pack_text(GOOD.replace("message: m", f"message: {value}")),
        "key": HEADER + f"  - {{? {value} : 1}}\n",
        "nested": pack_text(GOOD.replace('no_match: ["Advertisement is fine here."]', f"no_match: [[{value}]]")),
    }[where]
    path = tmp_path / "tagged.yaml"
    path.write_text(text, encoding="utf-8")
    message = load_outcome(path)
    assert message is not None and "\n" not in message and str(path) in message
    assert not marker.exists()


# --------------------------------------------------------------------------------------
# Catastrophic regexes: a time budget, a rule-timeout finding, and the run goes on

CATASTROPHIC = "(a|aa)+b"  # exponential backtracking on a run of a's without b
# The texts below also hold "ab" after the run of a's: without it the prefilter (RE2, linear
# time) shows the rule cannot match and never runs the backtracking regex at all.


def hostile_pack(tmp_path: Path, kind_fields: str, kind: str = "pattern", examples: str = 'match: ["ab"]\n  no_match: ["c"]') -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(
        "name: hostile\ndescription: hostile\nrules:\n"
        + textwrap.indent(rule_yaml(kind_fields, kind=kind, examples=examples, rule_id="hostile/slow"), "  ") + "\n",
        encoding="utf-8",
    )
    return path


def run_limited(args: list[str], cwd: Path, limit: float) -> subprocess.CompletedProcess | None:
    """The CLI with a wall-clock limit; None if it had to be killed (it stalled)."""
    try:
        return subprocess.run([*wirelint_command(), *args], cwd=cwd, capture_output=True, timeout=limit,
                              env={**os.environ, "NO_COLOR": "1"})
    except subprocess.TimeoutExpired:
        return None


def test_catastrophic_pattern_is_cut_off_and_named_and_the_run_goes_on(tmp_path):
    pack = hostile_pack(tmp_path, f"pattern: '{CATASTROPHIC}'\nscope: document")
    (tmp_path / "slow.txt").write_text("Body of the story.\n\nAdvertisement\n\n" + "a" * 60 + " ab\n", encoding="utf-8")
    (tmp_path / "fine.txt").write_text("Another story.\n\nGetty Images\n", encoding="utf-8")
    start = time.monotonic()
    result = run_limited(["check", "--isolated", "--format", "concise", "--rules", str(pack), "slow.txt", "fine.txt"], tmp_path, 60)
    assert result is not None
    out = result.stdout.decode()
    assert result.returncode == 1, result.stderr.decode()
    assert "slow.txt:1:1: error wirelint/rule-timeout rule 'hostile/slow'" in out
    assert "slow.txt:3:1: error residue/advertisement" in out  # the other rules still ran on it
    assert "fine.txt:3:1: error credits/photo-credit" in out  # and the other file was checked
    assert "fine.txt:1:1: error wirelint/rule-timeout" not in out
    assert time.monotonic() - start < 20


def test_catastrophic_pattern_under_fix_still_fixes_the_rest(tmp_path, monkeypatch):
    import lint.kinds.pattern as pattern_kind
    from strategies import run_file

    monkeypatch.setattr(pattern_kind, "TIMEOUT_SECONDS", 0.05)  # in-process: keep the test fast
    rules = [*load_rules(), *load_rules([hostile_pack(tmp_path, f"pattern: '{CATASTROPHIC}'\nscope: document")], builtin=False)]
    article = tmp_path / "slow.txt"
    article.write_text("Body of the story.\n\nAdvertisement\n\n" + "a" * 60 + " is the word ab.\n", encoding="utf-8")
    result = run_file(article, rules, fix=True)
    assert result.error is None and result.changed
    assert [f.message for f in result.findings if f.rule == "wirelint/rule-timeout"] == [
        f"rule 'hostile/slow' took too long on this text and was skipped ({tmp_path / 'hostile.yaml'}:4)"
    ]
    assert article.read_text(encoding="utf-8") == "Body of the story.\n\n" + "a" * 60 + " is the word ab.\n"


def test_catastrophic_pattern_in_its_own_examples_is_a_load_error(tmp_path, monkeypatch):
    import lint.kinds.pattern as pattern_kind

    monkeypatch.setattr(pattern_kind, "TIMEOUT_SECONDS", 0.05)
    pack = hostile_pack(tmp_path, f"pattern: '{CATASTROPHIC}'", examples='match: ["ab"]\n  no_match: ["' + "a" * 60 + '"]')
    message = load_outcome(pack)
    assert message is not None and "\n" not in message
    assert str(pack) in message and "hostile/slow" in message


STALL_LIMIT = 4.5  # seconds: a 1 s budget (which the regex module overshoots up to ~3x) plus start-up


def test_catastrophic_block_heading_pattern_cannot_stall_a_run(tmp_path):
    pack = hostile_pack(tmp_path, f"heading_pattern: '{CATASTROPHIC}'", kind="block",
                        examples='match: ["ab\\n\\nx\\n"]\n  no_match: ["c\\n"]')
    (tmp_path / "slow.txt").write_text("Body.\n\n" + "a" * 60 + "\n\nab\n", encoding="utf-8")
    result = run_limited(["check", "--isolated", "--format", "concise", "--rules", str(pack), "slow.txt"], tmp_path, STALL_LIMIT)
    assert result is not None, f"wirelint still running after {STALL_LIMIT} s"
    assert b"wirelint/rule-timeout rule 'hostile/slow'" in result.stdout


def test_catastrophic_mojibake_gate_cannot_stall_a_run(tmp_path):
    pack = hostile_pack(tmp_path, f"gate: '{CATASTROPHIC}'", kind="mojibake",
                        examples='match: ["ab cafÃ©"]\n  no_match: ["c"]')
    (tmp_path / "slow.txt").write_text("Body café.\n\n" + "a" * 60 + "\n\nab\n", encoding="utf-8")
    result = run_limited(["check", "--isolated", "--format", "concise", "--rules", str(pack), "slow.txt"], tmp_path, STALL_LIMIT)
    assert result is not None, f"wirelint still running after {STALL_LIMIT} s"
    assert b"wirelint/rule-timeout rule 'hostile/slow'" in result.stdout


def test_slow_per_line_pattern_cannot_stall_a_run(tmp_path):
    # Each line takes ~0.5 s, under the 1 s budget; forty of them must not take forty budgets.
    pack = hostile_pack(tmp_path, f"pattern: '{CATASTROPHIC}'\nmax_length: 200")
    (tmp_path / "slow.txt").write_text("Body.\n\n" + ("a" * 28 + "\n\n") * 40 + "ab\n", encoding="utf-8")
    result = run_limited(["check", "--isolated", "--format", "concise", "--rules", str(pack), "slow.txt"], tmp_path, STALL_LIMIT)
    assert result is not None, f"wirelint still running after {STALL_LIMIT} s"
    assert b"wirelint/rule-timeout rule 'hostile/slow'" in result.stdout


def test_timeouts_of_two_rules_do_not_depend_on_rule_order(tmp_path, monkeypatch):
    import lint.kinds.pattern as pattern_kind
    from lint.document import Document
    from lint.engine import check_document

    monkeypatch.setattr(pattern_kind, "TIMEOUT_SECONDS", 0.05)
    path = tmp_path / "two.yaml"
    path.write_text(
        "name: two\ndescription: d\nrules:\n"
        + textwrap.indent(rule_yaml(f"pattern: '{CATASTROPHIC}'\nscope: document", rule_id="two/a", examples='match: ["ab"]\n  no_match: ["c"]'), "  ") + "\n"
        + textwrap.indent(rule_yaml("pattern: '(a|aa)+c'\nscope: document", rule_id="two/b", examples='match: ["ac"]\n  no_match: ["d"]'), "  ") + "\n",
        encoding="utf-8",
    )
    rules = load_rules([path], builtin=False)
    text = "a" * 60 + "\n\nab ac\n"
    forward = check_document(Document(text), rules)
    backward = check_document(Document(text), rules[::-1])
    assert [f.rule for f in forward] == ["wirelint/rule-timeout"] * 2
    assert forward == backward


# --------------------------------------------------------------------------------------
# A rule that would delete everything


@pytest.mark.parametrize(
    "fields, fix",
    [
        ("pattern: '(?s).+'\nscope: document", "{action: remove, applicability: safe}"),
        ("pattern: '^.*\\S.*$'", "{action: remove-lines, applicability: safe}"),
        ("pattern: '(?s).+'\nscope: document", "{action: replace, replacement: 'x', applicability: safe}"),
    ],
    ids=["remove-all", "remove-every-line", "replace-all"],
)
def test_rule_that_deletes_everything_is_refused(tmp_path, fields, fix):
    pack = tmp_path / "wipe.yaml"
    pack.write_text(
        "name: wipe\ndescription: d\nrules:\n"
        + textwrap.indent(rule_yaml(fields, fix=fix, rule_id="wipe/all", examples='match: ["x"]\n  no_match: [""]'), "  ") + "\n",
        encoding="utf-8",
    )
    article = tmp_path / "a.txt"
    original = "The council met on Monday.\n\nIt voted to rebuild the harbour wall.\n"
    article.write_text(original, encoding="utf-8")
    result = run_wirelint("check", "--isolated", "--no-builtin-rules", "--fix", "--format", "concise", "--rules", str(pack), "a.txt", cwd=tmp_path)
    out = result.stdout.decode()
    assert "a.txt:1:1: error wirelint/fix-refused" in out, out
    assert result.returncode == 1
    assert article.read_text(encoding="utf-8") == original


# --------------------------------------------------------------------------------------
# Enormous phrase lists


def phrase_pack(path: Path, mode: str, count: int) -> None:
    words = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet")
    phrases = [f"{words[i % 10]} {words[i // 10 % 10]} {words[i // 100 % 10]} item {i}" for i in range(count)]
    body = "".join(f"      - {p}\n" for p in phrases)
    path.write_text(
        "name: big\ndescription: d\nrules:\n  - id: big/phrases\n    kind: phrases\n    severity: error\n"
        f"    message: m\n    match: {mode}\n    phrases:\n{body}    fix: {{action: remove-lines, applicability: safe}}\n"
        f"    examples:\n      match: [{phrases[7]!r}]\n      no_match: [\"nothing to see\"]\n",
        encoding="utf-8",
    )


LOAD_SCRIPT = """
import sys, time
from lint.packs import load_rules
from lint.engine import check_text
start = time.process_time()  # CPU time: the test is about work done, not about a busy machine
rules = load_rules([sys.argv[1]], builtin=False, cache=False)
loaded = time.process_time() - start
findings = check_text("Body text.\\n\\ncharlie alpha alpha item 2\\n", rules)
print(loaded, time.process_time() - start, len(findings))
"""


@pytest.mark.parametrize(
    "mode",
    ["line", "inline"],
)
def test_twenty_thousand_phrases_load_fast(tmp_path, mode):
    """Loading grows with the phrases, not with their square: 20,000 phrases cost about ten
    times what 2,000 do (CPU time of each, in one test, so a busy machine slows both)."""
    times = {}
    for count in (2_000, 20_000):
        path = tmp_path / f"big{count}.yaml"
        phrase_pack(path, mode, count)
        try:
            done = subprocess.run([sys.executable, "-c", LOAD_SCRIPT, str(path)], capture_output=True, timeout=60,
                                  env={**os.environ, "WIRELINT_CACHE_DIR": ""})
        except subprocess.TimeoutExpired:
            pytest.fail(f"loading {count:,} phrases did not finish in 60 s")
        assert done.returncode == 0, done.stderr.decode()
        loaded, total, count_found = done.stdout.split()
        times[count] = float(total)
    # The first check also compiles the phrases' alternation; quadratic work would be 100x.
    assert times[20_000] < 25 * max(times[2_000], 0.05) and times[20_000] < 15.0, times
    assert int(count_found) == 1
