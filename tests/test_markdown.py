"""Markdown structure survives checking and --fix: the block map, the engine's guard, the real CLI."""
from __future__ import annotations

from conftest import run_wirelint

from lint.document import Document
from lint.engine import check_document
from lint.fixes import fix_text
from lint.markdown import RAW, STRUCTURE, MarkdownMap, is_markdown_path

ARTICLE = """# Council votes on harbour wall

The council met on Tuesday to discuss the harbour wall.

## Home

Residents said the wall protects their homes from the sea.  
This line follows a hard break.

***

- First item
    - Nested item with detail
- Second item

Some code:

    indented code block line
    another code line

```
Share this article
```

The end of the story is here.
"""


def test_block_map_gives_structure_raw_lines_and_hard_breaks():
    doc = Document(ARTICLE, "markdown")
    roles = doc.markdown.roles
    assert roles[0] == STRUCTURE and roles[4] == STRUCTURE and roles[9] == STRUCTURE
    assert roles[17] == RAW and roles[18] == RAW and roles[21] == RAW
    assert roles[2] is None and roles[12] is None
    assert doc.markdown.hard_breaks == {6}
    assert Document(ARTICLE).markdown is None and Document(ARTICLE, "text").markdown is None
    assert MarkdownMap("one\ntwo", ["one", "two"]).hard_breaks == set()
    assert MarkdownMap("- a\n    - b\n\n- c\n", ["- a", "    - b", "", "- c", ""]).item_ends == {0: 1}


def test_markdown_paths():
    assert is_markdown_path("notes/A.MD") and is_markdown_path("x.markdown")
    assert not is_markdown_path("story.txt") and not is_markdown_path("md")


def test_the_same_text_is_fixed_as_plain_text_but_kept_as_markdown(shipped_rules):
    as_text = fix_text(ARTICLE, shipped_rules, path="story.txt")
    assert "## Home" not in as_text.text  # plain text: navigation residue
    assert "\n    - Nested" not in as_text.text and "sea.  \n" not in as_text.text
    as_markdown = fix_text(ARTICLE, shipped_rules, path="story.md")
    assert as_markdown.text == ARTICLE
    findings = check_document(Document(ARTICLE), shipped_rules, "story.md")
    assert findings == []


def test_thematic_break_and_heading_at_the_end_are_kept(shipped_rules):
    text = ("# Story\n\nBody one of the story, which runs on long enough that removing the comments is no mass deletion."
            "\n\n***\n\n## Comments\n\nBody two of the story.\n")
    assert fix_text(text, shipped_rules, path="story.txt").text != text
    assert fix_text(text, shipped_rules, path="story.md").text == text


def test_list_item_with_nested_lines_is_not_removed_alone(shipped_rules):
    text = "# Story\n\n- A- A+\n    - The council met on Monday to vote on the harbour wall.\n"
    assert fix_text(text, shipped_rules, path="story.md").text == text  # else the child becomes code
    single = "# Story\n\n- The council met on Monday to vote on the harbour wall.\n- A- A+\n"
    assert fix_text(single, shipped_rules, path="story.md").text == single.replace("- A- A+\n", "")


def test_markdown_guard_still_lets_real_residue_go(shipped_rules):
    body = "# Story\n\nThe council met on Tuesday to discuss the wall and the harbour.  \n"
    fixed = fix_text(body + "\nShare this article\n\nPost a Comment\n", shipped_rules, path="story.md")
    assert fixed.refused is None
    assert fixed.text == body.replace("  \n", "\n")  # not a hard break: the paragraph ends there


def test_fix_keeps_markdown_structure_end_to_end(tmp_path):
    story = tmp_path / "story.md"
    story.write_text(ARTICLE + "\nPost a Comment\n", encoding="utf-8")
    result = run_wirelint("check", "--fix", str(story))
    assert b"Fixed " in result.stdout, result.stdout.decode() + result.stderr.decode()  # the comment line, by one rule or two
    assert story.read_text(encoding="utf-8") == ARTICLE


def _structures():
    from hypothesis import strategies as st
    from strategies import PROSE, pack_material

    phrase = st.sampled_from(sorted(p for p in pack_material()[0] if "\n" not in p and p.strip())[:400])
    prose = st.sampled_from(PROSE)
    piece = st.one_of(
        phrase.map(lambda p: ("## " + p, ["## " + p])),
        st.sampled_from(("***", "---", "___", "* * *")).map(lambda hr: (hr, [hr])),
        st.tuples(phrase, prose).map(lambda t: (f"- {t[0]}\n    - {t[1]}", [f"    - {t[1]}"])),  # the item may go, not the indent
        st.tuples(prose, phrase).map(lambda t: (f"{t[0]}\n\n    {t[1]}\n    {t[1]}", [f"    {t[1]}"] * 2)),  # code
        phrase.map(lambda p: (f"```\n{p}\n\n\n{p}  \n```", [p, "", "", p + "  "])),
        st.tuples(prose, prose).filter(lambda t: t[0] != t[1]).map(lambda t: (f"{t[0]}  \n{t[1]}", [t[0] + "  "])),
        phrase.map(lambda p: (p, [])),  # plain residue: may go
        prose.map(lambda p: (p, [])),
    )
    return st.lists(piece, min_size=1, max_size=12)


def test_fix_never_touches_markdown_structure():
    from collections import Counter

    from hypothesis import given
    from strategies import shipped_rules

    # Repetition rules rightly remove a repeated line wherever it is (the pieces repeat
    # freely), and a block rule the paragraphs under its heading: neither is structure.
    rules = [rule for rule in shipped_rules() if rule.kind_name not in ("repetition", "block")]

    @given(_structures())
    def check(pieces):
        text = "# Title of the story\n\n" + "\n\n".join(block for block, _ in pieces) + "\n"
        kept = Counter(line for _, lines in pieces for line in lines)
        fixed = Counter(fix_text(text, rules, unsafe=True, path="story.md").text.split("\n"))
        assert all(fixed[line] >= count for line, count in kept.items()), (text, kept - fixed)

    check()
