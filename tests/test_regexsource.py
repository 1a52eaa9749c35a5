"""Subroutine calls written out (``lint.kinds.regexsource``): the same matches as the calls."""
from __future__ import annotations

import pytest
import regex
from hypothesis import assume, given, settings, strategies as st

from conftest import ROOT
from lint.kinds.limits import compile_bounded
from lint.kinds.regexsource import written_out
from lint.packs import load_rules

REALWORLD = next((folder for folder in (ROOT.parent / "shared" / "realworld" / "docs",
                                         ROOT.parent.parent / "shared" / "realworld" / "docs")
                  if folder.is_dir()), None)


def spans(pattern, text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)]


@pytest.mark.parametrize("source, flags, expected", [
    (r"^(?&a)ab$(?(DEFINE)(?P<a>a+))", 0, r"^(?:a+)ab$"),
    (r"[(](?&a)[)\]](?(DEFINE)(?P<a>b|c))", 0, r"[(](?:b|c)[)\]]"),
    (r"(?&a)(?&b)(?(DEFINE)(?P<a>x(?&b))(?P<b>y))", 0, r"(?:x(?:y))(?:y)"),
    ("(?&a)  # (?&b) )\n(?(DEFINE)(?P<a>b)  # a comment )\n)", regex.VERBOSE, "(?:b)  # (?&b) )\n"),
    ("(?x)(?&a) (?(DEFINE) (?P<a>b) )", 0, "(?x)(?:b) "),
])
def test_calls_are_replaced_by_the_bodies_they_call(source, flags, expected):
    assert written_out(source, flags) == expected


@pytest.mark.parametrize("source, flags", [
    (r"abc", 0),                                          # nothing to write out
    (r"^(?i:x(?&a))$(?(DEFINE)(?P<a>a))", 0),             # a call under scoped flags takes the definition's
    (r"(?&a)(?(DEFINE)(?P<a>(x)))", 0),                   # a capturing group in a body: copies renumber groups
    (r"(?&a)(?(DEFINE)(?P<a>b(?&a)?))", 0),               # recursion
    (r"(?&a)(?P=a)(?(DEFINE)(?P<a>b))", 0),               # a back-reference to a DEFINE group
    (r"(?&a)(?(DEFINE)(?P<a>b))c", 0),                    # DEFINE is not last
    (r"(?&a)(?&z)(?(DEFINE)(?P<a>b))", 0),                # a call to a group DEFINE does not hold
    (r"(?&a)(?(DEFINE)(?P<a>b)x)", 0),                    # DEFINE holds more than groups
    (r"(?&a)(?1)(?(DEFINE)(?P<a>b))", 0),                 # a numbered call
    (r"(?&a)(?(DEFINE)(?P<a>[[a]]))", regex.VERSION1),    # version 1 sets
    (r"(?&a(?(DEFINE)(?P<a>b))", 0),                      # unbalanced
])
def test_what_cannot_be_shown_exact_is_left_as_written(source, flags):
    assert written_out(source, flags) is None


def test_a_written_out_pattern_too_large_to_compile_falls_back_to_the_calls():
    source = r"(?&a)(?(DEFINE)(?P<a>(?&b){300})(?P<b>(?&c){300})(?P<c>x))"
    assert written_out(source) is None or compile_bounded(source).search("x" * 10) is None


# Random patterns: a body and three DEFINE groups, each calling only later ones (no recursion).
_ATOMS = ["a", "b", ".", "[ab]", "[^a]", r"\s", r"\w", "(?i:A)", "(?:x?)", r"\b", "$", "^"]


def _piece(calls: list[str]) -> st.SearchStrategy[str]:
    atom = st.sampled_from(_ATOMS + calls)
    quantified = st.tuples(atom, st.sampled_from(["", "", "*", "+", "?", "{1,2}", "*?", "++"])).map("".join)
    sequence = st.lists(quantified, min_size=1, max_size=4).map("".join)
    return st.one_of(sequence, st.lists(sequence, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"))


@st.composite
def patterns(draw) -> str:
    names = ["p", "q", "r"]
    defines = [draw(_piece([f"(?&{later})" for later in names[i + 1 :]])) for i in range(len(names))]
    body = draw(st.lists(_piece([f"(?&{name})" for name in names]), min_size=1, max_size=3).map("".join))
    return body + "(?(DEFINE)" + "".join(f"(?P<{n}>{d})" for n, d in zip(names, defines)) + ")"


@settings(max_examples=300, deadline=None)
@given(patterns(), st.text(alphabet="abAB x\n", max_size=30))
def test_random_patterns_match_the_same_once_written_out(source, text):
    try:
        original = regex.compile(source)
    except regex.error:  # "x?*": the generator's slip, not the rewrite's
        assume(False)
    faster = written_out(source)
    assert faster is not None
    assert "(?&" not in faster
    assert spans(regex.compile(faster), text) == spans(original, text)


def _shipped_with_calls():
    found = []
    for rule in load_rules(cache=False):
        compiled = getattr(rule.kind, "regex", None)
        if compiled is not None and "(?&" in compiled.source:
            found.append((rule, compiled))
    return found


def test_shipped_patterns_with_calls_are_written_out():
    shipped = _shipped_with_calls()
    assert shipped, "a shipped rule calls DEFINE groups"
    for rule, compiled in shipped:
        assert written_out(compiled.source, compiled.flags) is not None, rule.id
        assert "(?&" not in compiled.compiled.pattern, rule.id  # what the rule runs


def _lines() -> list[str]:
    texts = [path.read_text(errors="replace") for path in sorted((ROOT / "seeds").glob("*.txt"))]
    if REALWORLD is not None:
        texts += [path.read_text(errors="replace") for path in sorted(REALWORLD.rglob("*")) if path.is_file()]
    return [line for text in texts for line in text.split("\n")]


def test_shipped_patterns_match_the_same_lines_as_written_with_calls():
    lines = _lines()
    for rule, compiled in _shipped_with_calls():
        original = regex.compile(compiled.source, compiled.flags)
        examples = [example.text for example in rule.matches] + list(rule.non_matches)
        for text in examples + lines:
            assert spans(compiled.compiled, text) == spans(original, text), (rule.id, text)
