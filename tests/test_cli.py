"""End-to-end: the installed console script on real files in a temporary directory."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from conftest import ROOT, SEEDS, run_wirelint


def test_check_seeds_reports_locations_and_fails(tmp_path):
    result = run_wirelint("check", str(SEEDS), cwd=tmp_path)
    out = result.stdout.decode()
    assert result.returncode == 1
    assert re.search(r"^.*004_193422df27e2cc18\.txt:4:1: error residue/news-code ", out, re.M)
    assert re.search(r"^.*001_2ea0c09a0cab73a9\.txt:35:1: error residue/comment-widget ", out, re.M)
    assert "Found " in out.splitlines()[-1]


def test_fix_then_fix_again_changes_nothing(seeds_copy):
    first = run_wirelint("check", "--fix", str(seeds_copy))
    assert first.returncode == 1 and b"Fixed " in first.stdout
    snapshot = {p.name: p.read_bytes() for p in seeds_copy.iterdir()}
    second = run_wirelint("check", "--fix", "--severity", "error", str(seeds_copy))
    assert second.returncode == 0, second.stdout.decode()
    assert {p.name: p.read_bytes() for p in seeds_copy.iterdir()} == snapshot


def test_json_has_exactly_the_documented_keys():
    result = run_wirelint("check", "--format", "json", str(SEEDS / "002_6402ac4a33335a3e.txt"))
    findings = json.loads(result.stdout)
    assert findings
    for finding in findings:
        assert set(finding) == {"path", "rule", "severity", "message", "line", "column", "end_line", "end_column", "fix"}
        if finding["fix"] is not None:
            assert finding["fix"]["applicability"] in ("safe", "unsafe")
            for edit in finding["fix"]["edits"]:
                assert set(edit) == {"line", "column", "end_line", "end_column", "content"}


def test_diff_writes_nothing(seeds_copy):
    before = {p.name: p.read_bytes() for p in seeds_copy.iterdir()}
    result = run_wirelint("check", "--diff", str(seeds_copy))
    assert result.returncode == 1
    assert b"-Leave A Reply" in result.stdout
    assert {p.name: p.read_bytes() for p in seeds_copy.iterdir()} == before


def test_stdin_fix_prints_fixed_text():
    result = run_wirelint("check", "--fix", "-", stdin=b"Body text here.\r\n\r\nPost a Comment\r\n")
    assert result.stdout == b"Body text here.\r\n"
    assert result.returncode == 1


def test_broken_pack_is_one_error_line_and_exit_2(tmp_path):
    pack = tmp_path / "bad.yaml"
    pack.write_text("name: bad\ndescription: x\nrules:\n  - id: bad/x\n    kind: pattern\n    patern: 'x'\n", encoding="utf-8")
    result = run_wirelint("check", "--rules", str(pack), str(SEEDS))
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1
    assert "bad.yaml:4: rule 'bad/x': unknown field 'patern' (did you mean 'pattern'?)" in lines[0]


def test_missing_path_is_reported_and_other_files_still_checked(tmp_path):
    result = run_wirelint("check", str(tmp_path / "nope.txt"), str(SEEDS / "004_193422df27e2cc18.txt"))
    assert result.returncode == 2
    assert b"nope.txt: no such file or directory" in result.stderr
    assert b"residue/news-code" in result.stdout


def test_rules_and_rule_explain():
    listing = run_wirelint("rules")
    assert listing.returncode == 0 and b"residue/comment-widget" in listing.stdout
    explained = run_wirelint("rule", "residue/end-marker")
    assert explained.returncode == 0
    assert b"Matches:" in explained.stdout and b"endNewsMessage1" in explained.stdout
    assert run_wirelint("rule", "residue/nope").returncode == 2


def test_readme_rule_example_works(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(# my-rules\.yaml\n.*?)```", readme, re.S).group(1)
    (tmp_path / "my-rules.yaml").write_text(block, encoding="utf-8")
    article = tmp_path / "articles" / "a.txt"
    article.parent.mkdir()
    body = "The council met on Monday and voted to rebuild the old harbour wall before winter.\n"
    article.write_text(body + "\nDownload our app for the latest news\n", encoding="utf-8")
    result = run_wirelint("check", "--rules", "my-rules.yaml", "--select", "house", "articles/", cwd=tmp_path)
    assert result.returncode == 1
    assert b"articles/a.txt:3:1: error house/partner-footer partner footer line" in result.stdout
    assert run_wirelint("check", "--fix", "--rules", "my-rules.yaml", "articles/", cwd=tmp_path).returncode == 1
    assert article.read_text(encoding="utf-8") == body


def test_readme_rule_reference_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    generated = run_wirelint("rules", "--format", "markdown", "--isolated")
    assert generated.returncode == 0
    assert table == generated.stdout.decode(), "README rule table is stale: regenerate with `wirelint rules --format markdown`"


def test_check_flags_uncredited_reuse_across_files(tmp_path):
    original = (SEEDS / "003_24a4970a2a272e7e.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in original.split("\n\n") if len(p) > 200 and "Bloomberg" not in p]
    copy = "\n\n".join(p.replace("said", "told reporters") for p in paragraphs[:5]) + "\n"
    (tmp_path / "original.txt").write_text(original, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(copy, encoding="utf-8")
    result = run_wirelint("check", "--format", "concise", "--select", "provenance", str(tmp_path))
    out = result.stdout.decode()
    assert result.returncode == 1, result.stderr
    assert "copy.txt:1:1: warning provenance/uncredited-reuse" in out
    assert not [line for line in out.splitlines() if line.startswith(str(tmp_path / "original.txt"))]
    quiet = run_wirelint("check", "--format", "concise", "--select", "provenance", "--ignore", "provenance/uncredited-reuse", str(tmp_path))
    assert b"uncredited-reuse" not in quiet.stdout


WITHOUT_RE2 = """
import sys
sys.modules["re2"] = None  # as on a platform without a google-re2 wheel
from lint.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_without_google_re2_verbose_says_so_once_and_the_findings_are_the_same(tmp_path):
    files = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    args = ["check", "--isolated", "--format", "json", "--jobs", "1", *files]
    normal = run_wirelint(*args, "--verbose")
    assert normal.stderr.decode().count("the prefilter is on") == 1
    bare = [sys.executable, "-c", WITHOUT_RE2, *args]
    told = subprocess.run([*bare, "--verbose"], capture_output=True, cwd=tmp_path, timeout=120)
    quiet = subprocess.run(bare, capture_output=True, cwd=tmp_path, timeout=120)
    assert told.returncode == quiet.returncode == normal.returncode == 1, told.stderr.decode()
    assert json.loads(told.stdout) == json.loads(quiet.stdout) == json.loads(normal.stdout)
    assert told.stderr.decode().count("google-re2 is not installed") == 1
    assert "google-re2" not in quiet.stderr.decode()


ONE_FILE_IMPORTS = """
import sys
from lint.cli import main
code = main(["check", "--isolated", sys.argv[1]])
sys.stdout.flush()
print(" ".join(sorted(sys.modules)), file=sys.stderr)
sys.exit(code)
"""


def test_a_one_file_check_imports_only_what_it_uses(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("A short story about the council.\n\nAdvertisement\n", encoding="utf-8")
    env = {**os.environ, "WIRELINT_CACHE_DIR": str(tmp_path / "cache")}
    run = [sys.executable, "-c", ONE_FILE_IMPORTS, str(one)]
    subprocess.run(run, capture_output=True, timeout=120, env=env)  # fills the rule cache
    done = subprocess.run(run, capture_output=True, timeout=120, env=env)
    assert done.returncode == 1, done.stderr.decode()
    loaded = set(done.stderr.decode().split("\n")[-2].split())
    assert "lint.engine" in loaded and "lint.formats.full" in loaded  # what it does use
    unused = {"multiprocessing", "concurrent.futures", "xml.etree.ElementTree", "lint.formats.junit",
              "lint.formats.sarif", "lint.formats.html", "lint.patch", "re2", "yaml", "ftfy",
              "dataclasses", "inspect", "tempfile", "random", "difflib", "lint.baseline",  # records, writes, errors
              "shutil", "json",  # argparse's terminal width; JSON records and fix texts
              "pathlib", "hashlib", "hmac", "_hashlib",  # the rule cache: os.path, BLAKE2b
              "lint.provenance.cli", "lint.provenance.templates_cli", "lint.distributed.cli", "lint.report.command"}
    assert loaded & unused == set()
