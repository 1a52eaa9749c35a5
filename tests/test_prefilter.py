"""The prefilter changes which rules run on a document, never what is found.

Findings with and without it are compared on generated articles (hypothesis), the seeds,
the labelled corpus and, when present, the shared real-world documents. The pieces it is
built from are tested on their own: classes against every character of the Basic
Multilingual Plane, the regex rewrite against the regex module, casefold-based evidence
against ``fold_line``, and the fallback when google-re2 is missing, with the real CLI.
"""
from __future__ import annotations

import contextlib
import functools
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import re2
import regex
from hypothesis import given, strategies as st

from conftest import ROOT, SEEDS, run_wirelint, wirelint_command
from lint.document import Document, fold_line
from lint.engine import TIMEOUT_RULE, check_document
from lint.packs import load_rules
from lint.prefilter import Evidence, lines_for, locate, plan
from lint.prefilter.charsets import charset, folded_gap, multi_fold
from lint.prefilter.translate import names_a_word, rewrite, to_re2
from lint.source import decode_article
from strategies import articles, shipped_rules

REALWORLD = ROOT.parent.parent / "shared" / "realworld" / "docs"
if not REALWORLD.is_dir():
    REALWORLD = Path("/work/shared/realworld/docs")


@contextlib.contextmanager
def prefilter_off():
    before = os.environ.get("WIRELINT_PREFILTER")
    os.environ["WIRELINT_PREFILTER"] = "0"
    try:
        yield
    finally:
        if before is None:
            del os.environ["WIRELINT_PREFILTER"]
        else:
            os.environ["WIRELINT_PREFILTER"] = before


def _timed(findings: list) -> list:
    # A regex that overruns its time budget on a loaded machine is reported as a rule-timeout
    # finding, whichever way it ran; the prefilter only decides whether it runs at all.
    return [f for f in findings if f.rule != TIMEOUT_RULE]


def both_ways(text: str, rules) -> tuple[list, list]:
    """Findings on ``text`` with the prefilter (built for ``rules``) and without it.

    Rule-timeout diagnostics are left out: they depend on the machine's load, not on the text.
    """
    for _ in range(2):  # past the warm-up: the set is built on the second document
        check_document(Document(""), rules)
    assert plan.built(rules)
    with_it = check_document(Document(text), rules)
    with prefilter_off():
        without = check_document(Document(text), rules)
    return _timed(with_it), _timed(without)


# --- findings, with and without -----------------------------------------------------------


@given(articles())
def test_generated_articles_give_the_same_findings(text):
    rules = list(shipped_rules())
    with_it, without = both_ways(text, rules)
    assert with_it == without


@given(st.lists(st.sampled_from([e.text for r in shipped_rules() for e in r.matches] + [
    t for r in shipped_rules() for t in r.non_matches]), min_size=1, max_size=12), st.randoms())
def test_texts_built_from_rule_examples_give_the_same_findings(pieces, rnd):
    noise = ["", "The minister said on Monday.", "ß STRASSE Straße", "K\u212a kelvin", "\u00a0", "x" * 300]
    parts = pieces + [rnd.choice(noise) for _ in range(len(pieces))]
    rnd.shuffle(parts)
    rules = list(shipped_rules())
    with_it, without = both_ways("\n\n".join(parts) + "\n", rules)
    assert with_it == without


def test_a_rule_that_has_hits_is_always_a_candidate():
    rules = list(shipped_rules())
    built = plan.Plan(rules)
    for example in [e.text for r in rules for e in r.matches]:
        doc = Document(example)
        chosen = set(built.candidates(doc))
        for position, rule in enumerate(rules):
            if rule.hits(Document(example)):
                assert position in chosen, (rule.id, example)


def _documents(paths):
    for path in paths:
        yield path, decode_article(path.read_bytes(), str(path)).text


def _compare_files(paths) -> int:
    rules = list(shipped_rules())
    compared = 0
    for path, text in _documents(paths):
        with_it, without = both_ways(text, rules)
        assert with_it == without, path
        compared += 1
    return compared


def test_seeds_give_the_same_findings():
    assert _compare_files(sorted(SEEDS.glob("*.txt"))) >= 5


def test_labelled_corpus_gives_the_same_findings():
    assert _compare_files(sorted((ROOT / "tests" / "corpus").glob("*.txt"))) >= 4


@pytest.mark.skipif(not REALWORLD.is_dir(), reason="shared/realworld is not beside this checkout")
def test_realworld_documents_give_the_same_findings():
    assert _compare_files(sorted(p for p in REALWORLD.rglob("*") if p.is_file())) > 100


@functools.cache
def _shipped_plan() -> plan.Plan:
    return plan.Plan(list(shipped_rules()))


@given(st.text(max_size=200))
def test_every_text_is_screened_so_the_sentinel_matches_every_text(text):
    """A set match without the sentinel means RE2 gave up and every rule runs: the sentinel
    must match any text, the empty one and one ending in a line break included."""
    doc = Document(text.replace("\r", ""))
    assert doc.encoded is None or _shipped_plan().candidates(doc) is not None


def test_threads_screen_as_one_thread_does(monkeypatch):
    monkeypatch.setattr(plan, "THREADED_TEXT", 0)  # every text is long enough for threads
    built = _shipped_plan()
    texts = [text for _, text in _documents(sorted(SEEDS.glob("*.txt")))]
    texts.append("\n\n".join(texts))
    for text in texts:
        assert built.candidates(Document(text), threads=2) == built.candidates(Document(text))


def test_most_documents_skip_most_rules():
    rules = list(shipped_rules())
    built = plan.Plan(rules)
    sizes = [len(built.candidates(Document(text))) for _, text in _documents(sorted(SEEDS.glob("*.txt")))]
    assert max(sizes) < len(rules) * 0.6, sizes


def test_no_hits_are_recorded_for_skipped_rules_so_anchored_rules_see_none():
    rules = list(shipped_rules())
    doc = Document("Plain words only.\n")
    both_ways("", rules)
    check_document(doc, rules)
    caption = next(r for r in rules if r.kind_name == "adjacent")
    assert doc.cache.get(("hits", caption.kind.anchor.id)) == []


# --- classes -------------------------------------------------------------------------------

BMP = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000]


@pytest.mark.parametrize("atom, flags", [
    (r"\w", 0), (r"\W", 0), (r"\s", 0), (r"[^\S\n]", 0), (r"\d", 0), (r"\p{Lu}", 0), (r"\p{Lu}", regex.I),
    (r"[\p{L}.&'’ -]", 0), ("k", regex.I), ("s", regex.I), ("[ÂÃÐ][\x80-\xbf]"[0:5], 0), (r"[\W_]", 0),
])
def test_a_class_matches_every_character_the_rule_engine_does(atom, flags):
    mine = re2.compile(charset(atom, flags, astral=len(atom) > 1))
    engine = regex.compile(atom, flags | regex.V0)
    missing = [c for c in BMP if engine.fullmatch(c) and not mine.fullmatch(c)]
    assert missing == []


def test_a_class_covers_the_astral_planes():
    assert re2.compile(charset(r"\w")).fullmatch("\U0001d400") and re2.compile(charset(r"\s")).fullmatch("\U0001f600")


def test_casefold_evidence_follows_fold_line():
    gap, several = re2.compile(folded_gap()), re2.compile(multi_fold())
    separator = regex.compile(r"[\W_]")
    assert all(gap.fullmatch(c) for c in BMP if len(c.casefold()) == 1 and separator.fullmatch(c.casefold()))
    assert all(several.fullmatch(c) for c in BMP if len(c.casefold()) != 1)


@given(st.text(st.sampled_from("aAsSßkK\u212a\u0130iI .,-_\t\u00a0’"), max_size=24))
def test_a_line_that_folds_to_a_phrase_shows_its_evidence(line):
    key = fold_line(line)
    if not key:
        return
    pattern = plan.derive(Evidence(lines=(key,)))
    assert pattern is not None and re2.compile(pattern).search(line)


# --- the regex rewrite -----------------------------------------------------------------------

SOUND_CASES = [
    (r"(?<=\S)[ \t]+$", "word  \nnext"),
    (r"^[ \t]+(?=\S)", "  indented"),
    (r"\bcolou?r\b", "The colour red"),
    (r"(\w+) \1", "very very good"),
    (r"(?P<w>\w+) (?P=w)", "so so"),
    (r"(?i)news(?:\s*code)", "NEWS CODE"),
    (r"(?i:end)\d*", "END12"),
    (r"a{2,500}b", "a" * 600 + "b"),
    (r"x*+y", "xxy"),
    (r"(?>ab|a)c", "abc"),
    (r"\n\n\K(?:[^\S\n]*\n)+", "a\n\n\n\nb"),
    (r"\.(?<=\p{Ll}\.)[^\S\n]+(?=\p{Ll})", "the end. and more"),
    (r"\N{EM DASH}\u00a0\x41", "—\u00a0A"),
    (r"[[:alpha:]]+\d", "abc1"),
    (r"(?s)a.b", "a\nb"),
    (r"^Home(?:[^\S\n]*[»>|/›])", "Home » World"),
    (r"\[email[\s\u00a0]*protected\]", "[email\u00a0protected]"),
    ("(?x) By \\s+ (?&name)  # a verbose pattern with a call [sic\n (?(DEFINE)(?P<name>\\p{Lu}\\p{Ll}+))", "By  Anna"),
    (r"(?P<w>ab)c(?&w)(?P>w)", "abcabab"),
    (r"(?x) a \  b [ ]c", "a b c"),
]


@pytest.mark.parametrize("source, text", SOUND_CASES)
def test_the_rewrite_matches_wherever_the_regex_does(source, text):
    flags = regex.MULTILINE | regex.V0
    assert regex.search(source, text, flags), "a case must match to test anything"
    rewritten = to_re2(source, flags)
    assert rewritten is not None and re2.compile(rewritten).search(text)


@given(st.text(st.sampled_from("ab. \n\tXyz-ſK"), max_size=30))
def test_rewrites_of_the_shipped_patterns_are_supersets(text):
    for rule in shipped_rules():
        if rule.kind_name != "pattern":
            continue
        rewritten = to_re2(rule.kind.regex.source, rule.kind.regex.flags)
        if rewritten is not None and rule.kind.regex.search(text, timeout=1.0):
            assert re2.compile(rewritten).search(text), rule.id


CUT_CASES = [
    (r"^\s*(?=[^\n]*\bcookies?\b)(?=[^\n]*\bwe\b)[^\n]+$", "  we use cookies here"),
    (r"^(?:a(?=[^\n]*\bword\b)b|c)d", "abd word"),
    (r"^(?:x(?=[^\n]*\bword\b)y)*z", "z"),  # a cut group that may repeat zero times is read whole
    (r"^(?:x(?=[^\n]*\bword\b)y)+z", "xyz word"),
    (r"(?<=\. )Start(?=[^\n]*\bend\b)", "x. Start and end"),
    (r"^I\s+agree\s+to\b(?=[^\n]*\b(?:terms|data)\b)[^\n]{0,200}", "I agree to the terms"),
]


@pytest.mark.parametrize("source, text", SOUND_CASES + CUT_CASES)
def test_the_cut_rewrite_matches_wherever_the_regex_does_from_where_it_starts(source, text):
    flags = regex.MULTILINE | regex.V0
    found = regex.search(source, text, flags)
    assert found, "a case must match to test anything"
    rewritten, early = rewrite(source, flags, cut=True)
    compiled = re2.compile(rewritten)
    assert compiled.search(text) if early else compiled.match(text, found.start())  # \K: the hit starts later


def test_the_cut_rewrite_keeps_the_words_a_look_ahead_asks_for():
    source = r"^\s*(?=[^\n]{1,700}$)(?=[^\n]*\bcookies?\b)[^\n]+$"
    assert re2.compile(to_re2(source, regex.MULTILINE)).search("Any line at all")
    assert not re2.compile(to_re2(source, regex.MULTILINE, cut=True)).search("Any line at all")
    assert names_a_word(r"[^\n]*\b(?:comments?|letters)\b") and not names_a_word(r"[^\n]{1,700}$")
    assert not names_a_word(r"\s*$|[^\n]*\bsign\s+up")  # one alternative names no word


@given(st.text(st.sampled_from("ab. \n\tXyz-ſK"), max_size=30))
def test_cut_rewrites_of_the_shipped_patterns_match_where_each_hit_starts(text):
    for rule in shipped_rules():
        if rule.kind_name != "pattern":
            continue
        for skip in range(4):
            found = rewrite(rule.kind.regex.source, rule.kind.regex.flags, cut=True, skip=skip)
            if found is None or found[1]:
                continue
            rewritten = found[0]
            compiled = re2.compile(rewritten)
            for found in rule.kind.regex.finditer(text, timeout=1.0):
                assert compiled.match(text, found.start()), (rule.id, skip)


@pytest.mark.parametrize("source, text", SOUND_CASES + CUT_CASES)
@pytest.mark.parametrize("skip", [1, 2])
def test_later_cuts_match_wherever_the_regex_does_from_where_it_starts(source, text, skip):
    flags = regex.MULTILINE | regex.V0
    found = regex.search(source, text, flags)
    rewritten, early = rewrite(source, flags, cut=True, skip=skip)
    compiled = re2.compile(rewritten)
    assert compiled.search(text) if early else compiled.match(text, found.start())


def test_a_later_cut_asks_for_the_words_of_a_later_look_ahead():
    source = r"^\s*(?=[^\n]*\bcookies?\b)(?=[^\n]*\b(?:ours|please)\b)[^\n]+$"
    first, second = (re2.compile(rewrite(source, regex.MULTILINE, cut=True, skip=skip)[0]) for skip in (0, 1))
    assert first.search("cookies here") and not first.search("please, ours")
    assert second.search("please, ours") and not second.search("cookies here")
    assert rewrite(source, regex.MULTILINE, cut=True, skip=2) == rewrite(source, regex.MULTILINE)  # none left to cut


def test_lines_are_located_with_every_look_ahead_of_a_line_wise_rule(tmp_path):
    """A line with the first look-ahead's word but not the second's is never tried."""
    from lint.packs import load_pack

    pack = tmp_path / "p.yaml"
    pack.write_text(
        "name: p\ndescription: d\nrules:\n  - id: p/policy\n    kind: pattern\n    severity: error\n    message: m\n"
        "    pattern: '^\\s*(?=[^\\n]*\\bcomments?\\b)(?=[^\\n]*\\b(?:please|our)\\b)[^\\n]+$'\n"
        "    max_length: 300\n    examples:\n      match: ['Comments: please be kind']\n"
        "      no_match: ['Comments are open']\n"
    )
    rule = load_pack(pack).rules[0]
    plan.evidence_of(rule)
    text = "Comments are open today.\nOur comments, please.\nNothing here.\n"
    doc = Document(text)
    plan.Plan([rule])  # a built plan makes the prefilter active in this process
    assert locate.candidate_lines(doc, rule.kind) == {1}


# --- lines located ---------------------------------------------------------------------------


def test_lines_touched_by_matches_count_bytes_not_characters():
    data = "é first\nsecond ü match\nthird\nmatch one\nand two\n".encode("utf-8")
    starts = locate.line_starts(data)
    assert starts == [0, 9, 25, 31, 41, 49]
    assert locate.touched(data, re2.compile(b"match"), starts) == {1, 3}
    assert locate.touched(data, re2.compile(b"one\nand"), starts) == {3, 4}
    assert locate.reaches(data, re2.compile(b"third"), starts, 2)
    assert not locate.reaches(data, re2.compile(b"third"), starts, 3)


def _line_rules():
    return [r for r in shipped_rules() if r.kind_name == "pattern" and r.kind.per_line]


@given(st.lists(st.sampled_from([e.text for r in shipped_rules() for e in r.matches] + [
    t for r in shipped_rules() for t in r.non_matches]), min_size=1, max_size=10))
def test_every_line_with_a_hit_is_a_located_line(pieces):
    rules = list(shipped_rules())
    both_ways("", rules)  # builds the set: lines are located from then on
    text = "\n\n".join(pieces) + "\n"
    for rule in _line_rules():
        doc = Document(text)
        where = lines_for(doc, rule.kind)
        if where is None:
            continue
        with prefilter_off():
            hit_lines = {doc.line_of(hit.start) for hit in rule.kind.find(Document(text), 0, len(text))}
        assert hit_lines <= where, rule.id


def test_most_line_rules_are_located_and_few_lines_are_tried():
    rules = list(shipped_rules())
    both_ways("", rules)
    located = [r for r in _line_rules() if plan.located(r.kind)]
    assert len(located) >= 0.8 * len(_line_rules())
    text = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_text(encoding="utf-8")
    doc = Document(text)
    tried = sum(len(lines_for(doc, r.kind)) for r in located)
    assert tried < 0.2 * len(located) * len(doc.nonblank)


def test_a_large_first_document_is_screened(monkeypatch):
    rules = list(shipped_rules())[:5]
    monkeypatch.setattr(plan, "_LARGE", 10)
    kept, skipped = plan.screen(Document("Plain words, a long enough text.\n"), rules)
    assert plan.built(rules) and skipped


@pytest.mark.parametrize("source, flags", [
    (r"(?:colour){e<=1}", 0), (r"(?(1)a|b)", 0), (r"(?V1)[[a-z]--[aeiou]]", 0), (r"\L<words>", 0),
    (r"(?a)\w", 0), (r"(?L)a", 0),
])
def test_constructs_without_a_safe_rewrite_leave_the_rule_running_always(source, flags):
    assert to_re2(source, flags) is None


def test_evidence_that_matches_empty_text_is_no_evidence():
    assert plan.derive(Evidence(regexes=((r"[ \t]*", regex.MULTILINE, "regex"),))) is None


# --- cache, fallback, start-up -------------------------------------------------------------------


def test_the_compiled_pack_cache_keeps_the_evidence(tmp_path, monkeypatch):
    monkeypatch.setenv("WIRELINT_CACHE_DIR", str(tmp_path))
    load_rules()
    (cached,) = tmp_path.glob("rules-*.pickle")
    _programs, blob = pickle.loads(cached.read_bytes()[32:])  # behind the cache file's signature
    rules = pickle.loads(blob)
    kept = {r.id: getattr(r.kind, plan.ATTRIBUTE, None) for r in rules}
    assert kept["residue/copyright"] is not None and kept["residue/copyright"][1] and kept["residue/copyright"][2]
    assert kept["translation/doubled-word"][1] is None  # repetition: no evidence, runs always


NO_RE2 = """
import sys
sys.modules["re2"] = None
from lint.cli import main
from lint.prefilter import unavailable
print(unavailable(), file=sys.stderr)
sys.exit(main(sys.argv[1:]))
"""


def test_without_google_re2_the_findings_are_the_same_and_it_says_why(tmp_path):
    files = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    args = ["check", "--isolated", "--format", "json", "--jobs", "1", *files]
    normal = run_wirelint(*args)
    bare = subprocess.run([sys.executable, "-c", NO_RE2, *args], capture_output=True, cwd=tmp_path)
    assert bare.returncode == normal.returncode == 1, bare.stderr.decode()
    assert json.loads(bare.stdout) == json.loads(normal.stdout)
    assert "google-re2 is not installed" in bare.stderr.decode()


def test_a_one_file_run_does_not_import_re2(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("A short story.\n\nAdvertisement\n", encoding="utf-8")
    script = ("import sys\nfrom lint.cli import main\ncode = main(['check', sys.argv[1]])\n"
              "print('re2' in sys.modules, file=sys.stderr)\nsys.exit(code)")
    done = subprocess.run([sys.executable, "-c", script, str(one)], capture_output=True)
    assert done.returncode == 1 and done.stderr.decode().strip().endswith("False")


def test_the_cli_reports_the_same_with_the_prefilter_off(tmp_path):
    files = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    args = [*wirelint_command(), "check", "--isolated", "--format", "json", "--jobs", "1", *files]
    on = subprocess.run(args, capture_output=True)
    off = subprocess.run(args, capture_output=True, env={**os.environ, "WIRELINT_PREFILTER": "0"})
    assert on.returncode == off.returncode == 1
    assert json.loads(on.stdout) == json.loads(off.stdout)


# --- whole-text rules run line by line ---------------------------------------------------------

LINE_BOUND = [
    (r"^[^\S\n]*foo[^\S\n]*$", True),
    (r"foo(?![\w'-])", True),
    (r"(?<![\w'-])a.b", True),
    (r"^\s*foo$", False),  # \s takes in a line break
    (r"foo(?!\s)", False),  # a look-ahead that sees the line break
    (r"foo\Z", False),
    (r"\Afoo", False),
    (r"(?s)a.b", False),
    (r"a\nb", False),
    (r"(\w+) \1", False),  # a back-reference may be any text
]


@pytest.mark.parametrize("source, bound", LINE_BOUND)
def test_line_bound_regexes(source, bound):
    from lint.prefilter.translate import line_bound

    assert line_bound(source, regex.MULTILINE | regex.V0) is bound


def test_without_multiline_the_text_edges_are_not_line_edges():
    from lint.prefilter.translate import line_bound

    assert line_bound(r"^foo$", regex.MULTILINE) and not line_bound(r"^foo$", 0)


def _line_by_line(compiled, text: str) -> list[tuple[int, int]]:
    found, offset = [], 0
    for line in text.split("\n"):
        found += [m.span() for m in compiled.finditer(text, offset, offset + len(line), timeout=1.0)]
        offset += len(line) + 1
    return found


@given(st.text(st.sampled_from("ab. \n\tXyz-ſK,("), max_size=40))
def test_line_bound_shipped_patterns_match_the_same_line_by_line(text):
    """What lets a whole-text rule look only at located lines: for each shipped pattern
    judged line-bound, its matches over the whole text are its matches line by line."""
    from lint.prefilter.translate import line_bound

    for rule in shipped_rules():
        if rule.kind_name != "pattern":
            continue
        compiled = rule.kind.regex.compiled
        if line_bound(rule.kind.regex.source, rule.kind.regex.flags, rule.kind.regex.engine):
            whole = [m.span() for m in compiled.finditer(text, timeout=1.0)]
            assert whole == _line_by_line(compiled, text), rule.id


@pytest.mark.parametrize("source, bound", LINE_BOUND)
def test_line_bound_cases_match_the_same_line_by_line(source, bound):
    """The cases judged not line-bound include ones that do differ line by line (the
    judgement is not merely cautious), and the line-bound ones never do."""
    compiled = regex.compile(source, regex.MULTILINE | regex.V0)
    differ = False
    for text in ("foo\nfoo \n", "a\nb axb\n", " foo\n\nfoo", "x foo\nfoo", "foo\n", "\nfoo", "foo foo\n"):
        whole = [m.span() for m in compiled.finditer(text)]
        differ = differ or whole != [m.span() for m in _line_by_line_plain(compiled, text)]
    assert differ is not bound or source in _CAUTIOUS, source


_CAUTIOUS = {r"(\w+) \1", r"\Afoo"}  # judged unsafe though they happen to agree on these texts


def _line_by_line_plain(compiled, text: str) -> list:
    found, offset = [], 0
    for line in text.split("\n"):
        found += list(compiled.finditer(text, offset, offset + len(line)))
        offset += len(line) + 1
    return found


@given(articles())
def test_whole_text_rules_on_located_lines_give_the_same_findings(text):
    """Line-bound rules over the whole text look only at located lines on long texts; with
    the length threshold at zero, every generated article takes that path."""
    import lint.kinds.pattern as pattern_kind

    rules = list(shipped_rules())
    assert any(plan.within_lines(rule.kind) for rule in rules if rule.kind_name == "pattern")
    before, pattern_kind.LOCATED_TEXT = pattern_kind.LOCATED_TEXT, 0
    try:
        with_it, without = both_ways(text, rules)
    finally:
        pattern_kind.LOCATED_TEXT = before
    assert with_it == without


def test_a_long_text_gives_the_same_findings():
    """Over the length threshold (and past 1 MiB, where the first document is screened)."""
    import lint.kinds.pattern as pattern_kind

    pieces = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    pieces += [e.text for r in shipped_rules() for e in r.matches]
    text = "\n\n".join(pieces) + "\n"
    text = text * (pattern_kind.LOCATED_TEXT // len(text) + 2)
    rules = list(shipped_rules())
    for _ in range(2):
        check_document(Document(""), rules)
    with_it = check_document(Document(text), rules)
    with prefilter_off():
        without = check_document(Document(text), rules)
    # Without the prefilter a line-wise rule may spend its time budget on a text this long
    # (it is then skipped and says so); compare the rules that finished both ways.
    timed_out = {f.message.split("'")[1] for f in with_it + without if f.rule == TIMEOUT_RULE}
    kept = [[f for f in found if f.rule != TIMEOUT_RULE and f.rule not in timed_out] for found in (with_it, without)]
    assert len(kept[0]) > 100 and kept[0] == kept[1]
