"""The GitHub Action's script, run on a local git repository with the installed wirelint."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from conftest import ROOT, SEEDS, wirelint_command

SCRIPT = ROOT / "action" / "run.sh"


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def run_action(repo, **env):
    folder = os.path.dirname(wirelint_command()[0]) if len(wirelint_command()) == 1 else os.path.dirname(sys.executable)
    environment = {**os.environ, "PATH": folder + os.pathsep + os.environ["PATH"], **env}
    return subprocess.run(["bash", str(SCRIPT)], cwd=repo, env=environment, capture_output=True, text=True, timeout=120)


def make_repo(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    git("config", "user.email", "t@example.com", cwd=repo)
    git("config", "user.name", "t", cwd=repo)
    (repo / "old.txt").write_text("A clean article about the harbour wall and the council vote.\n", encoding="utf-8")
    git("add", ".", cwd=repo)
    git("commit", "-qm", "base", cwd=repo)
    base = git("rev-parse", "HEAD", cwd=repo)
    shutil.copy(SEEDS / "004_193422df27e2cc18.txt", repo / "story.txt")
    (repo / "notes.csv").write_text("Leave a Reply\n", encoding="utf-8")
    git("add", ".", cwd=repo)
    git("commit", "-qm", "new story", cwd=repo)
    return repo, base


def test_action_annotates_only_changed_articles_and_writes_sarif(tmp_path):
    repo, base = make_repo(tmp_path)
    result = run_action(repo, WIRELINT_BASE=base, WIRELINT_SARIF="report.sarif")
    assert result.returncode == 1, result.stderr
    assert "::error file=story.txt,line=4," in result.stdout
    assert "old.txt" not in result.stdout and "notes.csv" not in result.stdout
    sarif = json.loads((repo / "report.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]


def test_action_passes_when_no_article_changed(tmp_path):
    repo, _ = make_repo(tmp_path)
    head = git("rev-parse", "HEAD", cwd=repo)
    result = run_action(repo, WIRELINT_BASE=head)
    assert result.returncode == 0 and "no article files" in result.stdout


def test_action_extra_args_are_passed(tmp_path):
    repo, base = make_repo(tmp_path)
    result = run_action(repo, WIRELINT_BASE=base, WIRELINT_ARGS="--fail-on never")
    assert result.returncode == 0 and "::error" in result.stdout


def test_action_checks_files_with_non_ascii_spaces_and_newlines_in_their_names(tmp_path):
    repo, base = make_repo(tmp_path)
    names = ["café überblick.txt", "新闻 稿.txt", "two\nlines.txt"]
    for name in names:
        shutil.copy(SEEDS / "004_193422df27e2cc18.txt", repo / name)
    git("add", ".", cwd=repo)
    git("commit", "-qm", "non-ASCII names", cwd=repo)
    result = run_action(repo, WIRELINT_BASE=base)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "no such file" not in result.stdout + result.stderr
    for name in ("café überblick.txt", "新闻 稿.txt", "story.txt"):
        assert f"::error file={name},line=4," in result.stdout, result.stdout
    everything = run_action(repo, WIRELINT_BASE="")  # no base: every tracked article
    assert "::error file=café überblick.txt,line=4," in everything.stdout
