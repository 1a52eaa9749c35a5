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


def _pair_texts(count: int) -> dict[str, str]:
    """``count`` pairs of articles, each pair sharing one long paragraph no other file has."""
    import random

    rng = random.Random(13)
    vocabulary = [f"{a}{b}" for a in ("har", "coun", "mar", "tel", "ves", "bor", "lin", "pra") for b in ("bour", "cil", "ket", "ter", "sel", "der", "den", "ise")]

    def paragraph(words: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(words)).capitalize() + "."

    texts = {}
    for pair in range(count):
        shared = paragraph(80)
        for side in ("a", "b"):
            texts[f"story_{pair}{side}.txt"] = f"{paragraph(40)}\n\n{shared}\n\n{paragraph(40)}\n"
    return texts


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (pip install '.[test]')")
def test_hook_finds_the_same_reuse_as_one_run_however_pre_commit_would_batch(tmp_path):
    """The hooks are serial: pre-commit would otherwise split the files over processes and the
    cross-file reuse rules would see only the files of their own batch."""
    from conftest import run_wirelint

    if not (ROOT / ".git").exists():
        pytest.skip("needs the wirelint git checkout")
    repo = tmp_path / "articles"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    texts = _pair_texts(6)
    for name, text in texts.items():
        (repo / name).write_text(text, encoding="utf-8")
    git("add", ".", cwd=repo)
    single = run_wirelint("check", *sorted(texts), cwd=repo)
    expected = {line for line in single.stdout.decode().splitlines() if "provenance/" in line}
    assert {line.split(":")[0] for line in expected} == set(texts)  # every file reuses its pair's paragraph
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("PRE_COMMIT_NO_CONCURRENCY", None)
    hook = subprocess.run(
        [PRE_COMMIT, "try-repo", str(ROOT), "wirelint", "--all-files"],
        cwd=repo, env=env, capture_output=True, timeout=600,
    )
    got = {line for line in hook.stdout.decode().splitlines() if "provenance/" in line}
    assert got == expected, hook.stdout.decode()[-3000:]
