"""Provenance of single files: credits, outlets, identifiers, verdicts, vocabularies, CLI."""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SEEDS
from lint.errors import WirelintError
from lint.provenance import analyze, load_vocabulary
from lint.provenance.cli import add_parser, run
from lint.provenance.identifiers import ascii_digits
from lint.provenance.vocab import default_directory

LABELS = yaml.safe_load((SEEDS / "LABELS.yaml").read_text(encoding="utf-8"))


def seed(prefix: str) -> tuple[str, str]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return path.name, path.read_text(encoding="utf-8")


def items(report) -> set[tuple]:
    """(what, name, line) of every credit, outlet and identifier in a report."""
    found = {(c.kind, c.name or c.place, c.span.line) for c in report.credits}
    found |= {(o.role, o.name, o.span.line) for o in report.outlets}
    found |= {(i.kind, i.value, i.span.line) for i in report.identifiers}
    return found


EXPECTED = {
    "000": {("photo", "Anadolu Agency", 5), ("photo", "Getty Images", 5), ("dateline", "WASHINGTON", 7),
            ("photo", "Reuters", 19), ("aggregator", "NewsConcerns", 37)},
    "001": {("contributor", "Associated Press", 33)},
    "002": {("photo", "Reuters", 21), ("photo", "Getty Images", 35)},
    "003": {("dateline", "Washington", 11), ("wire", "Bloomberg", 43), ("publisher", "ThePrint", 52)},
    "004": {("news-code", "1165381", 4)},
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_items_are_exactly_the_expected_ones(prefix):
    name, text = seed(prefix)
    assert items(analyze(text, name)) == EXPECTED[prefix]


@pytest.mark.parametrize("name", sorted(LABELS))
def test_every_labelled_provenance_line_is_reported(name):
    report = analyze((SEEDS / name).read_text(encoding="utf-8"), name)
    lines = {line for _, _, line in items(report)}
    assert set(LABELS[name].get("provenance") or {}) <= lines


def test_columns_point_at_the_name_as_written():
    name, text = seed("000")
    report = analyze(text, name)
    lines = text.split("\n")
    for credit in report.credits:
        written = lines[credit.span.line - 1][credit.span.column - 1:credit.span.end_column - 1]
        assert written == (credit.place if credit.kind == "dateline" else credit.name)
    getty = next(c for c in report.credits if c.name == "Getty Images")
    assert (getty.span.line, getty.span.column, getty.span.end_column) == (5, 18, 30)
    assert getty.text == "Anadolu Agency | Getty Images" and getty.agency_type == "photo"


def test_news_code_digits_are_converted_and_located():
    name, text = seed("004")
    (code,) = analyze(text, name).identifiers
    assert (code.kind, code.value, code.written) == ("news-code", "1165381", "۱۱۶۵۳۸۱")
    assert (code.span.line, code.span.column, code.span.end_column) == (4, 13, 20)


@pytest.mark.parametrize("written, value", [
    ("۱۱۶۵۳۸۱", "1165381"),        # Extended Arabic-Indic (Persian)
    ("١٢٣٤٥٦٧٨٩٠", "1234567890"),  # Arabic-Indic
    ("१२३४", "1234"),              # Devanagari
    ("১৯৭১", "1971"),              # Bengali
    ("１２３", "123"),              # fullwidth
    ("AB-۴۲-x7", "AB-42-x7"),       # letters and ASCII digits stay
])
def test_ascii_digits(written, value):
    assert ascii_digits(written) == value


@pytest.mark.parametrize("prefix, verdict", [("000", "aggregated"), ("001", "original"), ("002", "unknown"),
                                             ("003", "wire"), ("004", "unknown")])
def test_seed_verdicts(prefix, verdict):
    name, text = seed(prefix)
    report = analyze(text, name)
    assert report.verdict.word == verdict
    assert report.verdict.reasons


@pytest.mark.parametrize("text, verdict, reason", [
    ("WASHINGTON (AP) — President Joe Biden will speak with Putin on Thursday.\n\nMore text.\n",
     "wire", "dateline WASHINGTON credits Associated Press (line 1)"),
    ("LONDON, Jan 5 (Reuters) - Britain said on Wednesday it would act.\n\n(Reporting by Jane Doe; Editing by John Roe)\n",
     "wire", "text credited to Reuters (line 3)"),
    ("Body of the story goes on here.\n\nReuters and AFP contributed reporting to this story.\n",
     "original", "Reuters only contributed to the report (line 3)"),
    ("KYIV – Ukraine said on Monday it was ready to talk to Russia.\n",
     "original", "dateline KYIV names no agency (line 1)"),
    ("The minister spoke.\n\n(Except for the headline, this story has not been edited by NDTV staff and is published from a syndicated feed.)\n",
     "wire", "NDTV ran it from a syndicated feed (line 3)"),
    ("Body.\n\n“They stand united,” he said. –Bloomberg\n\nDisclaimer! NewsHub is an automatic aggregator of all media.\n",
     "aggregated", "aggregator NewsHub named in its residue (line 5)"),
    ("A story with no credit at all, in two lines.\nSecond line.\n", "unknown", "no credit line for the text"),
])
def test_verdicts(text, verdict, reason):
    report = analyze(text)
    assert report.verdict.word == verdict
    assert reason in report.verdict.reasons


def test_photo_credits_alone_do_not_credit_the_text():
    report = analyze("Body of the story.\n\nTroops near the border.\nREUTERS\n")
    assert [c.kind for c in report.credits] == ["photo"]
    assert report.verdict.word == "unknown" and not report.credited


def test_mentions_are_not_credits():
    report = analyze("Putin told RIA Novosti on Friday, according to the Associated Press, that talks were over.\n")
    assert report.credits == ()


def test_fix_never_removes_text_credits(shipped_rules):
    from lint import fix_text

    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        before = [(c.kind, c.name, c.place) for c in analyze(text).credits if c.kind != "photo"]
        after = [(c.kind, c.name, c.place) for c in analyze(fix_text(text, shipped_rules, unsafe=True)).credits if c.kind != "photo"]
        assert after == before, path.name


# --- vocabularies -----------------------------------------------------------------


@pytest.fixture
def vocab_copy(tmp_path: Path) -> Path:
    target = tmp_path / "provenance"
    shutil.copytree(default_directory(), target)
    return target


def vocab_error(directory: Path) -> str:
    with pytest.raises(WirelintError) as info:
        load_vocabulary(directory)
    message = str(info.value)
    assert "\n" not in message and str(directory) in message
    return message


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_vocabulary_is_shipped_beside_the_rule_packs():
    vocabulary = load_vocabulary()
    assert Path(vocabulary.directory) == (ROOT / "rules" / "provenance").resolve()
    assert vocabulary.agency("REUTERS").name == "Reuters"
    assert vocabulary.agency("AP").name == "Associated Press"
    assert vocabulary.agency("ap") is None  # short forms match only as written
    for name in ("Associated Press", "Reuters", "Agence France-Presse", "Bloomberg", "United Press International", "dpa",
                 "Xinhua", "TASS", "RIA Novosti", "Anadolu Agency", "EFE", "Kyodo News", "Press Trust of India",
                 "Asian News International", "Indo-Asian News Service"):
        assert any(a.name == name for a in vocabulary.agencies), name


def test_unknown_field_is_one_line_with_a_hint(vocab_copy):
    edit(vocab_copy / "credits.yaml", "    kind: contributor\n", "    kind: contributor\n    pattren: x\n")
    message = vocab_error(vocab_copy)
    assert "credits.yaml:" in message and "'pattren'" in message and "did you mean 'pattern'" in message


def test_failing_example_is_reported(vocab_copy):
    edit(vocab_copy / "identifiers.yaml", 'value: "1165381"', 'value: "1165382"')
    message = vocab_error(vocab_copy)
    assert "news-code" in message and "1165382" in message


def test_bad_regex_and_duplicate_alias_are_reported(vocab_copy, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(vocab_copy, other)
    edit(vocab_copy / "outlets.yaml", "is[^\\S\\n]+doing", "is[^\\S\\n]+(doing")
    assert "does not compile" in vocab_error(vocab_copy)
    edit(other / "agencies.yaml", "aliases: [Bloomberg News, Bloomberg]", "aliases: [Bloomberg News, Reuters]")
    assert "alias 'Reuters' already names 'Reuters'" in vocab_error(other)


def test_python_tags_are_refused(vocab_copy):
    edit(vocab_copy / "reuse.yaml", "description: Duplicate", "description: !!python/object:os.system Duplicate")
    assert "invalid YAML" in vocab_error(vocab_copy)


# --- command line -------------------------------------------------------------------


def harness(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="wirelint")
    commands = parser.add_subparsers(dest="command")
    add_parser(commands)
    return parser.parse_args(["provenance", *argv])


def test_cli_text_lists_every_item_with_its_place(capsys):
    assert run(harness(str(SEEDS))) == 0
    out = capsys.readouterr().out
    for expected in (
        "000_f253b5dd55a6a52b.txt: verdict aggregated: aggregator NewsConcerns",
        "000_f253b5dd55a6a52b.txt:5:1: photo credit Anadolu Agency",
        "000_f253b5dd55a6a52b.txt:5:18: photo credit Getty Images",
        "000_f253b5dd55a6a52b.txt:7:1: dateline WASHINGTON",
        "000_f253b5dd55a6a52b.txt:19:21: photo credit Reuters",
        "000_f253b5dd55a6a52b.txt:37:13: aggregator NewsConcerns",
        "001_2ea0c09a0cab73a9.txt:33:1: contributor credit Associated Press",
        "002_6402ac4a33335a3e.txt:21:1: photo credit Reuters",
        "002_6402ac4a33335a3e.txt:35:1: photo credit Getty Images",
        "003_24a4970a2a272e7e.txt:11:1: dateline Washington",
        "003_24a4970a2a272e7e.txt:43:243: wire credit Bloomberg",
        "003_24a4970a2a272e7e.txt:52:95: publisher ThePrint",
        "004_193422df27e2cc18.txt:4:13: news-code 1165381",
    ):
        assert expected in out, expected
    assert out.splitlines()[-1] == "5 files: 1 aggregated, 1 original, 2 unknown, 1 wire; 0 pairs of files share text, in 0 clusters."


def test_cli_json_shape(capsys):
    assert run(harness("--format", "json", str(SEEDS))) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"files", "reuse", "clusters", "stats", "errors"}
    assert payload["reuse"] == [] and payload["clusters"] == [] and payload["errors"] == [] and payload["stats"]["documents"] == 5
    first = payload["files"][0]
    assert set(first) == {"path", "verdict", "reasons", "credits", "outlets", "identifiers"}
    position = {"line", "column", "end_line", "end_column"}
    assert set(first["credits"][0]) == {"kind", "name", "agency_type", "place", "text", "pattern"} | position
    assert set(first["outlets"][0]) == {"role", "name", "evidence", "pattern"} | position
    code = payload["files"][4]["identifiers"][0]
    assert set(code) == {"kind", "value", "text", "pattern"} | position
    assert (code["value"], code["line"], code["column"]) == ("1165381", 4, 13)


def test_cli_bad_file_is_one_line_and_exit_2_but_the_rest_is_reported(tmp_path, capsys):
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    good = tmp_path / "good.txt"
    good.write_text("WASHINGTON (AP) — The story goes on here with more words.\n", encoding="utf-8")
    assert run(harness("--no-reuse", str(tmp_path / "binary.txt"), str(good), str(tmp_path / "missing.txt"))) == 2
    captured = capsys.readouterr()
    errors = captured.err.strip().splitlines()
    assert len(errors) == 2 and all(line.startswith("wirelint: ") for line in errors)
    assert "good.txt: verdict wire" in captured.out


def test_cli_usage_errors_raise_one_line():
    with pytest.raises(WirelintError, match="--min-words must be at least 1"):
        run(harness("--min-words", "0", str(SEEDS)))


def test_module_entry_point_and_no_numpy_without_reuse():
    code = (
        "import sys; from lint.provenance.cli import main; rc = main(['--no-reuse', sys.argv[1]]);"
        "print('numpy' in sys.modules); sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(SEEDS)], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False"
    result = subprocess.run([sys.executable, "-m", "lint.provenance.cli", "--format", "json", str(SEEDS / "001_2ea0c09a0cab73a9.txt")],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0 and json.loads(result.stdout)["files"][0]["verdict"] == "original"
