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


def _replace_rule(pattern, replacement):
    from lint.packs import load_pack
    import tempfile, os

    pack = (
        "name: mine\ndescription: a fix that feeds on itself\nrules:\n"
        f"  - id: mine/grow\n    kind: pattern\n    severity: info\n    message: m\n    pattern: '{pattern}'\n"
        f"    fix: {{action: replace, applicability: safe, replacement: '{replacement}'}}\n"
        "    examples: {match: [Mr Smith x], no_match: ['.']}\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "mine.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(pack)
        return list(load_pack(path).rules)


def test_fix_that_never_settles_is_refused_not_applied_ten_times():
    outcome = fix_text("Mr Smith said hello.\n", _replace_rule(r"\bMr\b", "Mr."))
    assert outcome.text == "Mr Smith said hello.\n" and outcome.applied == 0
    assert "mine/grow" in outcome.refused and "10 rounds" in outcome.refused


def test_fix_that_grows_the_text_is_refused_before_it_is_built():
    text = ("x" * 99 + "\n") * 1000
    outcome = fix_text(text, _replace_rule("x+", r"\g<0>\g<0>"))
    assert outcome.text == text and "grow" in outcome.refused
    assert len(fix_text("Mr Smith\n", _replace_rule(r"\bMr(?!\.)", "Mr.")).text) == len("Mr. Smith\n")


def test_a_fix_that_settles_in_the_last_allowed_round_is_kept():
    from lint.fixes import MAX_PASSES

    # each round takes one "a" off the start of the line: done after exactly MAX_PASSES rounds
    text = "a" * (MAX_PASSES + 1) + " and a body long enough for the deletion guard to stay quiet.\n"
    outcome = fix_text(text, _replace_rule("^a(?=a)", ""))
    assert outcome.refused is None and outcome.applied == MAX_PASSES
    assert outcome.text == text[MAX_PASSES:]
    longer = fix_text("a" + text, _replace_rule("^a(?=a)", ""))
    assert longer.text == "a" + text and "rounds" in longer.refused


def test_cli_reports_a_fix_that_never_settles(tmp_path):
    from conftest import run_wirelint

    (tmp_path / "mine.yaml").write_text(
        "name: mine\ndescription: d\nrules:\n  - id: mine/mr\n    kind: pattern\n    severity: info\n"
        "    message: m\n    pattern: '\\bMr\\b'\n    fix: {action: replace, applicability: safe, replacement: 'Mr.'}\n"
        "    examples: {match: [Mr Smith], no_match: [Mrs Smith]}\n", encoding="utf-8",
    )
    story = tmp_path / "story.txt"
    story.write_text("Mr Smith said hello.\n", encoding="utf-8")
    result = run_wirelint("check", "--rules", str(tmp_path / "mine.yaml"), "--fix", str(story))
    assert result.returncode == 1 and b"wirelint/fix-refused" in result.stdout
    assert story.read_text(encoding="utf-8") == "Mr Smith said hello.\n"
