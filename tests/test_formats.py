"""Output formats: golden files on the seed articles, schema validation, and escaping tables.

The golden files in tests/golden/ are the output of each format on the findings the shipped
rules report on seeds/. After an intended change to a format (or to the rules or seeds),
regenerate them and read the diff before committing:

    WIRELINT_REGEN_GOLDEN=1 python -m pytest tests/test_formats.py
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SEEDS
from lint.document import Document
from lint.engine import check_document
from lint.finding import Edit, Finding, Fix
from lint.formats import FORMATS, finding_to_dict, format_concise, format_json, render, statistics, summary
from lint.formats.github import annotation, escape_data, escape_property, format_github
from lint.formats.sarif import artifact_uri, sarif_log
from lint.formats.snippet import WIDTH, excerpt
from lint.source import decode_article

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
SARIF_SCHEMA = json.loads((HERE / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
REGENERATE = os.environ.get("WIRELINT_REGEN_GOLDEN") == "1"
TOOL_VERSION = "1.2.3"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

GOLDEN_FILES = {
    "full": "seeds.full.txt",
    "concise": "seeds.concise.txt",
    "json": "seeds.json",
    "json-lines": "seeds.jsonl",
    "sarif": "seeds.sarif.json",
    "github": "seeds.github.txt",
    "gitlab": "seeds.gitlab.json",
    "junit": "seeds.junit.xml",
    "html": "seeds.html",
}


def make(rule="pack/rule", severity="warning", line=1, column=1, end_line=None, end_column=None,
         message="message", path="a.txt", fix=None, record=None) -> Finding:
    end_line = line if end_line is None else end_line
    end_column = column + 1 if end_column is None else end_column
    return Finding(path, rule, severity, message, line, column, end_line, end_column, 0, 0, fix, record)


def replace_fix(content: str, applicability="safe", line=1, column=1, end_line=1, end_column=2) -> Fix:
    return Fix(applicability, (Edit(0, 0, content, line, column, end_line, end_column),))


@pytest.fixture(scope="module")
def seeds(shipped_rules):
    """Findings of the shipped rules on the seeds, with the paths and lines the CLI would pass."""
    findings, lines = [], {}
    for seed in sorted(SEEDS.glob("*.txt")):
        path = f"seeds/{seed.name}"
        text = decode_article(seed.read_bytes(), path).text
        lines[path] = text.split("\n")
        findings.extend(check_document(Document(text), shipped_rules, path))
    return findings, lines, shipped_rules


def rendered(fmt, seeds, **extra):
    findings, lines, rules = seeds
    return render(fmt, findings, rules=rules, lines=lines, files=5, tool_version=TOOL_VERSION, **extra)


def check_golden(name: str, actual: str) -> None:
    target = GOLDEN / name
    if REGENERATE:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(actual, encoding="utf-8", newline="\n")
    assert target.exists(), f"missing golden file {name}; run with WIRELINT_REGEN_GOLDEN=1"
    assert actual == target.read_text(encoding="utf-8"), f"{name} differs; regenerate if the change is intended"


# Golden files ------------------------------------------------------------------------------

def test_formats_all_have_golden_files():
    assert set(GOLDEN_FILES) == set(FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(fmt, seeds):
    check_golden(GOLDEN_FILES[fmt], rendered(fmt, seeds))


@pytest.mark.parametrize("as_json, name", [(False, "seeds.statistics.txt"), (True, "seeds.statistics.json")])
def test_golden_statistics(as_json, name, seeds):
    check_golden(name, statistics(seeds[0], as_json))


def test_seed_findings_cover_the_interesting_cases(seeds):
    """The goldens only prove something if the seeds have fixes of both kinds and all severities."""
    findings = seeds[0]
    assert {f.severity for f in findings} == {"error", "warning", "info"}
    assert {f.fix.applicability for f in findings if f.fix} == {"safe", "unsafe"}
    assert any(f.fix is None for f in findings)
    assert any(f.end_line > f.line for f in findings)


# Every format -------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_no_findings(fmt):
    assert isinstance(render(fmt, [], files=3), str)


def test_unknown_format_is_a_value_error():
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        render("xml", [])


def test_old_names_still_import(seeds):
    findings = seeds[0]
    assert format_json(findings) == render("json", findings)
    assert format_concise(findings) == render("concise", findings)
    assert summary(findings, 5).startswith(f"Found {len(findings)} problems")


@pytest.mark.parametrize("fmt", ["full", "concise"])
def test_color_only_adds_ansi_styles(fmt, seeds):
    plain, colored = rendered(fmt, seeds), rendered(fmt, seeds, color=True)
    assert colored != plain
    assert ANSI.sub("", colored) == plain


@pytest.mark.parametrize("fmt", ["json", "json-lines", "sarif", "github", "junit"])
def test_machine_formats_ignore_color(fmt, seeds):
    assert rendered(fmt, seeds, color=True) == rendered(fmt, seeds)


# JSON and JSON Lines ------------------------------------------------------------------------

JSON_KEYS = {"path", "rule", "severity", "message", "line", "column", "end_line", "end_column", "fix"}


def test_json_keeps_the_documented_key_set(seeds):
    data = json.loads(rendered("json", seeds))
    assert data and all(set(item) == JSON_KEYS for item in data)


def test_json_lines_round_trip(seeds):
    findings = seeds[0]
    text = rendered("json-lines", seeds)
    assert [json.loads(line) for line in text.splitlines()] == [finding_to_dict(f) for f in findings]


def test_json_lines_keeps_one_object_per_line_whatever_the_message():
    finding = make(message="a\nb\u2028c\u2029d\x85e\r")
    text = render("json-lines", [finding, finding])
    assert len(text.splitlines()) == 2
    assert json.loads(text.splitlines()[0])["message"] == finding.message


# SARIF ----------------------------------------------------------------------------------------

def sarif_validators():
    """The validator the schema declares (draft-04), and Draft 7, which accepts it too."""
    declared = jsonschema.validators.validator_for(SARIF_SCHEMA)
    declared.check_schema(SARIF_SCHEMA)
    return [declared(SARIF_SCHEMA), jsonschema.Draft7Validator(SARIF_SCHEMA)]


def assert_valid_sarif(log: dict) -> None:
    for validator in sarif_validators():
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
        assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_sarif_of_the_seeds_is_valid(seeds):
    assert_valid_sarif(json.loads(rendered("sarif", seeds)))


def test_sarif_edge_cases_are_valid():
    findings = [
        make("wirelint/rule-timeout", "error", 1, 1, 1, 1, message="took too long"),
        make(path="dir with space/ü#1.txt", record="item-3", fix=replace_fix("", "unsafe", 2, 1, 4, 1)),
        make(severity="info", line=3, column=5, end_line=5, end_column=1),
    ]
    assert_valid_sarif(sarif_log(findings))
    assert_valid_sarif(sarif_log([], tool_version=""))


def test_sarif_results_point_at_their_rules(seeds):
    findings, _, rules = seeds
    run = json.loads(rendered("sarif", seeds))["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("wirelint", TOOL_VERSION)
    assert [d["id"] for d in driver["rules"]] == [r.id for r in rules]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for finding, result in zip(findings, run["results"], strict=True):
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        assert result["level"] == levels[finding.severity]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region == {"startLine": finding.line, "startColumn": finding.column,
                          "endLine": finding.end_line, "endColumn": finding.end_column}


def test_sarif_rule_metadata(seeds):
    rules = seeds[2]
    descriptors = json.loads(rendered("sarif", seeds))["runs"][0]["tool"]["driver"]["rules"]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for rule, descriptor in zip(rules, descriptors, strict=True):
        assert descriptor["shortDescription"]["text"] == rule.message
        assert descriptor["fullDescription"]["text"] == rule.description
        assert descriptor["defaultConfiguration"]["level"] == levels[rule.severity]
        assert f"wirelint rule {rule.id}" in descriptor["help"]["text"]


def test_sarif_fix_is_a_replacement():
    fix = replace_fix(",", "safe", 2, 5, 2, 8)
    result = sarif_log([make(path="a b.txt", fix=fix)])["runs"][0]["results"][0]
    (change,) = result["fixes"][0]["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "a%20b.txt"}
    assert change["replacements"] == [{
        "deletedRegion": {"startLine": 2, "startColumn": 5, "endLine": 2, "endColumn": 8},
        "insertedContent": {"text": ","},
    }]
    assert result["fixes"][0]["description"]["text"] == 'Replace with "," (safe fix: wirelint check --fix)'


def test_sarif_rules_not_passed_in_are_added_once():
    findings = [make("wirelint/fix-refused", "error"), make("wirelint/fix-refused", "error"), make("x/y", "info")]
    run = sarif_log(findings)["runs"][0]
    assert [d["id"] for d in run["tool"]["driver"]["rules"]] == ["wirelint/fix-refused", "x/y"]
    assert [r["ruleIndex"] for r in run["results"]] == [0, 0, 1]
    assert run["tool"]["driver"]["rules"][1]["defaultConfiguration"] == {"level": "note"}
    assert "version" not in run["tool"]["driver"]


@pytest.mark.parametrize("path, uri", [
    ("seeds/000_a.txt", "seeds/000_a.txt"),
    ("dir/a b.txt", "dir/a%20b.txt"),
    ("100%.txt", "100%25.txt"),
    ("a#b?.txt", "a%23b%3F.txt"),
    ("c:d.txt", "c%3Ad.txt"),
    ("é/ü.md", "%C3%A9/%C3%BC.md"),
    ("/abs/a b.txt", "file:///abs/a%20b.txt"),
    ("C:/work/a.txt", "file:///C:/work/a.txt"),
    ("-", "-"),
])
def test_artifact_uri(path, uri):
    assert artifact_uri(path) == uri


# GitHub Actions ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, data, prop", [
    ("plain", "plain", "plain"),
    ("100%", "100%25", "100%25"),
    ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
    ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
    ("%0A", "%250A", "%250A"),
    ("::error::", "::error::", "%3A%3Aerror%3A%3A"),
    ("é – “x”", "é – “x”", "é – “x”"),
])
def test_github_escaping(text, data, prop):
    assert escape_data(text) == data
    assert escape_property(text) == prop


@pytest.mark.parametrize("finding, command", [
    (make("p/r", "error", 3, 5, 3, 8, message="bad: x"),
     "::error file=a.txt,line=3,col=5,endLine=3,endColumn=7,title=p/r::bad: x"),
    (make("p/r", "warning", 1, 1, 1, 1), "::warning file=a.txt,line=1,col=1,endLine=1,endColumn=1,title=p/r::message"),
    (make("p/r", "info", 3, 1, 5, 1), "::notice file=a.txt,line=3,endLine=4,title=p/r::message"),
    (make("p/r", "info", 3, 2, 5, 4), "::notice file=a.txt,line=3,endLine=5,title=p/r::message"),
    (make("p/r", "error", 2, 1, path="d,1/a:b.txt", message="50%\nmore"),
     "::error file=d%2C1/a%3Ab.txt,line=2,col=1,endLine=2,endColumn=1,title=p/r::50%25%0Amore"),
])
def test_github_annotation(finding, command):
    assert annotation(finding) == command


def test_github_orders_by_severity_and_counts_what_github_hides():
    findings = [make(severity="info")] * 3 + [make(severity="warning")] * 11 + [make(severity="error")] * 12
    lines = format_github(findings).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == (
        ["::error"] * 12 + ["::warning"] * 11 + ["::notice::wirelint:"] + ["::notice"] * 3
    )
    assert lines[23].startswith("::notice::wirelint: GitHub will not display 3 of these 26 annotations")


def test_github_overflow_notice_takes_a_notice_slot_and_stays_visible():
    findings = [make(severity="error")] * 11 + [make(severity="info")] * 10
    lines = format_github(findings).splitlines()
    assert lines[11].startswith("::notice::wirelint: GitHub will not display 2 of these 21 annotations")
    assert lines[12:] == [annotation(make(severity="info"))] * 10


def test_github_adds_no_notice_within_the_limits():
    findings = [make(severity=s) for s in ("error", "warning", "info") for _ in range(10)]
    assert len(format_github(findings).splitlines()) == 30
    assert format_github([]) == ""


# JUnit --------------------------------------------------------------------------------------

def test_junit_of_the_seeds_parses(seeds):
    findings = seeds[0]
    root = ET.fromstring(rendered("junit", seeds))
    cases = root.findall("./testsuite/testcase")
    failing = [f for f in findings if f.severity in ("error", "warning")]
    assert len(cases) == len(findings) == int(root.get("tests"))
    assert len(root.findall("./testsuite/testcase/failure")) == len(failing) == int(root.get("failures"))
    assert [s.get("name") for s in root.findall("testsuite")] == sorted({f.path for f in findings})
    for suite in root.findall("testsuite"):
        assert int(suite.get("tests")) == len(suite.findall("testcase"))
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
    info = [c for c in cases if c.find("failure") is None]
    assert info and all(c.find("system-out") is not None for c in info)


def test_junit_escapes_markup_and_replaces_what_xml_cannot_hold():
    finding = make("p/r", "error", message='<b>&"x"</b>\x1b\x00 \ud800ok', path="a&b<c>.txt")
    root = ET.fromstring(render("junit", [finding]))
    failure = root.find("./testsuite/testcase/failure")
    assert failure.get("message") == '<b>&"x"</b>\ufffd\ufffd \ufffdok'
    assert root.find("testsuite").get("name") == "a&b<c>.txt"


def test_junit_clean_run_is_one_passing_case():
    root = ET.fromstring(render("junit", [], files=4))
    (case,) = root.iter("testcase")
    assert case.get("name") == "no problems in 4 files" and len(case) == 0
    assert (root.get("tests"), root.get("failures")) == ("1", "0")


# Full ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, start, end, shown, carets", [
    ("abc def", 4, 7, "abc def", "    ^^^"),
    ("a\tb", 2, 3, "a       b", "        ^"),
    ("\tx\ty", 3, 4, "        x       y", "                ^"),
    ("中文ab", 2, 3, "中文ab", "    ^"),
    ("中文ab", 0, 1, "中文ab", "^^"),
    ("e\u0301x", 2, 3, "e\u0301x", " ^"),
    ("a\x1bb", 1, 2, "a<U+001B>b", " ^^^^^^^^"),
    ("a\u200bb", 2, 3, "a<U+200B>b", "         ^"),
    ("abc", 1, 1, "abc", " ^"),
    ("abc", 3, 3, "abc", "   ^"),
    ("", 0, 0, "", "^"),
    ("abc", 1, 99, "abc", " ^^"),
])
def test_excerpt(line, start, end, shown, carets):
    assert excerpt(line, start, end) == (shown, carets)


def test_excerpt_cuts_long_lines_around_the_span():
    line = "".join(f"{i:>4}" for i in range(200))
    text, carets = excerpt(line, 400, 404)
    assert len(text) == WIDTH and text[0] == text[-1] == "…"
    assert text[carets.index("^"):len(carets)] == " 100"
    tail, tail_carets = excerpt(line, len(line) - 4, len(line))
    assert tail.startswith("…") and tail.endswith(" 199") and tail_carets.endswith("^^^^")


def cells(text: str) -> int:
    """Terminal cells, counted independently of the formatter: wide 2, combining 0, else 1."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


@given(st.text(alphabet=st.sampled_from("ab \t中\u0301\x1b\u200b…"), max_size=300), st.data())
def test_excerpt_caret_stays_on_the_shown_line(line, data):
    start = data.draw(st.integers(0, len(line)))
    end = data.draw(st.integers(start, len(line)))
    text, carets = excerpt(line, start, end)
    assert carets.strip(" ") and set(carets.strip(" ")) == {"^"}
    assert carets.index("^") <= cells(text) and not any(c in text for c in "\t\x1b\u200b")
    assert cells(text) <= WIDTH


def test_full_shows_only_the_header_without_source():
    finding = make("p/r", "error", 2, 3)
    assert render("full", [finding]) == "a.txt:2:3: error p/r message\n"
    assert render("full", [finding], lines={"b.txt": ["x", "y"]}) == "a.txt:2:3: error p/r message\n"
    assert render("full", [make(line=9)], lines={"a.txt": ["x"]}) == "a.txt:9:1: warning pack/rule message\n"


def test_full_finds_a_record_by_its_own_path():
    finding = make(path="corpus.jsonl#7", record="7", column=2)
    lines = {"corpus.jsonl": ["{}"], "corpus.jsonl#7": ["abc"]}
    assert render("full", [finding], lines=lines) == "corpus.jsonl#7:1:2: warning pack/rule message\n 1 | abc\n   |  ^\n\n"


def test_full_block():
    lines = {"a.txt": ["first", "", "", "say. it"]}
    findings = [
        make("t/b", "warning", 4, 4, 4, 6, fix=replace_fix(" ", "unsafe", 4, 4, 4, 6)),
        make("f/b", "info", 2, 1, 4, 1, fix=replace_fix("", "safe", 2, 1, 4, 1)),
    ]
    assert render("full", findings, lines=lines) == (
        "a.txt:4:4: warning t/b message\n"
        " 4 | say. it\n"
        "   |    ^^\n"
        '   = unsafe fix: replace with " "\n'
        "\n"
        "a.txt:2:1: info f/b message\n"
        " 2 |\n"
        "   | ^ to line 3\n"
        "   = safe fix: remove lines 2-3\n"
        "\n"
    )


def test_headers_spell_out_control_characters():
    finding = make(message="x\ny\x1b[2J", path="a\tb.txt")
    assert render("concise", [finding]) == "a<U+0009>b.txt:1:1: warning pack/rule x<U+000A>y<U+001B>[2J\n"


# Statistics ---------------------------------------------------------------------------------

def test_statistics_counts_and_orders():
    findings = [
        make("b/x", "error", fix=replace_fix("")), make("b/x", "error"),
        make("a/y", "info", fix=replace_fix("", "unsafe")), make("a/y", "info", fix=replace_fix("")),
        make("c/z", "warning"), make("c/z", "warning"),
        make("d/w", "warning"),
    ]
    assert json.loads(statistics(findings, as_json=True)) == [
        {"rule": "a/y", "severity": "info", "count": 2, "fixable": 1, "unsafe_fixable": 1},
        {"rule": "b/x", "severity": "error", "count": 2, "fixable": 1, "unsafe_fixable": 0},
        {"rule": "c/z", "severity": "warning", "count": 2, "fixable": 0, "unsafe_fixable": 0},
        {"rule": "d/w", "severity": "warning", "count": 1, "fixable": 0, "unsafe_fixable": 0},
    ]
    assert statistics(findings, as_json=False) == (
        "count  rule  severity  fixes\n"
        "    2  a/y   info      1 safe, 1 unsafe\n"
        "    2  b/x   error     1 safe\n"
        "    2  c/z   warning   -\n"
        "    1  d/w   warning   -\n"
    )


def test_statistics_of_nothing():
    assert statistics([], as_json=False) == ""
    assert statistics([], as_json=True) == "[]\n"


def test_gitlab_report_shape_and_unique_fingerprints(seeds):
    issues = json.loads(render("gitlab", seeds[0]))
    assert len(issues) == len(seeds[0])
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major")
        assert issue["location"]["lines"]["begin"] <= issue["location"]["lines"]["end"]


def test_fast_layout_agrees_with_the_per_character_layout():
    from lint.formats.snippet import SIMPLE_RANGES, cell, layout

    assert all(cell(chr(c), 0) == (chr(c), 1) for a, b in SIMPLE_RANGES for c in range(a, b + 1))
    line = "Putin’s “red line” — déjà vu, Кремль said."
    shown, starts = layout(line)
    assert list(shown) == list(line) and list(starts) == list(range(len(line) + 1))
    wide = "東京 said\tthis"
    shown, starts = layout(wide)
    assert starts[1] == 2 and shown[7] == " " * (8 - starts[7] % 8)


@given(st.text(alphabet=st.sampled_from(list("ab \t’—é東京\u0301\u200b\x07\u2028ｱ😀")), max_size=40))
def test_layout_is_each_character_laid_out_in_turn(line):
    """Laying out only the characters that are not simple gives what laying out every
    character in turn gives: tabs, wide, zero-width and hidden characters anywhere."""
    from lint.formats.snippet import cell, layout

    shown, widths, at = [], [], 0
    for char in line:
        text, width = cell(char, at)
        shown.append(text)
        widths.append(width)
        at += width
    got_shown, got_starts = layout(line)
    assert list(got_shown) == shown
    assert list(got_starts) == [sum(widths[:i]) for i in range(len(line) + 1)]


def test_json_written_piece_by_piece_equals_format_json(seeds):
    import io

    from lint.reporting import ReportWriter

    findings = seeds[0]
    for chunks in ([findings], [findings[:3], [], findings[3:]], [[]]):
        out = io.StringIO()
        writer = ReportWriter("json", out)
        for chunk in chunks:
            writer.add(chunk)
        writer.finish(files=5)
        assert out.getvalue() == render("json", [f for chunk in chunks for f in chunk])


_NUMBERS = st.integers(min_value=0, max_value=10**9)
_EDITS = st.builds(Edit, _NUMBERS, _NUMBERS, st.text(max_size=8), _NUMBERS, _NUMBERS, _NUMBERS, _NUMBERS)
_FINDINGS = st.builds(
    Finding, st.text(max_size=8), st.text(max_size=8), st.sampled_from(["error", "warning", "info"]),
    st.text(max_size=12), _NUMBERS, _NUMBERS, _NUMBERS, _NUMBERS, _NUMBERS, _NUMBERS,
    st.none() | st.builds(Fix, st.sampled_from(["safe", "unsafe"]), st.lists(_EDITS, max_size=3).map(tuple)),
)


@given(st.lists(_FINDINGS, max_size=4))
def test_json_is_json_dumps_of_each_findings_dict(findings):
    """The JSON list is written from a template of the finding's shape: it must be the text
    json.dumps gives for the documented dicts, for any strings, numbers and fixes."""
    expected = json.dumps([finding_to_dict(f) for f in findings], ensure_ascii=False, indent=2) + "\n"
    assert format_json(findings) == expected


def test_full_report_lays_out_a_long_line_once_for_all_its_findings():
    """One 100 KB line with thousands of findings: laying the line out per finding was quadratic."""
    from lint.engine import check_text
    from lint.formats.full import format_full
    from lint.formats.snippet import layout
    from lint.packs import load_rules

    line = "&amp; " * 17000
    findings = check_text(line + "\n", load_rules(), "amp.txt")
    assert len(findings) > 10000
    layout.cache_clear()
    report = format_full(findings, {"amp.txt": [line, ""]})
    assert report.count("^") >= len(findings)
    assert layout.cache_info().misses == 1


def test_fix_descriptions_quote_text_as_json_does():
    from lint.formats.describe import json_string

    every = "".join(chr(code) for code in range(0x110000))  # surrogates too
    assert json_string(every) == json.dumps(every, ensure_ascii=False)
    assert json_string('a "b"\\\n') == '"a \\"b\\"\\\\\\n"'
