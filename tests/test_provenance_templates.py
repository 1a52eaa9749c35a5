"""Template lines learned from a batch: every source's chrome found, no article text flagged."""
from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint.errors import WirelintError
from lint.provenance import Source, find_reuse
from lint.provenance.templates import (TemplateCounter, Templates, has_letter, key_hash, line_hash, normalise,
                                      normalised_keys)
from provenance.corpus import Corpus

SOURCES = {
    "daily": ["Sign up for the Daily Brief newsletter", "Follow us on Twitter and Facebook",
              "Related articles", "© 2023 Daily Times. All rights reserved.", "Most read"],
    "herald": ["ADVERTISEMENT", "Herald Premium: subscribe now", "Share this story",
               "Read more from the Herald", "Comments are closed.", "Back to top"],
    "post": ["Listen to this article", "The Post's morning email", "More from World",
             "Copyright 2022 The Post"],
    "wire": ["Get our app", "Recommended for you", "Photo gallery", "Contact the newsroom", "Tags: world news"],
}


def batch():
    """200 distinct articles from four sources with their template lines placed at the head,
    between paragraphs and after the body; ten syndicated copies of one story."""
    rng = random.Random(7)
    corpus = Corpus(220, seed=9, copy_every=10**9)
    items = []
    for number in range(200):
        source = list(SOURCES)[number % 4]
        chrome = SOURCES[source]
        body = corpus.text(number).split("\n\n")
        body[0] = " ".join(body[1].split()[:8])  # a headline of its own words
        lines = [chrome[0], *body[:3], chrome[1], *body[3:], *chrome[2:]]
        if rng.random() < 0.5:
            lines.insert(2, chrome[-1])
        items.append((f"{source}/{number}.txt", source, "\n\n".join(dict.fromkeys(lines)) + "\n"))
    story = corpus.text(210).split("\n\n")
    story[0] = " ".join(story[1].split()[:8])
    for copy in range(10):
        source = list(SOURCES)[copy % 4]
        extra = SOURCES[source][:2] if copy % 2 else []
        items.append((f"{source}/copy{copy}.txt", source, "\n\n".join([*extra, *story]) + "\n"))
    return items, story


def learn(items, clusters: bool = True):
    result = find_reuse([Source.of(name, text) for name, _, text in items])
    cluster = {name: c.representative for c in result.clusters for name in c.members} if clusters else {}
    counter = TemplateCounter()
    for name, source, text in items:
        counter.add(text.split("\n"), cluster.get(name, name), source)
    return counter.frequent()


def test_every_template_line_is_found_and_no_article_text():
    items, story = batch()
    templates = learn(items)
    chrome = {normalise(line) for lines in SOURCES.values() for line in lines}
    flagged = {normalise(line) for _, source, text in items
               for index, _ in templates.flagged(text, source) for line in [text.split("\n")[index]]}
    assert flagged == chrome
    assert not {normalise(p) for p in story} & flagged  # ten copies of one story count once
    # counted by file, the story's short headline in ten copies would look like chrome
    assert learn(items, clusters=False).match(story[0]) == 10


def test_saved_templates_flag_the_same_lines_in_a_batch_of_one(tmp_path):
    items, _ = batch()
    templates = learn(items)
    saved = Templates.from_json(templates.to_json(), "batch.templates")
    name, source, text = items[5]
    assert list(saved.flagged(text, source)) == list(templates.flagged(text, source))
    assert list(saved.flagged(text, source))


def test_normalised_lines_and_hashes_are_stable():
    assert normalise("  Follow US on Twitter!!  2023 ") == "follow us on twitter 0000"
    assert line_hash(normalise("Share this:")) == line_hash(normalise("share   THIS"))
    assert 0 <= line_hash("share this") < 1 << 64 and line_hash("share this") != line_hash("share that")


@pytest.mark.parametrize("text, message", [
    ("{not json", "invalid JSON"),
    ('{"rules": []}', "not a wirelint templates file"),
    ('{"format": "wirelint-templates", "version": 9, "lines": []}', "version 9"),
    ('{"format": "wirelint-templates", "version": 1, "lines": [{"hash": "zz"}]}', "damaged templates file"),
])
def test_a_corrupt_or_foreign_file_is_one_line(text, message):
    with pytest.raises(WirelintError, match=message) as caught:
        Templates.from_json(text, "partner.templates")
    assert "\n" not in str(caught.value) and str(caught.value).startswith("partner.templates: ")


def test_findings_are_warnings_with_an_unsafe_fix_that_deletes_only_the_line():
    from lint.provenance.templates_check import template_findings

    items, _ = batch()
    templates = learn(items)
    name, source, text = items[1]
    findings = template_findings(name, text, templates, source)
    assert findings and all(f.rule == "residue/template-line" and f.severity == "warning" for f in findings)
    assert all(f.fix.applicability == "unsafe" and "different articles" in f.message for f in findings)
    for f in findings:
        (edit,) = f.fix.edits
        assert text[f.start:f.end] == text.split("\n")[f.line - 1] and text[edit.start:edit.end].rstrip("\n") == text[f.start:f.end]


def test_learn_command_writes_a_file_that_flags_the_same_lines(tmp_path, capsys):
    import argparse

    from lint.provenance.templates_cli import add_parser, run

    items, _ = batch()
    for name, _, text in items:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    parser = argparse.ArgumentParser(prog="wirelint")
    add_parser(parser.add_subparsers(dest="command"))
    out = tmp_path / "partner.templates"
    assert run(parser.parse_args(["templates", "learn", str(tmp_path), "-o", str(out)])) == 0
    assert "template lines" in capsys.readouterr().out
    saved = Templates.from_json(out.read_text(encoding="utf-8"), str(out))
    name, source, text = items[2]
    expected = {normalise(line) for line in SOURCES[source]}
    assert {normalise(text.split("\n")[i]) for i, _ in saved.flagged(text, str(tmp_path / source))} == expected & {
        normalise(line) for line in text.split("\n")}


def test_wirelint_templates_learn_end_to_end_and_a_missing_path_is_one_line(tmp_path):
    from conftest import SEEDS, run_wirelint

    out = tmp_path / "seeds.templates"
    done = run_wirelint("templates", "learn", str(SEEDS), "-o", str(out))
    assert done.returncode == 0 and Templates.from_json(out.read_text(encoding="utf-8"), str(out)).lines is not None
    failed = run_wirelint("templates", "learn", str(tmp_path / "missing"), "-o", str(tmp_path / "x.templates"))
    lines = failed.stderr.decode().strip().splitlines()
    assert failed.returncode == 2 and len(lines) == 1 and "missing" in lines[0] and b"Traceback" not in failed.stderr


def test_normalise_folds_every_script_digit_symbol_and_space():
    assert normalise("x\u00b2\u0663 \u20ac\u2014y\u00a0z") == "x00 y z"
    assert normalise("ÉTÉ 2024 — «Abonnez-vous»") == "été 0000 abonnez vous"


def test_copies_of_one_story_count_once_even_when_other_articles_come_between():
    counter = TemplateCounter()
    for article in ("story", "other-1", "story", "other-2", "story", "other-3"):
        counter.add(["Share this story", f"Body of {article}"], article)
    assert counter.counts[("", line_hash(normalise("Share this story")))] == 4
    assert counter.frequent().match("Share this story") == 4


_PIECES = st.sampled_from(["Share", "THIS", "été", "ÉTÉ", "İ", "ß", "2024", "\u0663", "\u00b2", "—", "’", "“x”", "«a»",
                           "â€™", "©", "€", "\u00a0", "\u2028", "\u3000", "\x1c", "\x00", "\t", "\r", " ", "  ",
                           "\n", "\n\n", "-", "!!", "\ud800", "日本", "Ⅻ", "ﬀ"])


@settings(max_examples=300)
@given(st.lists(_PIECES, max_size=30), st.integers(1, 5))
def test_lines_normalised_together_are_normalised_one_by_one(pieces, chunk):
    """``normalised_keys`` (casefold once, the non-ASCII characters first, a bytes table for
    ASCII, in chunks of lines) gives each line's ``normalise``, its letter test and hash."""
    import lint.provenance.templates as templates

    lines = "".join(pieces).split("\n")
    old, templates._FOLD_CHUNK_LINES = templates._FOLD_CHUNK_LINES, chunk
    try:
        keys = normalised_keys(lines)
    finally:
        templates._FOLD_CHUNK_LINES = old
    expected = [normalise(line) for line in lines]
    assert keys == [key.encode("utf-8", "surrogatepass") for key in expected]
    assert [has_letter(key) for key in keys] == [any(char.isalpha() for char in key) for key in expected]
    assert [key_hash(key) for key in keys] == [line_hash(key) for key in expected]
