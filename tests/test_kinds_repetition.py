"""The repetition kind's ``within``: only near copies of a paragraph count."""
from __future__ import annotations

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
