"""The batched paths of reuse detection give what the one-text-at-a-time paths give."""
from __future__ import annotations

import numpy as np
import pytest

from conftest import SEEDS
from lint.provenance.bands import unit_bands
from lint.provenance.confirm import prepare, prepare_many
from lint.provenance.passages import shared_passages, similarity
from lint.provenance.report import analyze, is_credited
from lint.provenance.reuse import ReuseSettings
from lint.provenance.shingles import scan_many, shingles, unit_ranges, words_of

ODD = [
    "",
    "   \n\n  ",
    "Straße groß Maße " * 20 + "\n\n" + "ﬁne ﬂow words " * 10,  # casefolding changes the length
    "𝒜𝒷𝒸 word 𝟙𝟚 next\n \n\t\nparagraph two starts here\n\n\nthree",  # astral letters, blank lines with spaces
    "\n\nopens with a blank line\n\n",
    "no_break_here but_underscores count as word characters",
    "a\u00a0b\u2029c\u3000d\n\u00a0\nnext paragraph",  # no-break and other Unicode spaces
]


def texts() -> list[str]:
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    return [*seeds[:3], *ODD, *seeds[3:]]


def test_scan_many_finds_the_words_words_of_finds_in_each_text():
    given = texts()
    scanned = scan_many(given)
    assert len(scanned) == len(given)
    for number, text in enumerate(given):
        one, many = words_of(text), scanned.words(number)
        assert one.starts.tolist() == many.starts.tolist() and one.ends.tolist() == many.ends.tolist()
        assert np.array_equal(one.hashes, many.hashes) and one.breaks == many.breaks


def test_paragraph_breaks_follow_blank_lines_only():
    words = words_of("one two\nthree\n  \nfour five\n\nsix")
    assert words.breaks == [3, 5]  # "four" after a line of spaces, "six" after an empty line


def test_prepared_in_a_batch_equals_prepared_alone():
    given = texts()
    for text, batched in zip(given, prepare_many(given)):
        alone = prepare(text)
        assert np.array_equal(alone.shingles, batched.shingles) and np.array_equal(alone.distinct, batched.distinct)
        assert np.array_equal(alone.index[1], batched.index[1]) and alone.words.breaks == batched.words.breaks


def test_unit_bands_of_a_batch_are_the_units_of_each_text():
    settings = ReuseSettings()
    given = texts()
    for text, bands in zip(given, unit_bands(given, settings)):
        values, starts, stops = unit_ranges(text, settings.shingle_words, settings.unit_min_words,
                                            settings.unit_max_words, settings.unit_window_words)
        (alone,) = unit_bands([text], settings)
        assert len(bands) == len(starts) and bands.length == len(values)
        assert np.array_equal(alone.keys, bands.keys) and np.array_equal(alone.sketches, bands.sketches)


def test_repeated_shingles_take_the_general_path_and_still_match():
    text = "the same five words here " * 6 + "and then something else entirely different follows now"
    a = shingles(words_of(text).hashes, 5)
    b = shingles(words_of("intro words first " + text).hashes, 5)
    found = shared_passages(a, b, 5, 10, 10, 4)
    whole = (0, len(words_of(text)), 3, 3 + len(words_of(text)))  # the copy after the three intro words
    assert whole in [(m.a_start, m.a_end, m.b_start, m.b_end) for m in found]
    assert all(m.words >= 10 for m in found)


def test_similarity_is_jaccard_of_the_distinct_shingles():
    a, b = np.array([1, 2, 3, 5], dtype=np.uint64), np.array([2, 3, 4], dtype=np.uint64)
    assert similarity(a, b, distinct=True) == pytest.approx(2 / 5)
    assert similarity(np.array([9, 9], dtype=np.uint64), np.array([9], dtype=np.uint64)) == 1.0


def test_screened_credit_check_agrees_with_the_full_report():
    given = texts() + [
        "Body text.\n\nThe Associated Press contributed to this report.",
        "WASHINGTON (AP) — The story starts.", "Shares fell. – Bloomberg\n", "A claim. -- Reuters/AFP",
        "The deal – Bloomberg reported – was signed.", "Copyright 2021 The Associated Press. All rights reserved.",
    ]
    assert [is_credited(text) for text in given] == [analyze(text).credited for text in given]
    assert sum(is_credited(text) for text in given[-6:]) == 5
