"""The block kind: list extent, line caps and position guards, on real Document objects."""
from __future__ import annotations

import pytest

from lint.document import Document
from lint.kinds.block import Block, is_list_item

BASE = {
    "heading": [], "heading_pattern": None, "extent": "end", "paragraphs": 1, "max_paragraphs": 8,
    "max_lines": 0, "after_share": 0.0, "item_max_words": 16, "min_items": 2, "heading_alone": False,
    "include_heading": True,
}
PROSE = "The council voted on Tuesday to close the old bridge to traffic until the repairs are finished."


def block(**fields) -> Block:
    return Block({**BASE, **fields})


def covered(kind: Block, text: str) -> list[str]:
    doc = Document(text)
    return [text[hit.start:hit.end] for hit in kind.find(doc, 0, len(text))]


@pytest.mark.parametrize("line, expected", [
    ("Council closes bridge for repairs", True),
    ("Why is the bridge closing?", True),
    ("The mayor said the bridge would close ...", True),
    (PROSE, False),
    ("A short sentence.", False),
    ("", False),
])
def test_a_list_item_is_short_and_does_not_end_as_a_sentence(line, expected):
    assert is_list_item(line, 16) is expected


def test_list_runs_from_the_heading_over_its_items_to_the_first_prose_line():
    kind = block(heading=["Most Read"], extent="list")
    text = f"{PROSE}\nMost Read\nFirst teaser\nSecond teaser\n{PROSE}\n"
    assert covered(kind, text) == ["Most Read\nFirst teaser\nSecond teaser"]


def test_list_with_too_few_items_is_not_reported_unless_the_heading_may_stand_alone():
    text = f"{PROSE}\nMost Read\nA sub-heading\n{PROSE}\n"
    assert covered(block(heading=["Most Read"], extent="list"), text) == []
    assert covered(block(heading=["Most Read"], extent="list", heading_alone=True), text) == ["Most Read"]


def test_list_skips_blank_lines_and_stops_at_max_lines():
    kind = block(heading=["Most Read"], extent="list", max_lines=2)
    text = f"{PROSE}\n\nMost Read\n\nOne\n\nTwo\n\nThree\n"
    assert covered(kind, text) == ["Most Read\n\nOne\n\nTwo"]


def test_end_block_respects_max_lines_in_text_without_blank_lines():
    text = PROSE + "\nComments\n" + "A comment line\n" * 5
    assert covered(block(heading=["Comments"], max_lines=10), text) == ["Comments\n" + "A comment line\n" * 4 + "A comment line"]
    assert covered(block(heading=["Comments"], max_lines=3), text) == []


def test_heading_before_after_share_of_the_text_is_ignored():
    early = f"Comments\n{PROSE}\n{PROSE}\n{PROSE}\n"
    late = f"{PROSE}\n{PROSE}\n{PROSE}\nComments\nNice.\n"
    kind = block(heading=["Comments"], max_paragraphs=50, after_share=0.5)
    assert covered(kind, early) == []
    assert covered(kind, late) == ["Comments\nNice."]


@pytest.mark.parametrize("fields", [{"extent": "sideways"}, {"min_items": 0}, {"after_share": 1.0}, {"max_lines": -1}])
def test_bad_fields_are_refused(fields):
    with pytest.raises(ValueError):
        block(heading=["Most Read"], **fields)
