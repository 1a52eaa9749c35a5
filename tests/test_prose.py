"""Prose sentences against residue lines that start the same way, and the ``not-prose`` line selection."""
from __future__ import annotations

import pytest

from conftest import run_wirelint

from lint.document import Document
from lint.prose import is_prose_sentence

PROSE = [
    "Related: the mayor said on Tuesday that the wall would be finished by spring.",
    "Related: The mayor said on Tuesday that the wall would be finished by spring.",
    "Copyright 2023 was a record year for the harbour, with more boats than ever.",
    "Read more: the council will publish its plans for the harbour in March.",
    "- Related: the mayor said on Tuesday that the wall would be finished soon.",
    "Related: “We will rebuild,” the mayor said on Tuesday in the town hall.",
]
RESIDUE = [
    "Related: The 15 Weirdest Galaxies in Our Universe",
    "Read more: Tencent profit falls as Alibaba threat and economic woes weigh",
    "READ MORE: China plague outbreak confirmed: Two diagnosed with disease in Beijing",
    "Copyright 2023 The Associated Press. All rights reserved.",
    "© 2019 Associated Press. All Rights Reserved. This material may not be published, broadcast, rewritten, or redistributed.",
    "© John Brecher Needle poking skin during administration of flu shot at Mary's Center, a community health center in Washington.",
    "Also read: Putin’s visit is a defining moment for India-Russia ties",
    "© 2023 Reuters",
]


@pytest.mark.parametrize("line", PROSE)
def test_sentences_of_the_story_are_prose(line):
    assert is_prose_sentence(line)


@pytest.mark.parametrize("line", RESIDUE)
def test_residue_lines_are_not_prose(line):
    assert not is_prose_sentence(line)


def test_not_prose_selection_leaves_out_sentences():
    doc = Document("Related: the mayor said on Tuesday that the wall would be finished.\n\nRelated: The 15 Weirdest Galaxies\n")
    assert doc.selected_lines("not-prose", 0) == [2]
    assert doc.selected_lines("any", 0) == [0, 2]


PACK = """name: mine
description: whole-line residue rules that must not take a sentence of the story
rules:
  - id: mine/related
    kind: pattern
    severity: error
    message: related-article link
    pattern: '^(?:Related|Read more)[^\\S\\n]*:.*$'
    lines: not-prose
    fix: {action: remove-lines, applicability: safe}
    examples:
      match: ["Related: The 15 Weirdest Galaxies"]
      no_match: ["Related: the mayor said on Tuesday that the wall would be finished by spring."]
  - id: mine/copyright
    kind: pattern
    severity: error
    message: copyright line
    pattern: '^Copyright[^\\S\\n]+\\d{4}.*$'
    lines: not-prose
    fix: {action: remove-lines, applicability: safe}
    examples:
      match: ["Copyright 2023 The Associated Press. All rights reserved."]
      no_match: ["Copyright 2023 was a record year for the harbour, with more boats than ever."]
"""


def test_fix_keeps_body_sentences_that_start_like_residue(tmp_path):
    (tmp_path / "mine.yaml").write_text(PACK, encoding="utf-8")
    body = (
        "The harbour wall was finished on Monday after two years of work.\n\n"
        "Related: the mayor said on Tuesday that the wall would be finished by spring.\n\n"
        "Copyright 2023 was a record year for the harbour, with more boats than ever.\n"
    )
    story = tmp_path / "story.txt"
    story.write_text(body + "\nRelated: The 15 Weirdest Galaxies\n\nCopyright 2023 The Associated Press.\n", encoding="utf-8")
    run_wirelint("check", "--no-builtin-rules", "--rules", str(tmp_path / "mine.yaml"), "--fix", str(story))
    assert story.read_text(encoding="utf-8") == body
