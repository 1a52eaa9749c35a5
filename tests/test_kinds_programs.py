"""Saved regex programs: the pattern built from one behaves as a fresh ``regex.compile``, a run
from the rule cache parses no rule pattern in Python, and findings are the same either way."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import regex

from conftest import ROOT, SEEDS, wirelint_command
from lint.kinds import programs
from lint.kinds.programs import compile_regex

SAMPLE_TEXTS = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))] + [
    "Ünïcödé wörds, ǅ titlecase, ΣΊΣΥΦΟΣ, straße, ﬁne, 1,234.5 and ١٢٣, tabs\tand\u00a0spaces\u2028",
    "Photo: Reuters | Getty Images\nAll rights reserved. (c) 2024\nShare this: Facebook Twitter\n",
]


def texts_with_examples(rules) -> list[str]:
    return SAMPLE_TEXTS + [e.text for r in rules for e in r.matches] + [t for r in rules for t in r.non_matches]


def spans(pattern, text: str) -> list:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def test_a_pattern_from_its_saved_program_matches_as_a_fresh_compile(shipped_rules):
    saved = programs.saved()  # every pattern the shipped packs and kinds compiled in this session
    assert len(saved) > 40
    texts = texts_with_examples(shipped_rules)
    for (source, flags), program in saved.items():
        fresh = regex.compile(source, flags, cache_pattern=False)
        rebuilt = compile_regex(source, flags)
        assert (rebuilt.pattern, rebuilt.flags, rebuilt.groups, rebuilt.groupindex) == (
            fresh.pattern, fresh.flags, fresh.groups, fresh.groupindex)
        for text in texts:
            assert spans(rebuilt, text) == spans(fresh, text), source[:80]


def test_a_program_the_engine_refuses_is_compiled_afresh():
    source = r"(?i)\bsaved-program-test\b"
    assert compile_regex(source).search("A SAVED-PROGRAM-TEST here")
    programs.restore({(source, 0): ("not", "a", "program")})  # kept: one is there already
    assert programs.saved()[(source, 0)][0] == source
    other = r"\bother-program-test\b"
    programs.restore({(other, 0): ("not", "a", "program")})
    assert compile_regex(other).search("the other-program-test")
    assert programs.saved()[(other, 0)][0] == other  # recorded again, from a fresh compile


def test_restore_ignores_what_is_not_a_program():
    before = programs.saved()
    programs.restore(["a list"])
    programs.restore({"key": ("x",), ("a", 0): "not a tuple", ("b", 0): ()})
    assert programs.saved() == before


def test_a_pattern_that_does_not_compile_leaves_the_engine_in_place():
    engine = programs.regex_main._regex
    try:
        compile_regex("(unbalanced")
    except regex.error:
        pass
    else:
        raise AssertionError("an unbalanced pattern compiled")
    assert programs.regex_main._regex is engine
    assert regex.compile(r"a+b").fullmatch("aab")


PARSES = """
import sys
import regex._main
parsed = []
real = regex._main._parse_pattern
def counting(source, info):
    parsed.append(source.string)
    return real(source, info)
regex._main._parse_pattern = counting
from lint.cli import main
from lint.kinds import programs
code = main(["check", "--isolated", "--quiet", sys.argv[1]])
sys.stdout.flush()
print(repr(sorted(set(parsed) & {source for source, _ in programs.saved()})), file=sys.stderr)
sys.exit(code)
"""


def test_a_run_from_the_rule_cache_parses_no_rule_pattern(tmp_path):
    env = {**os.environ, "WIRELINT_CACHE_DIR": str(tmp_path / "cache")}
    one = sorted(SEEDS.glob("*.txt"))[0]
    fill = subprocess.run([sys.executable, "-c", PARSES, str(one)], capture_output=True, env=env, timeout=120)
    assert fill.returncode == 1 and fill.stderr.decode().strip().splitlines()[-1] != "[]"  # no cache: parsed
    cached = subprocess.run([sys.executable, "-c", PARSES, str(one)], capture_output=True, env=env, timeout=120)
    assert cached.returncode == 1 and cached.stderr.decode().strip().splitlines()[-1] == "[]"


def test_findings_are_the_same_from_saved_programs_and_from_fresh_compiles(tmp_path):
    generated = tmp_path / "generated"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--n", "40", "--seed", "3",
                    "--out", str(generated)], check=True, capture_output=True, timeout=300)
    inputs = [str(SEEDS), str(ROOT / "tests" / "corpus"), str(generated / "articles")]
    realworld = ROOT.parent / "shared" / "realworld" / "docs"
    for candidate in (realworld, ROOT.parent.parent / "shared" / "realworld" / "docs"):
        if candidate.is_dir():
            inputs.append(str(candidate))
            break
    args = [*wirelint_command(), "check", "--isolated", "--format", "json", "--jobs", "1", "--ignore", "provenance",
            *inputs]

    def run(cache: str) -> list:
        done = subprocess.run(args, capture_output=True, env={**os.environ, "WIRELINT_CACHE_DIR": cache}, timeout=600)
        assert done.returncode == 1, done.stderr.decode()[-500:]
        return json.loads(done.stdout)

    fresh = run("")  # no cache: every pattern parsed now
    run(str(tmp_path / "cache"))  # fills the cache
    saved = run(str(tmp_path / "cache"))
    assert len(fresh) > 300  # seeds, corpus and generated articles alone give about 500
    assert saved == fresh
