"""The real pre-commit, trying this repository's hooks on a temporary git repository."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SEEDS

PRE_COMMIT = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which("pre-commit")


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (pip install '.[test]')")
def test_try_repo_fails_before_and_passes_after_fix(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.skip("needs the wirelint git checkout")
    repo = tmp_path / "articles"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    git("config", "user.email", "t@example.com", cwd=repo)
    git("config", "user.name", "t", cwd=repo)
    shutil.copy(SEEDS / "004_193422df27e2cc18.txt", repo / "story.txt")
    git("add", "story.txt", cwd=repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}

    def try_repo(hook):
        return subprocess.run(
            [PRE_COMMIT, "try-repo", str(ROOT), hook, "--all-files"],
            cwd=repo, env=env, capture_output=True, timeout=600,
        )

    before = try_repo("wirelint")
    assert before.returncode == 1, before.stdout.decode()[-2000:]
    assert b"residue/news-code" in before.stdout
    fixed = try_repo("wirelint-fix")
    assert fixed.returncode == 1  # files were modified
    assert b"endNewsMessage1" not in (repo / "story.txt").read_bytes()
    git("add", "story.txt", cwd=repo)
    after = try_repo("wirelint")
    assert after.returncode == 0, after.stdout.decode()[-2000:]
