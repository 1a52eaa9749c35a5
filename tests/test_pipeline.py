"""The run pipeline: per-file ignores are resolved before checking (so they neither report
nor fix), every selection name is checked, and --stdin-filename stands for the path."""
from __future__ import annotations

import json

from conftest import run_wirelint

BODY = "The council met on Monday to vote on the harbour wall and the budget.\n\n"
RESIDUE = "Post a Comment\n"


def project(tmp_path, ignores='"a.txt" = ["residue"]'):
    (tmp_path / "pyproject.toml").write_text(f"[tool.wirelint.per-file-ignores]\n{ignores}\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(BODY + RESIDUE, encoding="utf-8")
    return article


def test_per_file_ignores_keep_fix_from_touching_the_file(tmp_path):
    article = project(tmp_path)
    assert run_wirelint("check", "a.txt", cwd=tmp_path).returncode == 0
    fixed = run_wirelint("check", "--fix", "a.txt", cwd=tmp_path)
    assert fixed.returncode == 0 and b"Fixed" not in fixed.stdout
    assert article.read_text(encoding="utf-8") == BODY + RESIDUE


def test_per_file_ignores_apply_to_diff_and_every_spelling(tmp_path):
    project(tmp_path)
    for spelling in ("a.txt", "./a.txt", str(tmp_path / "a.txt")):
        diff = run_wirelint("check", "--diff", spelling, cwd=tmp_path)
        assert diff.returncode == 0 and diff.stdout == b"", spelling
    elsewhere = run_wirelint("check", "--format", "concise", str(tmp_path / "a.txt"), cwd=tmp_path.parent)
    assert elsewhere.returncode == 0, elsewhere.stdout


def test_per_file_ignores_apply_to_jsonl_records(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.wirelint.per-file-ignores]\n"c.jsonl" = ["residue"]\n', encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": 1, "text": BODY + RESIDUE}) + "\n", encoding="utf-8")
    result = run_wirelint("check", "--jsonl", "--fix", "c.jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert json.loads((tmp_path / "c.fixed.jsonl").read_text(encoding="utf-8"))["text"] == BODY + RESIDUE


def test_a_typo_in_per_file_ignores_is_one_line_naming_where(tmp_path):
    project(tmp_path, '"a.txt" = ["residu"]')
    result = run_wirelint("check", "a.txt", cwd=tmp_path)
    lines = result.stderr.decode().strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1
    assert "per-file-ignores 'a.txt'" in lines[0] and "did you mean 'residue'" in lines[0] and "pyproject.toml" in lines[0]
    flag = run_wirelint("check", "--isolated", "--ignore", "residue/nope", "a.txt", cwd=tmp_path)
    assert flag.returncode == 2 and b"in --ignore" in flag.stderr


def test_stdin_filename_is_shown_and_takes_per_file_ignores(tmp_path):
    project(tmp_path)
    text = (BODY + RESIDUE).encode()
    shown = run_wirelint("check", "--isolated", "--format", "concise", "--stdin-filename", "b.txt", "-", cwd=tmp_path, stdin=text)
    assert shown.returncode == 1 and shown.stdout.startswith(b"b.txt:3:1:")
    ignored = run_wirelint("check", "--stdin-filename", "a.txt", "-", cwd=tmp_path, stdin=text)
    assert ignored.returncode == 0, ignored.stdout
    fixed = run_wirelint("check", "--fix", "--stdin-filename", "a.txt", "-", cwd=tmp_path, stdin=text)
    assert fixed.stdout == text


def test_stdin_filename_finds_that_paths_config(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "wirelint.toml").write_text('ignore = ["residue"]\n', encoding="utf-8")
    text = (BODY + RESIDUE).encode()
    assert run_wirelint("check", "-", cwd=tmp_path, stdin=text).returncode == 1
    assert run_wirelint("check", "--stdin-filename", "sub/x.txt", "-", cwd=tmp_path, stdin=text).returncode == 0


def test_public_check_paths_uses_the_same_settings(tmp_path, monkeypatch):
    import lint
    from lint.config import Flags, build_settings

    article = project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert [r.findings for r in lint.check_paths(["a.txt"])] == [()]
    isolated = build_settings(["a.txt"], Flags(isolated=True))
    (result,) = lint.check_paths(["a.txt"], isolated, fix=True)
    assert result.changed and article.read_text(encoding="utf-8") == BODY.rstrip("\n") + "\n"


def test_template_count_and_reuse_findings_share_one_reuse_pass(tmp_path, monkeypatch):
    from lint.config import Flags, build_settings
    from lint.pipeline import CheckOptions, CheckRun
    from lint.provenance import checks, reuse

    import random

    words = [f"{a}{b}" for a in ("har", "bo", "wal", "sto", "rmi", "cou", "ncil", "vot") for b in ("ed", "ing", "s", "al", "or")]
    for number in range(6):
        pick = random.Random(number).choices
        story = " ".join(" ".join(pick(words, k=12)).capitalize() + "." for _ in range(8))
        (tmp_path / f"a{number}.txt").write_text(f"{story}\n\nWeather, traffic and tides for the whole bay\n",
                                                 encoding="utf-8")
    copy = (tmp_path / "a0.txt").read_text(encoding="utf-8")
    (tmp_path / "copy.txt").write_text(copy, encoding="utf-8")
    calls = []
    real = reuse.find_reuse

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(reuse, "find_reuse", counted)
    monkeypatch.setattr(checks, "find_reuse", counted)

    def rules_of(options: CheckOptions) -> set[str]:
        calls.clear()
        settings = build_settings([str(tmp_path)], Flags(isolated=True))
        run = CheckRun(settings, [str(tmp_path)], options)
        return {f.rule for result in run.results() for f in result.findings}

    found = rules_of(CheckOptions(jobs=1))
    assert {"residue/template-line", "provenance/duplicate-article"} <= found
    assert len(calls) == 1
    assert rules_of(CheckOptions(jobs=1, diff=True)) == found  # same texts: still one pass
    assert len(calls) == 1
