"""The template pass of ``wirelint check``, run through the real CLI on generated batches:
learned from many files or JSONL records, read from a saved file in a one-file run, and
obeying --select/--ignore and --fix like any rule."""
from __future__ import annotations

import json

import pytest

from conftest import run_wirelint
from lint.provenance.templates import TemplateCounter, Templates, normalise
from test_provenance_templates import SOURCES, batch

RULE = "residue/template-line"


def write_batch(root, layout=lambda name: name):
    items, story = batch()
    for name, _, text in items:
        path = root / layout(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return items, story


def template_hits(done) -> list[dict]:
    found = [json.loads(line) for line in done.stdout.decode().splitlines() if line.startswith("{")]
    return [{**f, "path": f["path"].removeprefix("./")} for f in found if f["rule"] == RULE]


def flagged_lines(root, hits) -> set[str]:
    return {normalise((root / f["path"]).read_text(encoding="utf-8").split("\n")[f["line"] - 1]) for f in hits}


def test_check_on_the_batch_finds_every_template_line_and_no_story_line(tmp_path):
    items, story = write_batch(tmp_path)
    done = run_wirelint("check", "--select", RULE, "--format", "json-lines", ".", cwd=tmp_path)
    hits = template_hits(done)
    assert done.returncode == 1 and hits
    chrome = {normalise(line) for lines in SOURCES.values() for line in lines}
    assert flagged_lines(tmp_path, hits) == chrome
    assert not {normalise(p) for p in story} & flagged_lines(tmp_path, hits)
    assert all(f["severity"] == "warning" and f["fix"]["applicability"] == "unsafe" for f in hits)
    # each source's own count is named: 50 articles of "daily" carry its newsletter box
    daily = [f for f in hits if f["path"].startswith("daily/") and f["line"] == 1 and "copy" not in f["path"]]
    assert daily and all("seen on 50 different articles" in f["message"] for f in daily)


def test_learn_then_check_templates_flags_the_same_lines_in_a_one_file_run(tmp_path):
    write_batch(tmp_path)
    saved = tmp_path / "partner.templates"
    assert run_wirelint("templates", "learn", ".", "-o", str(saved), cwd=tmp_path).returncode == 0
    batch_run = template_hits(run_wirelint("check", "--select", RULE, "--format", "json-lines", ".", cwd=tmp_path))
    for name in ("herald/1.txt", "post/2.txt", "wire/copy3.txt"):
        alone = run_wirelint("check", "--templates", str(saved), "--format", "json-lines", name, cwd=tmp_path)
        expected = {(f["line"], f["message"]) for f in batch_run if f["path"] == name}
        assert expected and {(f["line"], f["message"]) for f in template_hits(alone)} == expected
        without = run_wirelint("check", "--format", "json-lines", name, cwd=tmp_path)
        assert not template_hits(without)  # one file and no saved lines: nothing to learn from


@pytest.mark.parametrize("content, message", [
    ("{oops", "invalid JSON"), ('{"format": "other"}', "not a wirelint templates file"), (None, "no such templates file"),
])
def test_a_corrupt_foreign_or_missing_templates_file_is_one_line(tmp_path, content, message):
    article = tmp_path / "a.txt"
    article.write_text("Some text of an article.\n", encoding="utf-8")
    saved = tmp_path / "partner.templates"
    if content is not None:
        saved.write_text(content, encoding="utf-8")
    done = run_wirelint("check", "--templates", str(saved), str(article))
    lines = done.stderr.decode().strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and str(saved) in lines[0] and message in lines[0]


def test_ignore_turns_the_pass_off_and_fix_obeys_it(tmp_path):
    items, story = write_batch(tmp_path)
    ignored = run_wirelint("check", "--ignore", RULE, "--format", "json-lines", ".", cwd=tmp_path)
    assert not template_hits(ignored)
    before = (tmp_path / "post/2.txt").read_text(encoding="utf-8")
    run_wirelint("check", "--select", RULE, "--ignore", RULE, "--fix", "--unsafe-fixes", ".", cwd=tmp_path)
    assert (tmp_path / "post/2.txt").read_text(encoding="utf-8") == before
    safe = run_wirelint("check", "--select", RULE, "--fix", ".", cwd=tmp_path)  # unsafe: --fix alone keeps them
    assert safe.returncode == 1 and (tmp_path / "post/2.txt").read_text(encoding="utf-8") == before


def test_fix_with_unsafe_fixes_deletes_template_lines_and_keeps_the_story(tmp_path):
    items, story = write_batch(tmp_path)
    run_wirelint("check", "--select", RULE, "--fix", "--unsafe-fixes", ".", cwd=tmp_path)
    chrome = {normalise(line) for lines in SOURCES.values() for line in lines}
    for name, _, text in items:
        fixed = (tmp_path / name).read_text(encoding="utf-8")
        kept = [line for line in text.split("\n") if line.strip() and normalise(line) not in chrome]
        assert [line for line in fixed.split("\n") if line.strip()] == kept
    assert all(paragraph in (tmp_path / "daily/copy0.txt").read_text(encoding="utf-8") for paragraph in story)


def test_per_file_ignores_and_severity_overrides_hold(tmp_path):
    write_batch(tmp_path)
    done = run_wirelint("check", "--select", RULE, "--per-file-ignores", f"herald/*:{RULE}",
                        "--rule-severity", f"{RULE}=error", "--format", "json-lines", ".", cwd=tmp_path)
    hits = template_hits(done)
    assert hits and not [f for f in hits if f["path"].startswith("herald/")]
    assert all(f["severity"] == "error" for f in hits)


def test_jsonl_records_with_a_source_key(tmp_path):
    items, story = batch()
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for number, (name, source, text) in enumerate(items):
            site = f"{source}-{number // 4 % 2}"  # each source's articles split between two sites
            handle.write(json.dumps({"id": name, "site": site, "text": text}) + "\n")
    done = run_wirelint("check", "--jsonl", "--source-key", "site", "--select", RULE, "--format", "json-lines", str(corpus))
    hits = template_hits(done)
    texts = {name: text for name, _, text in items}
    flagged = {normalise(texts[f["path"].split("#", 1)[1]].split("\n")[f["line"] - 1]) for f in hits}
    assert flagged == {normalise(line) for lines in SOURCES.values() for line in lines}
    assert not {normalise(p) for p in story} & flagged
    first = [f for f in hits if f["path"].endswith("#daily/0.txt") and f["line"] == 1]
    assert first and "seen on 25 different articles" in first[0]["message"]  # the site's own count
    batch_wide = run_wirelint("check", "--jsonl", "--select", RULE, "--format", "json-lines", str(corpus))
    first = [f for f in template_hits(batch_wide) if f["path"].endswith("#daily/0.txt") and f["line"] == 1]
    assert first and "seen on 50 different articles" in first[0]["message"]


def test_source_key_needs_jsonl(tmp_path):
    done = run_wirelint("check", "--source-key", "site", str(tmp_path))
    assert done.returncode == 2 and b"--source-key" in done.stderr and b"Traceback" not in done.stderr


def test_a_file_name_pattern_in_config_names_the_source(tmp_path):
    items, _ = write_batch(tmp_path / "flat", layout=lambda name: name.replace("/", "_"))
    (tmp_path / "wirelint.toml").write_text('template-source = "pattern:([a-z]+)_[^/]*$"\n', encoding="utf-8")
    done = run_wirelint("check", "--select", RULE, "--format", "json-lines", "flat", cwd=tmp_path)
    first = [f for f in template_hits(done) if f["path"] == "flat/post_2.txt" and f["line"] == 1]
    assert first and "seen on 50 different articles" in first[0]["message"]
    (tmp_path / "wirelint.toml").write_text('template-source = "pattern:(["\n', encoding="utf-8")
    bad = run_wirelint("check", "flat", cwd=tmp_path)
    lines = bad.stderr.decode().strip().splitlines()
    assert bad.returncode == 2 and len(lines) == 1 and "template-source" in lines[0] and "wirelint.toml" in lines[0]


def test_partition_counters_merge_to_the_whole_batch_count():
    from lint.provenance import Source, find_reuse

    items, _ = batch()
    result = find_reuse([Source.of(name, text) for name, _, text in items])
    article = {name: c.representative for c in result.clusters for name in c.members}
    whole, parts = TemplateCounter(), [TemplateCounter(sample_from=1) for _ in range(3)]
    for number, (name, source, text) in enumerate(items):
        whole.add(text.split("\n"), article.get(name, name), source)
        parts[number % 3].add(text.split("\n"), article.get(name, name), source)
    merged = TemplateCounter()
    for part in parts:
        merged.merge(part)
    assert merged.frequent().lines == whole.frequent().lines and whole.frequent().lines
    assert merged.counts == whole.counts


def test_union_keeps_both_sets_and_the_larger_count():
    one = Templates({1: {"sample": "a b", "articles": {"": 3}}})
    two = Templates({1: {"sample": "a b", "articles": {"": 5, "x": 4}}, 2: {"sample": "c d", "articles": {"": 3}}})
    both = one.union(two)
    assert both.lines[1]["articles"] == {"": 5, "x": 4} and 2 in both.lines and one.lines[1]["articles"] == {"": 3}


def test_path_source_names_a_folder_a_pattern_or_nothing(tmp_path):
    from lint.provenance.templates_check import path_source

    path = str(tmp_path / "feeds" / "ap_123.txt")
    assert path_source("folder", str(tmp_path))(path) == "feeds"
    assert path_source("none", str(tmp_path))(path) is None
    assert path_source("pattern:/([a-z]+)_", str(tmp_path))(path) == "ap"
    assert path_source("pattern:[a-z]+_", str(tmp_path))(path) == "ap_"  # no group: the match
    assert path_source("pattern:^reuters/", str(tmp_path))(path) is None
