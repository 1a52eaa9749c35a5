"""The adjacent kind: captions above a credit in paragraphed text, none in one-paragraph-a-line text."""
from __future__ import annotations

from lint.document import Document
from lint.kinds import Hit
from lint.kinds.adjacent import Adjacent


class CreditLines:
    """An anchor rule stand-in whose hits are the lines reading 'Getty Images'."""

    def hits(self, doc: Document) -> list[Hit]:
        return [Hit(doc.line_starts[i], doc.line_end(i)) for i, line in enumerate(doc.lines) if line == "Getty Images"]


def captions(text: str) -> list[str]:
    kind = Adjacent({"anchor": "x/credit", "max_lines": 4, "max_chars": 400})
    kind.anchor = CreditLines()
    return [text[hit.start:hit.end] for hit in kind.find(Document(text), 0, len(text))]


def test_the_paragraph_above_a_lone_credit_is_the_caption():
    text = "Title\n\nBody one.\n\nTroops near the border.\n\nGetty Images\n\nBody two.\n"
    assert captions(text) == ["Troops near the border."]


def test_text_without_blank_lines_gives_no_caption():
    text = "Title\nBody one is a long line of prose.\nTroops near the border.\nGetty Images\nBody two.\n"
    assert captions(text) == []


def test_a_credit_heading_its_paragraph_takes_nothing_above():
    text = "Title\n\nBody one.\n\nThe crew said repairs would take a week.\n\nGetty Images\nThe ferry at the pier.\n\nBody two.\n"
    assert captions(text) == []
