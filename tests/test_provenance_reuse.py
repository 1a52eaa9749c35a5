"""Cross-document reuse: shared passages, the lint rules on top, and near-linear cost."""
from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import SEEDS
from lint.errors import WirelintError
from lint.provenance import ReuseSettings, Source, find_reuse, reuse_findings
from lint.provenance.cli import add_parser, run
from provenance.corpus import Corpus

ORIGINAL = (SEEDS / "003_24a4970a2a272e7e.txt").read_text(encoding="utf-8")

# The abridged copy: every other body paragraph of seed 003 (lines 13-37), lightly edited,
# under a new headline and without the "–Bloomberg" sign-off or any other credit.
EDITS = {
    "massive": "huge",
    "gravely concerned": "very worried",
    "Thursday’s call": "Thursday evening’s call",
    "Lavrov.": "Sergei Lavrov, Russia’s foreign minister.",
    "said Fyodor Lukyanov": "said analyst Fyodor Lukyanov",
}


def abridged_copy() -> str:
    lines = ORIGINAL.split("\n")
    kept = [lines[number - 1] for number in (13, 17, 21, 25, 29, 33, 37)]
    body = []
    for paragraph in kept:
        for old, new in EDITS.items():
            paragraph = paragraph.replace(old, new)
        body.append(paragraph)
    return "Russia, US to talk as Ukraine tension grows\n\n" + "\n\n".join(body) + "\n"


def spans(passage, side: str) -> tuple[int, int]:
    span = getattr(passage, side)
    return span.line, span.end_line


def test_abridged_edited_copy_shares_passages_with_line_ranges_in_both_files():
    copy = abridged_copy()
    result = find_reuse([Source.of("original.txt", ORIGINAL), Source.of("copy.txt", copy)])
    (pair,) = result.pairs
    assert (pair.a, pair.b) == ("original.txt", "copy.txt")
    assert pair.similarity < 0.5  # a whole-document threshold would miss it ...
    assert pair.b_shared > 0.9 and 0.3 < pair.a_shared < 0.5  # ... but nearly all of the copy is shared
    # one passage per kept paragraph, each on its own line in both files
    assert [spans(p, "a") for p in pair.passages] == [(13, 13), (17, 17), (21, 21), (25, 25), (29, 29), (33, 33), (37, 37)]
    assert [spans(p, "b") for p in pair.passages] == [(3, 3), (5, 5), (7, 7), (9, 9), (11, 11), (13, 13), (15, 15)]
    copy_lines = copy.split("\n")
    first = pair.passages[0].b
    assert copy_lines[first.line - 1][first.column - 1:first.end_column - 1].startswith("The leaders will")
    # the edits are bridged: the edited paragraphs are still one passage each
    assert all(p.words >= 15 for p in pair.passages)


def test_uncredited_copy_is_flagged_and_the_credited_original_is_not():
    copy = abridged_copy()
    findings = reuse_findings([("original.txt", ORIGINAL), ("copy.txt", copy)])
    assert {f.path for f in findings} == {"copy.txt"}
    assert {f.rule for f in findings} == {"provenance/uncredited-reuse"}
    assert all(f.severity == "warning" for f in findings)
    assert [f.line for f in findings] == [3, 5, 7, 9, 11, 13, 15]
    first = findings[0]
    assert first.column == 1 and first.message.startswith("text shared with another article, and this file has no credit line")
    assert "also in original.txt:13-13" in first.message
    assert copy[first.start:first.end].startswith("The leaders will")


def test_credited_copy_is_not_flagged():
    copy = abridged_copy() + "\nThe Associated Press contributed to this report.\n"
    assert reuse_findings([("original.txt", ORIGINAL), ("copy.txt", copy)]) == []


def test_near_identical_articles_are_duplicates_of_each_other():
    twin = ORIGINAL.replace("Most Popular", "Related stories").replace("Monday, June 5, 2023", "Tuesday, June 6, 2023")
    findings = reuse_findings([("a.txt", ORIGINAL), ("b.txt", twin)])
    duplicates = [f for f in findings if f.rule == "provenance/duplicate-article"]
    assert {f.path for f in duplicates} == {"a.txt", "b.txt"}
    assert all(f.severity == "info" and "similarity" in f.message for f in duplicates)
    assert not [f for f in findings if f.rule == "provenance/uncredited-reuse"]  # both have the Bloomberg sign-off


def test_one_shared_paragraph_between_different_articles_is_found():
    other = (SEEDS / "001_2ea0c09a0cab73a9.txt").read_text(encoding="utf-8")
    paragraph = ORIGINAL.split("\n")[32]  # line 33 of seed 003, 47 words
    mixed = other.replace("Moscow submitted draft security documents", paragraph + "\n\nMoscow submitted draft security documents")
    result = find_reuse([Source.of("003.txt", ORIGINAL), Source.of("mixed.txt", mixed)])
    (pair,) = result.pairs
    assert pair.similarity < 0.1
    (passage,) = pair.passages
    assert spans(passage, "a") == (33, 33) and passage.words >= 40


def test_seed_articles_share_no_passage_and_that_is_not_a_miss():
    from itertools import combinations

    from lint.provenance.passages import shared_passages
    from lint.provenance.shingles import shingles, words_of

    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    assert find_reuse([Source.of(name, text) for name, text in texts.items()]).pairs == ()
    # exhaustively: only stock phrases of at most eight words are shared
    grams = {name: shingles(words_of(text).hashes, 5) for name, text in texts.items()}
    longest = max(
        (m.words for a, b in combinations(texts, 2) for m in shared_passages(grams[a], grams[b], 5, 6, 10, 4)), default=0
    )
    assert longest == 8


def test_reference_corpus_is_compared_but_never_reported(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "original.txt").write_text(ORIGINAL, encoding="utf-8")
    (corpus / "twin.txt").write_text(ORIGINAL, encoding="utf-8")
    errors: list[str] = []
    findings = reuse_findings([("copy.txt", abridged_copy())], against=[str(corpus)], errors=errors)
    assert errors == []
    assert {f.path for f in findings} == {"copy.txt"}
    uncredited = [f for f in findings if f.rule == "provenance/uncredited-reuse"]
    # one cluster of three files: the copy is confirmed against its representative, the
    # first reference, not against every copy of the story
    assert [f.line for f in uncredited] == [3, 5, 7, 9, 11, 13, 15]
    representative = str(corpus / "original.txt")
    assert all(f"also in {representative}:" in f.message and "twin.txt" not in f.message for f in uncredited)
    assert all(f"one of 3 files in a cluster that shares text, represented by {representative}" in f.message for f in uncredited)
    with pytest.raises(WirelintError, match="no such file"):
        reuse_findings([("copy.txt", abridged_copy())], against=[str(tmp_path / "missing")])


def test_reference_files_are_not_compared_with_each_other():
    sources = [Source.of(f"ref{i}.txt", ORIGINAL, reference=True) for i in range(5)]
    result = find_reuse([*sources, Source.of("new.txt", "Nothing in common with anything at all, in more than eight words here.")])
    assert result.pairs == () and result.stats.candidate_pairs == 0 and result.stats.references == 5


def test_a_checked_file_is_never_its_own_reference(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ORIGINAL, encoding="utf-8")
    assert reuse_findings([(str(path), ORIGINAL)], against=[str(tmp_path)]) == []


def test_two_hundred_documents_need_few_comparisons_and_find_every_planted_copy():
    corpus = Corpus(200)
    result = find_reuse([Source(str(i), lambda i=i: corpus.text(i)) for i in range(200)])
    found = {(int(pair.a), int(pair.b)) for pair in result.pairs}
    assert found == corpus.planted()
    all_pairs = 200 * 199 // 2
    assert result.stats.candidate_pairs <= 5 * len(corpus.planted()) + 20 < all_pairs // 100


def test_boilerplate_shared_by_every_document_keeps_comparisons_bounded():
    boilerplate = ("India needs fair, non-hyphenated and questioning journalism, packed with on-ground reporting. "
                   "Sustaining this needs support from wonderful readers like you, wherever you live.")
    corpus = Corpus(200, copy_every=10**9)
    texts = [corpus.text(i) + "\n" + boilerplate + "\n" for i in range(200)]
    settings = replace(ReuseSettings(), max_fanout=5)
    result = find_reuse([Source.of(str(i), t) for i, t in enumerate(texts)], settings)
    assert result.stats.boilerplate_units > 150  # units whose key more than five others share
    (cluster,) = result.clusters  # the appeal joins every file ...
    assert cluster.size == 200
    assert result.stats.candidate_pairs <= 3 * 200  # ... but each is compared with a few, not 19,900 pairs
    assert all(pair.passages for pair in result.pairs)


def test_results_are_the_same_every_run():
    corpus = Corpus(60, seed=3, copy_every=7)
    runs = [find_reuse([Source.of(str(i), corpus.text(i)) for i in range(60)]) for _ in range(2)]
    assert runs[0] == runs[1] and runs[0].pairs


def test_load_errors_are_lines_and_the_rest_goes_on():
    def broken() -> str:
        raise WirelintError("gone.txt: no such file")

    result = find_reuse([Source.of("a.txt", ORIGINAL), Source("gone.txt", broken), Source.of("b.txt", abridged_copy())])
    assert result.errors == ("gone.txt: no such file",) and len(result.pairs) == 1


def harness(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="wirelint")
    add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["provenance", *argv])


def test_cli_reports_shared_passages(tmp_path: Path, capsys):
    (tmp_path / "original.txt").write_text(ORIGINAL, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(abridged_copy(), encoding="utf-8")
    assert run(harness(str(tmp_path))) == 0
    out = capsys.readouterr().out
    assert f"shared text: {tmp_path / 'copy.txt'} and {tmp_path / 'original.txt'}: similarity" in out
    assert f"  {tmp_path / 'copy.txt'}:3:1-3:171 = {tmp_path / 'original.txt'}:13:1-13:171 (24 words)" in out
    assert f"cluster of 2 files sharing text, represented by {tmp_path / 'original.txt'}: {tmp_path / 'copy.txt'}" in out
    assert out.splitlines()[-1] == "2 files: 1 unknown, 1 wire; 1 pair of files shares text, in 1 cluster."
    assert run(harness("--format", "json", str(tmp_path / "copy.txt"), "--against", str(tmp_path))) == 0
    payload = json.loads(capsys.readouterr().out)
    (pair,) = payload["reuse"]
    assert pair["b_reference"] is True and pair["b"] == str(tmp_path / "original.txt")
    assert set(pair) == {"a", "b", "b_reference", "similarity", "a_shared", "b_shared", "words", "passages"}
    assert payload["clusters"] == [{"representative": str(tmp_path / "original.txt"), "size": 2, "references": 1,
                                    "members": [str(tmp_path / "copy.txt"), str(tmp_path / "original.txt")]}]
    assert pair["passages"][0] == {"words": 24, "a": {"line": 3, "column": 1, "end_line": 3, "end_column": 171},
                                   "b": {"line": 13, "column": 1, "end_line": 13, "end_column": 171}}


FOOTER = ("Sign up for our morning newsletter and get the day's most important stories "
          "delivered to your inbox before breakfast, every weekday.")


def test_a_cluster_joined_by_a_footer_still_finds_the_copy_of_a_member_that_is_not_its_representative():
    corpus = Corpus(40, seed=5, copy_every=10**9)
    texts = [corpus.text(i) + "\n" + FOOTER + "\n" for i in range(40)]
    copy = "\n\n".join(["A copy headline", *texts[7].split("\n\n")[2:6]]) + "\n"
    sources = [Source.of(str(i), t) for i, t in enumerate(texts)] + [Source.of("copy", copy)]
    result = find_reuse(sources)
    (cluster,) = result.clusters
    assert cluster.size == 41 and cluster.representative != "7"
    pairs = {(p.a, p.b): p for p in result.pairs}
    assert ("7", "copy") in pairs and pairs[("7", "copy")].b_shared > 0.9
    assert result.stats.candidate_pairs <= 3 * 41  # not 820 pairs


def test_hundreds_of_copies_of_one_story_are_one_cluster_compared_in_linear_time():
    import random

    rng = random.Random(4)
    words = ORIGINAL.split(" ")

    def edited(number: int) -> str:
        changed = list(words)
        for _ in range(3):
            changed[rng.randrange(len(changed))] = f"edit{number}"
        return f"Outlet {number} headline\n\n" + " ".join(changed)

    for copies in (200, 400):
        result = find_reuse([Source.of(f"c{n}", edited(n)) for n in range(copies)])
        (cluster,) = result.clusters
        assert cluster.size == copies
        assert result.stats.candidate_pairs <= 2 * copies  # not copies * (copies - 1) / 2
        reported = {p.a for p in result.pairs if p.a_reports} | {p.b for p in result.pairs if p.b_reports}
        assert reported == set(cluster.members)


def test_findings_name_the_representative_and_the_cluster_size():
    twin = ORIGINAL.replace("Most Popular", "Related stories")
    third = ORIGINAL.replace("Monday, June 5, 2023", "Tuesday, June 6, 2023")
    findings = reuse_findings([("a.txt", ORIGINAL), ("b.txt", twin), ("c.txt", third), ("copy.txt", abridged_copy())])
    duplicates = [f for f in findings if f.rule == "provenance/duplicate-article"]
    assert {f.path for f in duplicates} >= {"b.txt", "c.txt"}
    assert all("one of 4 files in a cluster that shares text, represented by" in f.message for f in findings)
    uncredited = [f for f in findings if f.rule == "provenance/uncredited-reuse"]
    assert {f.path for f in uncredited} == {"copy.txt"} and len(uncredited) == 7
    assert all("(one of 7 passages shared with it;" in f.message for f in uncredited)


def test_files_are_read_when_needed_and_an_unreadable_one_is_left_to_the_check(tmp_path):
    from lint.provenance.checks import file_reuse_findings

    (tmp_path / "original.txt").write_text(ORIGINAL, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(abridged_copy(), encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    errors: list[str] = []
    paths = [str(tmp_path / name) for name in ("binary.txt", "copy.txt", "original.txt")]
    findings = file_reuse_findings(paths, errors=errors)
    assert errors == []  # wirelint check reports binary.txt itself
    assert {f.path for f in findings} == {str(tmp_path / "copy.txt")} and len(findings) == 7


def test_no_document_or_one_document_is_no_cluster():
    for sources in ([], [Source.of("a.txt", ORIGINAL)], [Source.of("a.txt", ""), Source.of("b.txt", "short")]):
        result = find_reuse(sources)
        assert result.pairs == () and result.clusters == () and result.stats.candidate_pairs == 0


def _without_places(pair) -> tuple:
    return pair.a, pair.b, pair.a_shared, pair.b_shared, pair.passage_count, pair.b_reference, pair.a_reports, pair.b_reports


@pytest.mark.parametrize("copy_every", [7, 10**9])
def test_pairs_without_places_are_the_same_pairs_clusters_and_shares(copy_every):
    corpus = Corpus(120, seed=2, copy_every=copy_every)
    texts = [corpus.text(i) + ("\n" + FOOTER + "\n" if i % 3 == 0 else "") for i in range(120)]
    sources = [Source.of(str(i), t) for i, t in enumerate(texts)]
    full, light = find_reuse(sources), find_reuse(sources, places=False)
    assert full.pairs and light.clusters == full.clusters and light.stats == full.stats
    assert [_without_places(p) for p in light.pairs] == [_without_places(p) for p in full.pairs]
    assert [p.passage_count for p in full.pairs] == [len(p.passages) for p in full.pairs]
    assert all(not hasattr(p, "passages") for p in light.pairs)
