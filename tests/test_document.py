import pytest
from hypothesis import given, strategies as st

import lint.document as document_module
from lint.document import Document, casefold_text, fold_line
from strategies import articles


def test_positions_count_code_points_including_astral_characters():
    doc = Document("a😀b\nsecond 😀 line\n")
    assert doc.position(0) == (1, 1)
    assert doc.position(2) == (1, 3)  # 'b' after one astral character
    assert doc.position(4) == (2, 1)
    assert doc.position(len(doc.text)) == (3, 1)


def test_paragraphs_and_regions():
    doc = Document("T\n\nA1\nA2\n\n\nB\n")
    assert doc.paragraphs == [(0, 0), (2, 3), (6, 6)]
    assert doc.region(2, None) == (0, doc.line_end(2))
    assert doc.region(None, 1) == (doc.line_starts[6], len(doc.text))
    assert list(doc.lines_in(*doc.region(None, 2))) == [3, 4, 5, 6]


def test_fold_line_ignores_case_space_and_punctuation():
    assert fold_line("  Previous   Post — Next Post! ") == "previous post next post"
    assert fold_line("Anadolu Agency | Getty Images") == "anadolu agency getty images"


# --- long texts: folded in pieces, lines chosen among candidates ----------------------------

FOLDING = "aAßΣσς İ\u0130ﬁKk\n.-’"


@given(st.text(st.sampled_from(FOLDING), max_size=80))
def test_casefolding_in_pieces_is_casefolding(text):
    saved = document_module._FOLD_CHUNK
    document_module._FOLD_CHUNK = 7
    try:
        assert casefold_text(text, "\n") == "\n" + text.casefold() + "\n"
    finally:
        document_module._FOLD_CHUNK = saved


@given(st.text(st.sampled_from(FOLDING), max_size=120), st.lists(st.text(st.sampled_from("ass\nk.-’ﬁ"), min_size=1, max_size=4), min_size=1, max_size=4))
def test_a_long_text_finds_the_same_folded_literals_piece_by_piece(text, literals):
    whole = "\n" + text.casefold() + "\n"
    expected = {literal for literal in literals if literal in whole}
    saved = document_module._FOLD_CHUNK
    document_module._FOLD_CHUNK = 5  # texts over 20 characters are read in pieces
    try:
        assert Document(text).folded_present(tuple(literals)) == expected
        assert Document(text).contains_folded(tuple(literals)) == bool(expected)
    finally:
        document_module._FOLD_CHUNK = saved


@pytest.mark.parametrize("selection", Document.LINE_SELECTIONS)
@given(text=articles(), among=st.sets(st.integers(-2, 60)), max_length=st.sampled_from([0, 20, 80]))
def test_lines_chosen_among_candidates_are_the_selection_filtered(selection, text, among, max_length):
    expected = [i for i in Document(text).selected_lines(selection, max_length) if i in among]
    assert Document(text).selected_among(selection, max_length, among) == expected
