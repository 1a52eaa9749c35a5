"""Regex bounds: one time budget per rule per document for every regex a rule runs, and bounded compiles."""
from __future__ import annotations

import textwrap

import pytest
import regex

from conftest import run_wirelint

from lint.document import Document
from lint.engine import TIMEOUT_RULE, check_document
from lint.kinds.limits import MAX_EXPANSION, Budget, compile_bounded, expansion
from lint.packs import load_rules

SLOW = "(a|aa)+b"  # backtracks exponentially on a run of a's: ~10 ms on 20 of them
SLOW_LINE = "a" * 20


def pack(tmp_path, kind: str, fields: str, examples: str):
    path = tmp_path / "hostile.yaml"
    path.write_text(textwrap.dedent(f"""\
        name: hostile
        description: hostile
        rules:
          - id: hostile/slow
            kind: {kind}
            severity: error
            message: slow
        """) + textwrap.indent(fields + "\nexamples:\n" + textwrap.indent(examples, "  "), "    ") + "\n", encoding="utf-8")
    return path


@pytest.fixture
def short_budget(monkeypatch):
    import lint.kinds.pattern as pattern_kind

    monkeypatch.setattr(pattern_kind, "TIMEOUT_SECONDS", 0.1)  # ten times what one line takes


def timed_out(rules, text: str) -> bool:
    return any(f.rule == TIMEOUT_RULE for f in check_document(Document(text), rules, "slow.txt"))


def test_block_heading_pattern_has_one_budget_for_all_its_lines(tmp_path, short_budget):
    rules = load_rules([pack(tmp_path, "block", f"heading_pattern: '{SLOW}'", 'match: ["ab\\n\\nx\\n"]\nno_match: ["c\\n"]')], builtin=False)
    # a hundred lines of one paragraph, each well under the budget, together far over it
    assert timed_out(rules, "Body.\n\n" + (SLOW_LINE + "\n") * 100)
    assert not timed_out(rules, "Body.\n\n" + (SLOW_LINE[:6] + "\n") * 100)  # as many quick lines fit


def test_mojibake_gate_has_one_budget_for_the_text_and_all_its_lines(tmp_path, short_budget):
    rules = load_rules([pack(tmp_path, "mojibake", f"gate: '{SLOW}'", 'match: ["ab cafÃ©"]\nno_match: ["c"]')], builtin=False)
    # "ab" first: the text-wide gate passes at once, then each line is gated on its own
    assert timed_out(rules, "ab café\n\n" + (SLOW_LINE + "\n\n") * 100)
    assert not timed_out(rules, "ab café\n\n" + (SLOW_LINE[:6] + "\n\n") * 100)


def test_budget_charges_each_run_and_runs_out():
    budget = Budget(5.0)
    assert budget.run(regex.compile("a+").search, "caab").group() == "aa"
    assert 0 < budget.seconds < 5.0
    with pytest.raises(TimeoutError):
        Budget(0.0).run(regex.compile("a").search, "a")


@pytest.mark.parametrize("pattern, size", [
    ("abc", 3), ("a{5}", 5), ("(?:ab){3}", 6), ("(?:a{10}){10}", 100), (r"\p{Lu}{3}", 3), ("[{]{4}", 4),
    ("x{,5}", 5), ("a{2,}", 2), ("a*b+c?", 3), ("(?#{999999})a", 1), ("a|b", 2),
])
def test_expansion_multiplies_counted_repeats(pattern, size):
    assert expansion(pattern) == size


def test_shipped_patterns_are_far_below_the_bound():
    for rule in load_rules():
        for name in ("regex", "pattern", "gate"):
            compiled = getattr(rule.kind, name, None)
            source = getattr(compiled, "source", None)
            if isinstance(source, str):
                assert expansion(source) < MAX_EXPANSION // 10, rule.id


@pytest.mark.parametrize("pattern", ["(?:(?:a{1000}){1000}){1000}", "a{4294967294}", "(?:a{65535}){65535}"])
def test_huge_counted_repeats_are_refused_before_compiling(pattern):
    with pytest.raises(regex.error, match="counted repeats would expand"):
        compile_bounded(pattern)


def test_a_long_literal_is_not_taken_for_an_expansion():
    long_phrase = "".join(f"word{number} " for number in range(20_000))  # 128,890 characters
    assert expansion(long_phrase) > MAX_EXPANSION
    assert compile_bounded(long_phrase).match(long_phrase)


@pytest.mark.parametrize("kind, field, examples", [
    ("pattern", "pattern", 'match: ["a"]\nno_match: ["b"]'),
    ("block", "heading_pattern", 'match: ["a\\n\\nx\\n"]\nno_match: ["b\\n"]'),
    ("mojibake", "gate", 'match: ["cafÃ©"]\nno_match: ["b"]'),
])
def test_pack_with_a_huge_counted_repeat_is_a_clear_load_error(tmp_path, kind, field, examples):
    path = pack(tmp_path, kind, f"{field}: '(?:(?:a{{1000}}){{1000}}){{1000}}'", examples)
    (tmp_path / "story.txt").write_text("Body.\n", encoding="utf-8")
    result = run_wirelint("check", "--isolated", "--rules", str(path), "story.txt", cwd=tmp_path)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "hostile/slow" in err and f"field '{field}' does not compile" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
