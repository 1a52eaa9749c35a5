"""The repetition kind: ``within`` (only near copies of a paragraph count), doubled words."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
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
    ("¡que que!", [(1, 8, "que")]),  # punctuation the ASCII table does not know
    ("a『cat cat』", [(2, 9, "cat")]),
    ("dır DIR", []),  # the regex module pairs I with dotless ı, casefolding does not
    ("cat\xa0cat", [(0, 7, "cat")]),
])
def test_doubled_words(text, expected):
    assert doubled(text) == expected


_WORDS = st.sampled_from(["the", "The", "THE", "had", "cat", "cat,", "“cat”", "l’cat", "½cat", "¡cat", "『cat』", "cat-", "3cat",
                          "straße", "STRASSE", "I", "ı", "i", "ẞ", "σ", "ς", "Σ", "İ", "i̇", "ǅ", "ǆ", "e\u0301", "ﬀ", "ff",
                          "\ue000", "\0", "\x1c", "", "  ", "\xa0", "\u3000", "\t", "\n", "\n\n"])


@settings(max_examples=400)
@given(st.lists(_WORDS, max_size=40))
def test_doubled_words_are_those_the_search_finds_line_by_line(words):
    """The screen (one split of many lines, every character but letters and marks a space,
    line breaks as tokens) misses no line where the exact search, run on every line on its
    own, finds a doubled word: casefolding, marks, quotes, digits, odd spaces and NUL included."""
    text = " ".join(words)
    expected, offset = [], 0
    for line in text.split("\n"):
        expected += [(start + offset, end + offset, word) for start, end, word in doubled(line)]
        offset += len(line) + 1
    assert doubled(text) == expected


def _every_character() -> list[str]:
    return [chr(code) for code in range(0x110000)]


def test_casefolding_keeps_a_letter_in_the_screen_and_a_non_word_character_out():
    """What the screen's correctness rests on, for every code point: a letter casefolds to
    characters the screen keeps (ASCII a-z, or letters and marks), and a character that may
    stand beside a doubled word (not a word character, apostrophe or hyphen) casefolds to
    none of them, so it never sticks to the word's token."""
    import regex

    letter, word, kept = regex.compile(r"\p{L}"), regex.compile(r"[\w'’-]"), regex.compile(r"[a-z\p{L}\p{M}]")
    for char in _every_character():
        folded = char.casefold()
        if letter.match(char):
            assert all((ch.isascii() and "a" <= ch <= "z") or (not ch.isascii() and kept.match(ch)) for ch in folded), char
        elif not word.match(char):
            assert not any(kept.match(ch) for ch in folded), hex(ord(char))
