"""The layout kind: line shapes, the body core, and the chrome reported around and inside it."""
from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_wirelint
from lint.document import Document
from lint.errors import WirelintError
from lint.kinds import layout as layout_module
from lint.kinds.layout import Layout, analyse, line_shape
from lint.packs import load_pack
from strategies import shipped_rules

RULES = {rule.id: rule for rule in shipped_rules() if rule.id.startswith("layout/")}
STOPWORDS = RULES["layout/footer-chrome"].kind.settings.stopwords

BODY = [
    "The council voted on Tuesday to close the old bridge to traffic until the repairs are finished in the spring.",
    "Residents who live near the river said they had waited for years and were glad that the work would begin.",
    "Engineers will inspect the steel supports in January, and the city expects the cost to be shared with the state.",
]


def kind(**fields) -> Layout:
    spec = {name: field.default for name, field in Layout.FIELDS.items()}
    spec.update(stopwords=sorted(STOPWORDS), fix=None, **fields)
    return Layout(spec)


def reported(rule_kind: Layout, lines: list[str]) -> list[str]:
    doc = Document("\n".join(lines) + "\n")
    return [doc.text[hit.start : hit.end] for hit in rule_kind.find(doc, 0, len(doc.text))]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Nov. 19, 2019 8:03 am ET", dict(special=True, dated=True)),
        ("Updated: November 19, 2019 at 10:13 am", dict(special=True, dated=True)),
        ("2 days ago", dict(special=True, dated=True)),
        ("@citydesk", dict(special=True)),
        ("jane.doe@example.com", dict(special=True)),
        ("https://example.com/news/bridge", dict(special=True)),
        ("By Jane Doe - 2019-04-10", dict(special=False, dated=True)),
        ("The bridge closes on May 3.", dict(special=False, dated=False, sentence_end=True)),
        ("“We are glad,” she said.”", dict(sentence_end=True)),
        ("Most Popular", dict(special=False, dated=False, sentence_end=False, words=2, stops=1)),
    ],
)
def test_line_shape(line, expected):
    shape = line_shape(line, STOPWORDS)
    for name, value in expected.items():
        assert getattr(shape, name) == value, name


def test_line_shape_counts_words_and_stop_words():
    shape = line_shape("It’s the 2019 budget — and it doesn't add up", STOPWORDS)
    assert (shape.words, shape.stops) == (9, 6)
    assert shape.content == frozenset({"2019", "budget", "add"})


def test_the_core_runs_from_the_first_prose_line_to_the_last_long_line():
    doc = Document("\n".join(["Menu", "Share", *BODY, "A sub-heading", BODY[0], "Teaser"]) + "\n")
    found = analyse(doc, RULES["layout/footer-chrome"].kind.settings)
    assert found.core == (2, 6)
    assert "bridge" in found.vocabulary and "menu" not in found.vocabulary
    assert analyse(doc, RULES["layout/header-chrome"].kind.settings) is found  # one pass, shared


def test_no_core_without_enough_prose_lines():
    doc = Document("Menu\n" + BODY[0] + "\nShare\n")
    assert analyse(doc, RULES["layout/footer-chrome"].kind.settings).core is None
    assert reported(kind(region="footer"), ["Menu", BODY[0], "x", "Share", "Contact Us"]) == []


def test_one_analysis_and_one_shape_per_line_for_all_rules(monkeypatch):
    built, shaped = [], []
    original_layout, original_shape = layout_module.PageLayout, layout_module.line_shape
    monkeypatch.setattr(layout_module, "PageLayout", lambda doc, settings: built.append(1) or original_layout(doc, settings))
    monkeypatch.setattr(layout_module, "line_shape", lambda line, stop: shaped.append(line) or original_shape(line, stop))
    doc = Document("\n".join(["Local News", "Nov. 19, 2019", "x", *BODY, "Top Stories", "y", "Contact Us"]) + "\n")
    for rule in RULES.values():
        list(rule.hits(doc))
    assert len(built) == 1
    assert len(shaped) == len(set(shaped)) == 6  # the short lines outside the core, once each; long lines never


def test_footer_keeps_the_line_after_the_body_prose_lists_and_the_body_s_own_words():
    lines = [*BODY, "What comes next", "Bridge repairs", "- Close the bridge", "They will vote again soon.", "x", "Top Stories", "Weather Radar"]
    assert reported(kind(region="footer"), lines) == ["x", "Top Stories", "Weather Radar"]


def test_footer_keeps_lines_repeating_the_body_s_labels_and_lines():
    lines = [BODY[0], "Q: Why close it now?", BODY[1], "Fares and tolls", BODY[2], "Q: When will it open?", "Q: Favourite film?", "Fares and tolls", "Top Stories"]
    assert reported(kind(region="footer"), lines) == ["Top Stories"]


def test_margin_line_is_reported_only_when_shaped_as_a_date():
    assert reported(kind(region="footer"), [*BODY, "Contact Us"]) == []
    assert reported(kind(region="footer"), [*BODY, "Nov. 19, 2019"]) == ["Nov. 19, 2019"]
    assert reported(kind(region="footer", margin=0), [*BODY, "Contact Us"]) == ["Contact Us"]


def test_header_needs_a_date_line():
    header = ["Local News", "Share", "A sub-heading"]
    assert reported(kind(region="header", needs_date=True), [*header, *BODY]) == []
    dated = ["Local News", "Share", "Nov. 19, 2019", "A sub-heading"]
    assert reported(kind(region="header", needs_date=True), [*dated, *BODY]) == ["Local News", "Share", "Nov. 19, 2019"]


def test_inside_reports_shapes_only():
    lines = [BODY[0], "Bridge Repairs", BODY[1], "@citydesk", "Nov. 19, 2019", BODY[2]]
    assert reported(kind(region="inside", report="shapes"), lines) == ["@citydesk", "Nov. 19, 2019"]


def test_footer_can_keep_sentences_and_figure_rows():
    lines = [*BODY, "x", "Average repair cost: $9.40", "Will it open?", "Yours sincerely,", "Enjoy.", "Total Voters: 4,145", "Top Stories"]
    assert reported(kind(region="footer"), lines) == lines[4:6] + ["Yours sincerely,", "Enjoy.", "Total Voters: 4,145", "Top Stories"]
    kept = kind(region="footer", keep_sentences=True, keep_figures=True)
    assert reported(kept, lines) == ["Total Voters: 4,145", "Top Stories"]


def test_header_can_keep_a_sentence_case_headline():
    header = ["Local News", "Nov. 19, 2019", "Council votes to close the old bridge for repairs", "Story by Jane Doe • City reporter", "Scores  Fixtures  Tables  Transfers  More", "x"]
    found = reported(kind(region="header", needs_date=True, headline_words=6), [*header, *BODY])
    assert found == ["Local News", "Nov. 19, 2019", "Story by Jane Doe • City reporter", "Scores  Fixtures  Tables  Transfers  More"]


def test_inside_keeps_a_date_with_no_year_or_time_as_a_heading():
    lines = [BODY[0], "Thursday, September 19", BODY[1], "Nov. 19, 2019", "9:30 am", BODY[2]]
    assert reported(kind(region="inside", report="shapes"), lines) == ["Nov. 19, 2019", "9:30 am"]


def test_author_lines_are_kept_for_provenance():
    lines = ["Local News", "By Jane Doe and John Roe", "Nov. 19, 2019", "x", *BODY]
    doc = Document("\n".join(lines) + "\n")
    assert [doc.text[h.start : h.end] for h in RULES["layout/header-chrome"].hits(doc)] == ["Local News", "Nov. 19, 2019"]


def test_keep_must_name_a_known_rule():
    rule_kind = kind(region="footer", keep=["credits/nothing"])
    with pytest.raises(ValueError, match="unknown rule 'credits/nothing'"):
        rule_kind.bind({})


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"region": "sidebar"}, "field 'region'"),
        ({"region": "footer", "report": "all"}, "field 'report'"),
        ({"region": "footer", "stopwords": []}, "field 'stopwords' is empty"),
        ({"region": "footer", "max_shared": 1.5}, "field 'max_shared'"),
        ({"region": "footer", "long_words": 0}, "field 'long_words'"),
        ({"region": "footer", "margin": -1}, "field 'margin'"),
        ({"region": "header", "headline_words": -1}, "field 'headline_words'"),
    ],
)
def test_bad_fields_name_the_rule(tmp_path, fields, message):
    spec = {"stopwords": ["the", "a"], **fields}
    body = "".join(f"    {key}: {json.dumps(value)}\n" for key, value in spec.items())
    pack = tmp_path / "mine.yaml"
    pack.write_text(
        "name: mine\ndescription: test\nrules:\n  - id: mine/chrome\n    kind: layout\n    severity: info\n"
        "    message: chrome\n    description: chrome\n" + body + "    examples: {match: [x], no_match: [y]}\n",
        encoding="utf-8",
    )
    with pytest.raises(WirelintError, match=rf"mine/chrome.*{message}"):
        load_pack(pack)


LONG_LINE = st.lists(
    st.sampled_from(["the", "council", "said", "that", "it", "would", "close", "a", "bridge", "of", "river", "in", "and"]),
    min_size=13, max_size=30,
).map(lambda words: " ".join(words).capitalize() + ".")
SHORT_LINE = st.sampled_from(["Bridge Repairs", "What comes next", "Nov. 19, 2019", "Top Stories", "Share", "Q: When?"])


@given(st.lists(LONG_LINE, min_size=1, max_size=12))
def test_never_flags_a_run_of_long_sentence_lines(lines):
    doc = Document("\n".join(lines) + "\n")
    for rule in RULES.values():
        assert rule.hits(doc) == []


@given(st.lists(st.one_of(LONG_LINE, SHORT_LINE), max_size=30))
def test_findings_are_whole_short_lines_and_never_inside_prose(lines):
    doc = Document("\n".join(lines) + "\n")
    for rule in RULES.values():
        for hit in rule.hits(doc):
            index = doc.line_of(hit.start)
            assert doc.text[hit.start : hit.end] == doc.lines[index].strip()
            assert doc.lines[index] in ("Nov. 19, 2019", "Top Stories", "Share", "What comes next", "Bridge Repairs", "Q: When?")
            assert rule.id != "layout/inner-shape" or doc.lines[index] == "Nov. 19, 2019"


def test_cli_fixes_header_and_footer_chrome(tmp_path):
    article = tmp_path / "article.txt"
    lines = ["Local News", "Share", "Nov. 19, 2019 8:03 am ET", "The old bridge", *BODY, "A closing line", "Top Stories", "Weather Radar"]
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checked = run_wirelint("check", "--format", "json", "--select", "layout", str(article))
    found = [(finding["rule"], finding["line"]) for finding in json.loads(checked.stdout)]
    assert found == [("layout/header-chrome", 1), ("layout/header-chrome", 2), ("layout/header-chrome", 3),
                     ("layout/footer-chrome", 9), ("layout/footer-chrome", 10)]
    run_wirelint("check", "--fix", "--unsafe-fixes", "--select", "layout", str(article))
    assert article.read_text(encoding="utf-8") == "\n".join(["The old bridge", *BODY, "A closing line"]) + "\n"


def test_casefolding_neither_makes_nor_removes_whitespace():
    """The body core counts a line's tokens after casefolding and the short-line test before
    it (a long line is never short): the counts agree only because, for every code point,
    casefolding keeps whitespace as it is and makes none of anything else."""
    for code in range(0x110000):
        char = chr(code)
        folded = char.casefold()
        assert folded == char if char.isspace() else not any(ch.isspace() for ch in folded), hex(code)
