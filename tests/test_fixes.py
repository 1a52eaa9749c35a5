import pytest

from lint.document import Document
from lint.engine import line_removal_span
from lint.finding import Edit
from lint.fixes import apply_edits, fix_text


def edit(start, end, content=""):
    return Edit(start, end, content, 1, 1, 1, 1)


def remove_lines(text, first, last):
    doc = Document(text)
    start, end = line_removal_span(doc, first, last)
    return apply_edits(text, [edit(start, end)])[0]


@pytest.mark.parametrize(
    "text, first, last, expected",
    [
        ("P1\n\nR\n\nP2\n", 2, 2, "P1\n\nP2\n"),
        ("R\n\nP1\n", 0, 0, "P1\n"),
        ("P1\n\nR\n", 2, 2, "P1\n"),
        ("P1\n\nR", 2, 2, "P1"),
        ("B1\nR\nB2\n", 1, 1, "B1\nB2\n"),
        ("B1\nR\n\nB2\n", 1, 1, "B1\n\nB2\n"),
        ("B1\nR", 1, 1, "B1"),
        ("P1\n\nR1\nR2\n\nP2", 2, 3, "P1\n\nP2"),
    ],
)
def test_line_removal_keeps_paragraph_spacing_and_final_newline(text, first, last, expected):
    assert remove_lines(text, first, last) == expected


def test_overlapping_deletions_merge_and_other_overlaps_wait():
    text = "0123456789"
    assert apply_edits(text, [edit(2, 5), edit(4, 7)]) == ("01789", 2)
    assert apply_edits(text, [edit(2, 5, "X"), edit(4, 7, "Y")]) == ("01X56789", 1)
    assert apply_edits(text, [edit(0, 2), edit(2, 4)]) == ("456789", 2)


def test_trailing_residue_removed_together_keeps_missing_final_newline():
    text = "Body.\n\nR1\n\nR2"
    doc = Document(text)
    edits = [edit(*line_removal_span(doc, 2, 2)), edit(*line_removal_span(doc, 4, 4))]
    assert apply_edits(text, edits)[0] == "Body."


def test_fix_is_idempotent_on_seeds(shipped_rules):
    from conftest import SEEDS

    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        once = fix_text(text, shipped_rules, unsafe=True)
        assert once.refused is None
        twice = fix_text(once.text, shipped_rules, unsafe=True)
        assert twice.text == once.text, path.name
        assert twice.applied == 0


def test_mass_deletion_is_refused(shipped_rules):
    text = "Post a Comment\n\nLeave a Reply\n\nShort.\n"
    outcome = fix_text(text, shipped_rules)
    assert outcome.refused and "more than half" in outcome.refused
    assert outcome.text == text
