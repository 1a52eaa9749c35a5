"""Property-based tests of the engine's promises, on generated article text.

Exact locations, idempotent fixes that touch only what findings cover, byte-exact round
trips, independence from rule and pack order, and an engine that never raises.
"""
from __future__ import annotations

import codecs
import os
import random
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from lint.document import Document
from lint.engine import check_document
from lint.errors import WirelintError
from lint.fixes import applicable, apply_edits, fix_text
from lint.source import decode_article, encode_article
from strategies import (
    LINE_CHARS,
    PROSE,
    any_strings,
    articles,
    encode,
    file_styles,
    is_diagnostic,
    merged,
    offset_position,
    representable,
    run_file,
    shipped_rules,
    text_between,
)

RULES = shipped_rules()
BY_ID = {rule.id: rule for rule in RULES}


@pytest.fixture(scope="module")
def workdir():
    directory = tempfile.mkdtemp(prefix="wirelint-props-")
    yield Path(directory)
    shutil.rmtree(directory, ignore_errors=True)


def real_findings(findings):
    return [f for f in findings if not is_diagnostic(f)]


# --------------------------------------------------------------------------------------
# Locations are exact


def assert_location(text: str, lines: list[str], item, start: int, end: int) -> None:
    assert 0 <= start <= end <= len(text)
    assert (item.line, item.column) == offset_position(text, start)
    assert (item.end_line, item.end_column) == offset_position(text, end)
    assert text_between(lines, item.line, item.column, item.end_line, item.end_column) == text[start:end]


@given(articles())
def test_every_finding_and_edit_points_at_exactly_what_the_rule_matched(text):
    findings = check_document(Document(text), RULES)
    lines = text.split("\n")
    fresh = Document(text)
    for f in real_findings(findings):
        assert_location(text, lines, f, f.start, f.end)
        assert (f.start, f.end) in {(hit.start, hit.end) for hit in BY_ID[f.rule].hits(fresh)}, f
        if f.fix is not None:
            for edit in f.fix.edits:
                assert_location(text, lines, edit, edit.start, edit.end)
    assert findings == sorted(findings, key=lambda f: (f.start, f.end, f.rule))
    assert not [f for f in findings if f.rule == "wirelint/rule-timeout"]


@given(
    before=st.lists(st.text(alphabet=st.characters(exclude_characters="\n\r\x00\u00a0"), max_size=30), max_size=6),
    prefix=st.text(alphabet=st.sampled_from("ab 😀𝔘\U00020000\U0010fffde\u0301é中"), max_size=20),
    suffix=st.text(alphabet=st.sampled_from("xy 😀𝔘\U000e0041"), max_size=10),
)
def test_planted_findings_are_reported_at_their_character_columns(before, prefix, suffix):
    """Columns count code points: astral characters and combining marks are one column each."""
    text = "\n".join([*before, prefix + "\u00a0" + suffix, "", "Getty Images", "", "Advertisement"]) + "\n"
    line, column = len(before) + 1, len(prefix) + 1
    found = {(f.rule, f.line, f.column, f.end_line, f.end_column) for f in check_document(Document(text), RULES)}
    nbsp = [f for f in found if f[0] == "encoding/nbsp"]
    assert nbsp == [("encoding/nbsp", line, column, line, column + 1)]
    assert ("credits/photo-credit", line + 2, 1, line + 2, 13) in found
    assert ("residue/advertisement", line + 4, 1, line + 4, 14) in found


@given(
    lines_=st.lists(st.sampled_from(PROSE), min_size=1, max_size=5),
    where=st.integers(min_value=0, max_value=5),
    prefix=st.text(alphabet=st.sampled_from("ab 😀\U00020000é"), max_size=8),
    style=file_styles(),
)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_file_locations_count_characters_in_every_encoding_and_newline_style(workdir, lines_, where, prefix, style):
    """In CRLF / CR files and UTF-16/32 files, line and column still count characters."""
    encoding, bom, newline = style
    body = list(lines_)
    body.insert(min(where, len(body)), prefix + "\u00a0" + "😀 said.")
    body.insert(min(where + 1, len(body)), "Advertisement")
    text = "\n\n".join(body) + "\n"
    path = workdir / "located.txt"
    path.write_bytes(encode(text, encoding, bom, newline))
    result = run_file(path, RULES)
    assert result.error is None
    raw_lines = path.read_bytes()[len(bom):].decode(encoding).split(newline)
    seen = set()
    for f in real_findings(result.findings):
        assert text_between(raw_lines, f.line, f.column, f.end_line, f.end_column, newline).replace(newline, "\n") == text[f.start:f.end]
        seen.add(f.rule)
    assert {"encoding/nbsp", "residue/advertisement"} <= seen


def test_json_columns_count_code_points_in_a_utf16_crlf_file(tmp_path):
    """The real CLI on a UTF-16 CRLF file with astral characters before the findings."""
    import json

    from conftest import run_wirelint

    lines_ = ["𝔗𝔥𝔢 😀 title", "", "😀👍🏽 x\u00a0said 𝔘.", "", "\U00020000 Advertisement", "", "Advertisement", ""]
    (tmp_path / "wide.txt").write_bytes(codecs.BOM_UTF16_LE + "\r\n".join(lines_).encode("utf-16-le"))
    result = run_wirelint("check", "--isolated", "--format", "json", "wide.txt", cwd=tmp_path)
    found = {(f["rule"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in json.loads(result.stdout)}
    assert ("encoding/nbsp", 3, 6, 3, 7) in found  # 😀 is one column, 👍🏽 two (two code points)
    assert ("residue/advertisement", 7, 1, 7, 14) in found
    advert = next(f for f in json.loads(result.stdout) if f["rule"] == "residue/advertisement")
    edit = advert["fix"]["edits"][0]
    assert (edit["line"], edit["column"], edit["end_line"], edit["end_column"]) == (7, 1, 8, 1)


@given(
    st.sampled_from(PROSE[:3]),
    st.sampled_from(("the", "because", "over", "report")),
    st.sampled_from((".", ",", ";", "!", "”", ")")),
)
@example("Officials said work would start.", "the", ".")
def test_doubled_word_is_found_before_punctuation(sentence, word, mark):
    text = f"{sentence} He said it was {word} {word}{mark}\n"
    doubled = [f for f in check_document(Document(text), RULES) if f.rule == "translation/doubled-word"]
    start = text.index(f"{word} {word}")
    assert [(f.start, f.end) for f in doubled] == [(start, start + 2 * len(word) + 1)]


# --------------------------------------------------------------------------------------
# Fixing is idempotent


def leftover_changes(text: str, unsafe: bool) -> list:
    """Findings on ``text`` whose applicable fix would still change it."""
    out = []
    for f in check_document(Document(text), RULES):
        if applicable(f, unsafe) and apply_edits(text, f.fix.edits)[0] != text:
            out.append(f)
    return out


@given(articles(), st.booleans())
def test_fixing_is_idempotent_and_leaves_nothing_fixable(text, unsafe):
    once = fix_text(text, RULES, unsafe=unsafe)
    twice = fix_text(once.text, RULES, unsafe=unsafe)
    assert twice.text == once.text
    if once.refused is None:
        assert twice.applied == 0
        assert leftover_changes(once.text, unsafe) == []


# --------------------------------------------------------------------------------------
# Fixes touch only what findings cover


def assert_round_touches_only_findings(text: str, unsafe: bool) -> str:
    """Run one fix round by hand and check what it kept; return the round's result."""
    findings = check_document(Document(text), RULES)
    edits = [e for f in findings if applicable(f, unsafe) for e in f.fix.edits]
    updated, _ = apply_edits(text, edits)
    spans = merged((e.start, e.end) for e in edits)
    if not spans:
        assert updated == text
        return updated

    # 1. Outside the edited spans every non-blank stretch of a line survives, intact, in
    #    order, and still starting / ending a line where it did. Only whitespace of blank
    #    lines (the blank lines a removed line leaves behind) may go with the edits.
    bounds = [0, *(x for span in spans for x in span), len(text)]
    cursor = 0
    for a, b in zip(bounds[::2], bounds[1::2]):
        offset = a
        for segment in text[a:b].split("\n"):
            begin, offset = offset, offset + len(segment) + 1
            if not segment.strip():
                continue
            at_line_start = begin == 0 or text[begin - 1] == "\n"
            at_line_end = begin + len(segment) == len(text) or text[begin + len(segment)] == "\n"
            found = updated.find(segment, cursor)
            while found >= 0 and not (
                (not at_line_start or found == 0 or updated[found - 1] == "\n")
                and (not at_line_end or found + len(segment) == len(updated) or updated[found + len(segment)] == "\n")
            ):
                found = updated.find(segment, found + 1)
            assert found >= 0, f"text outside the edits lost or split: {segment!r}"
            cursor = found + len(segment)

    # 2. A line whose visible content is deleted was marked by a finding.
    deleted = merged((e.start, e.end) for e in edits if e.content == "")
    marked = {n for f in findings for n in range(f.line, f.end_line + 1)}
    doc = Document(text)
    for index, line in enumerate(doc.lines):
        if doc.is_blank(index):
            continue
        begin = doc.line_starts[index] + len(line) - len(line.lstrip())
        end = doc.line_starts[index] + len(line.rstrip())
        if any(s <= begin and end <= e for s, e in deleted):
            assert index + 1 in marked, f"line {index + 1} {line!r} deleted but no finding marks it"
    return updated


@given(articles(), st.booleans())
def test_fixes_touch_only_what_findings_cover(text, unsafe):
    current = text
    for _ in range(12):
        updated = assert_round_touches_only_findings(current, unsafe)
        if updated == current:
            break
        current = updated


L1 = "The council met on Monday and voted to rebuild the harbour wall before winter."


@given(articles(), st.booleans())
@example("Body text of the story here.\nAdvertisement\n\nAdvertisement", False)
@example(f"{L1}\n{L1}\n \n{L1}\n\nOfficials said work would start in March and take two years.\nAdvertisement", False)
def test_fixing_keeps_or_keeps_lacking_the_final_newline(text, unsafe):
    outcome = fix_text(text, RULES, unsafe=unsafe)
    if outcome.refused is None and outcome.text.strip():
        assert outcome.text.endswith("\n") == text.endswith("\n"), (text, outcome.text)


# --------------------------------------------------------------------------------------
# Round trips


@given(articles(), file_styles())
def test_decode_then_encode_gives_the_original_bytes(text, style):
    encoding, bom, newline = style
    assume(representable(text, encoding, bom))
    data = encode(text, encoding, bom, newline)
    article = decode_article(data, "gen.txt")
    assert article.text == text
    assert (article.encoding, article.bom) == (encoding, bom)
    assert article.newline == (newline if "\n" in text else "\n")
    assert not article.mixed_newlines
    assert encode_article(article) == data


@given(
    st.lists(st.sampled_from(PROSE[:3] + PROSE[9:11] + ("Advertisement", "", "Shares rose 3%.")), min_size=2, max_size=10),
    st.sampled_from(("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")),
    st.sampled_from(("\n", "\r\n", "\r")),
)
def test_bomless_utf16_and_utf32_latin_articles_round_trip(lines_, encoding, newline):
    text = "\n".join(lines_) + "\n"
    assume(len(text.strip()) >= 8)
    data = encode(text, encoding, b"", newline)
    article = decode_article(data, "wide.txt")
    assert (article.text, article.encoding, article.bom) == (text, encoding, b"")
    assert encode_article(article) == data


@given(
    st.text(alphabet=st.sampled_from("abcdeéèàçüöß’“”–—…€ \n.,"), min_size=40, max_size=400),
    st.sampled_from(("latin-1", "cp1252")),
    st.sampled_from(("\n", "\r\n")),
)
def test_single_byte_articles_round_trip(text, encoding, newline):
    data = text.replace("\n", newline).encode(encoding, errors="ignore")
    try:
        article = decode_article(data, "legacy.txt")
    except WirelintError as exc:  # an encoding chardet cannot pin down is refused, in one line
        assert "legacy.txt" in str(exc) and "\n" not in str(exc)
        return
    if not article.mixed_newlines:
        assert encode_article(article) == data


@given(st.binary(max_size=400) | st.lists(st.sampled_from([b"\r", b"\n", b"\r\n", b"a", b"\xe9", b"\xff\xfe", b"\x00"])).map(b"".join))
def test_any_bytes_decode_to_a_round_tripping_article_or_a_one_line_error(data):
    try:
        article = decode_article(data, "blob.txt")
    except WirelintError as exc:
        assert str(exc).startswith("blob.txt: ") and "\n" not in str(exc)
        return
    encoded = encode_article(article)
    if not article.mixed_newlines:
        assert encoded == data
    else:  # mixed newlines are written back in the dominant style, text unchanged
        assert encoded.startswith(article.bom)
        raw = encoded[len(article.bom):].decode(article.encoding)
        assert raw.replace(article.newline, "\n") == article.text
        if article.newline != "\n":
            assert "\n" not in raw.replace(article.newline, "")


@given(articles(), file_styles(), st.sampled_from((0o644, 0o600, 0o640)))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_fix_writes_only_changed_files_and_keeps_their_encoding(workdir, text, style, mode):
    encoding, bom, newline = style
    assume(representable(text, encoding, bom))
    data = encode(text, encoding, bom, newline)
    path = workdir / "article.txt"
    if path.exists():
        path.unlink()
    path.write_bytes(data)
    os.chmod(path, mode)
    before = os.stat(path)
    result = run_file(path, RULES, fix=True)
    after = os.stat(path)
    outcome = fix_text(text, RULES)
    if result.error is not None:  # only a fixed text the encoding cannot hold may fail
        assert result.error.startswith(str(path)) and "\n" not in result.error
        assert path.read_bytes() == data
        return
    if outcome.refused or outcome.text == text:
        assert not result.changed
        assert path.read_bytes() == data
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    else:
        assert result.changed
        fixed = decode_article(path.read_bytes(), "article.txt")
        assert fixed.text == outcome.text
        assert (fixed.encoding, fixed.bom) == (encoding, bom)
        if "\n" in outcome.text:
            assert fixed.newline == newline
        assert after.st_mode & 0o777 == mode
    assert not [p.name for p in workdir.iterdir() if p.name.startswith(".")], "temporary file left behind"


# --------------------------------------------------------------------------------------
# Order independence


@given(articles(), st.randoms(use_true_random=False))
def test_findings_and_fixes_do_not_depend_on_rule_order(text, rnd):
    shuffled = list(RULES)
    rnd.shuffle(shuffled)
    assert check_document(Document(text), shuffled) == check_document(Document(text), RULES)
    assert fix_text(text, shuffled, unsafe=True) == fix_text(text, RULES, unsafe=True)
    assert fix_text(text, shuffled) == fix_text(text, RULES)


def test_findings_do_not_depend_on_pack_order():
    from conftest import SEEDS
    from lint.packs import builtin_pack_dir, load_rules

    packs = sorted(builtin_pack_dir().glob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    reference = [check_document(Document(t), RULES) for t in texts]
    for order in (packs[::-1], random.Random(7).sample(packs, len(packs))):
        rules = load_rules(order, builtin=False)
        assert [r.id for r in rules] == [r.id for r in RULES]
        assert [check_document(Document(t), rules) for t in texts] == reference
        assert [fix_text(t, rules, unsafe=True) for t in texts] == [fix_text(t, RULES, unsafe=True) for t in texts]


# --------------------------------------------------------------------------------------
# The engine never raises


@given(any_strings())
def test_engine_never_raises_on_any_string(text):
    doc = Document(text)
    findings = check_document(doc, RULES)
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text)
    for unsafe in (False, True):
        outcome = fix_text(text, RULES, unsafe=unsafe)
        assert isinstance(outcome.text, str)
    for offset in range(0, len(text) + 1, max(1, len(text) // 7)):
        assert doc.position(offset) == offset_position(text, offset)


ANY_BYTES = (
    st.binary(max_size=300)
    | st.builds(lambda text, enc: text.encode(enc, "replace"), articles(max_pieces=6), st.sampled_from(("utf-8", "utf-16", "cp1252", "latin-1")))
    | st.lists(st.sampled_from([b"\r", b"\n", b"\xe2\x80\x99", b"\xe9", b"\x81", b"Advertisement", b" \xa0", b"\x00"])).map(b"".join)
)


@given(ANY_BYTES, st.booleans())
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_checking_and_fixing_any_bytes_never_raises(workdir, data, unsafe):
    path = workdir / "bytes.txt"
    path.write_bytes(data)
    result = run_file(path, RULES, fix=True, unsafe=unsafe)
    if result.error is not None:
        assert "\n" not in result.error
        assert path.read_bytes() == data


@given(ANY_BYTES, st.booleans())
@example(b" \x81", False)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_fixed_file_reads_back_as_the_fixed_text(workdir, data, unsafe):
    path = workdir / "readback.txt"
    path.write_bytes(data)
    try:
        before = decode_article(data, "readback.txt")
    except WirelintError:
        return
    result = run_file(path, RULES, fix=True, unsafe=unsafe)
    if result.changed:
        outcome = fix_text(before.text, RULES, unsafe=unsafe)
        again = decode_article(path.read_bytes(), "readback.txt")
        assert again.text == outcome.text  # (an all-ASCII result may read back as UTF-8: same text)


@given(st.text(alphabet=LINE_CHARS, min_size=1, max_size=60), st.integers(min_value=1, max_value=3))
def test_long_lines_and_long_texts_do_not_raise(piece, repeat):
    text = (piece + " ") * (200 * repeat) + "\n\nAdvertisement\n"
    outcome = fix_text(text, RULES)
    if outcome.refused is not None:
        assert outcome.text == text
    else:
        assert "Advertisement" not in outcome.text
        if outcome.text.strip():
            assert outcome.text.endswith("\n")
