"""The repetition kind: ``within`` (only near copies of a paragraph count), doubled words."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lint.document import Document
from lint.kinds.repetition import Repetition

PARAGRAPH = "Breakfast: two eggs, one slice of whole-grain toast and a cup of black coffee."


def repetition(within: int) -> Repetition:
    return Repetition({"unit": "paragraph", "compare": "exact", "adjacent": False, "similarity": 1.0,
                       "min_chars": 20, "allow": [], "within": within})


def hits(kind: Repetition, text: str) -> int:
    return len(list(kind.find(Document(text), 0, len(text))))


def test_a_copy_within_the_window_is_reported():
    assert hits(repetition(2), f"{PARAGRAPH}\n\nOther.\n\n{PARAGRAPH}\n") == 1


def test_a_copy_further_away_is_left_alone_unless_within_is_zero():
    text = f"{PARAGRAPH}\n\nOne.\n\nTwo.\n\nThree.\n\n{PARAGRAPH}\n"
    assert hits(repetition(2), text) == 0
    assert hits(repetition(0), text) == 1


def doubled(text: str) -> list[tuple[int, int, str | None]]:
    kind = Repetition({"unit": "word", "compare": "folded", "adjacent": True, "similarity": 1.0,
                       "min_chars": 1, "allow": ["had"], "within": 0})
    return [(hit.start, hit.end, hit.replacement) for hit in kind.find(Document(text), 0, len(text))]


@pytest.mark.parametrize("text, expected", [
    ("The the report.", [(0, 7, "The")]),
    ("It ended with a word\nword on the next line.", []),  # a repeat never spans lines
    ("word\n\nword\n\n\nword", []),
    ("She had had enough.", []),
    ("Go to to the shop.\nThen back back home.", [(3, 8, "to"), (24, 33, "back")]),
])
def test_doubled_words(text, expected):
    assert doubled(text) == expected


_WORDS = st.sampled_from(["the", "The", "had", "cat", "cat,", "\ue000", "x\ue000", "", "  ", "\n", "\n\n"])


@given(st.lists(_WORDS, max_size=40))
def test_doubled_words_are_those_found_line_by_line(words):
    """The chunked search (one split of many lines, line breaks as tokens; a text with the
    private-use character standing for them falls back to line by line) finds what a
    search of each line on its own finds."""
    text = " ".join(words)
    expected, offset = [], 0
    for line in text.split("\n"):
        expected += [(start + offset, end + offset, word) for start, end, word in doubled(line)]
        offset += len(line) + 1
    assert doubled(text) == expected
