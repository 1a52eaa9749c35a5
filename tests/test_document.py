from lint.document import Document, fold_line


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
