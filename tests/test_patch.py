"""--diff is a faithful patch: the real ``patch`` program applied to it reproduces --fix byte for byte."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_wirelint
from strategies import articles, run_file, shipped_rules

from lint.patch import NO_NEWLINE, patch_lines, unified_diff

PATCH = shutil.which("patch")
needs_patch = pytest.mark.skipif(PATCH is None, reason="needs the patch program")


def apply_patch(folder: Path, diff: str) -> None:
    result = subprocess.run(
        [PATCH, "-p1", "-s", "--no-backup-if-mismatch", "-r", "-"], cwd=folder, input=diff.encode("utf-8"),
        capture_output=True, timeout=60,
    )
    assert result.returncode == 0, (result.stdout + result.stderr).decode(errors="replace") + "\n" + diff


def test_lines_are_cut_after_newlines_only():
    assert patch_lines("a\fb\x0bc\u2028d\r\ne") == ["a\fb\x0bc\u2028d\r\n", "e"]
    assert patch_lines("") == [] and patch_lines("x\n") == ["x\n"]


def test_missing_final_newline_is_marked_on_both_sides():
    diff = unified_diff(["a\n", "b"], ["a\n", "c"], "a/x", "b/x")
    assert diff == f"--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n{NO_NEWLINE}+c\n{NO_NEWLINE}"
    assert unified_diff(["a\n"], ["a\n"], "a/x", "b/x") == ""
    assert "@@ -0,0 +1 @@" in unified_diff([], ["a\n"], "a/x", "b/x")


def _check_round_trip(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "fixed").mkdir()
        (root / "patched").mkdir()
        (root / "fixed" / "story.txt").write_bytes(data)
        (root / "patched" / "story.txt").write_bytes(data)
        rules = shipped_rules()
        shown = run_file(root / "patched" / "story.txt", rules, diff=True)
        fixed = run_file(root / "fixed" / "story.txt", rules, fix=True)
        if shown.error is not None:
            assert fixed.error is not None
            return
        expected = (root / "fixed" / "story.txt").read_bytes()
        if not shown.diff:
            assert expected == data
            return
        diff = shown.diff.replace(f"a/{root / 'patched' / 'story.txt'}", "a/story.txt")
        diff = diff.replace(f"b/{root / 'patched' / 'story.txt'}", "b/story.txt")
        apply_patch(root / "patched", diff)
        assert (root / "patched" / "story.txt").read_bytes() == expected


@needs_patch
@given(
    articles(),
    st.sampled_from(("\n", "\r\n", "\r")),
    st.sampled_from((b"", b"\xef\xbb\xbf")),
    st.lists(st.sampled_from(("\f", "\x0b", "\u2028", "\u2029", "\x85", "\x1c")), max_size=3),
)
def test_patch_applied_to_the_diff_gives_the_fixed_file(text, newline, bom, breakers):
    for breaker in breakers:
        middle = len(text) // 2
        text = text[:middle] + breaker + text[middle:]
    if text.startswith("\ufeff"):
        text = text.lstrip("\ufeff")
    _check_round_trip(bom + text.replace("\n", newline).encode("utf-8"))


@needs_patch
@pytest.mark.parametrize("data", [
    b"Body of the story, with enough words in it to be kept by the guard.\r\n\r\nShare this article\r\n\r\nPost a Comment",
    b"Body of the story, with enough words in it to be kept.\n\nPost a Comment\n\nMore body\x0cwith a form feed and\xe2\x80\xa8a line separator.  ",
    b"Body\xc2\xa0of the story, long enough to keep.\n\nAdvertisement\n\nEnd of the story, with no final newline",
])
def test_cli_diff_applies_with_patch(tmp_path, data):
    (tmp_path / "fixed").mkdir()
    (tmp_path / "patched").mkdir()
    for side in ("fixed", "patched"):
        (tmp_path / side / "story.txt").write_bytes(data)
    diff = run_wirelint("check", "--diff", "story.txt", cwd=tmp_path / "patched")
    assert diff.stdout.startswith(b"--- a/story.txt\n+++ b/story.txt\n"), diff.stdout + diff.stderr
    run_wirelint("check", "--fix", "story.txt", cwd=tmp_path / "fixed")
    apply_patch(tmp_path / "patched", diff.stdout.decode("utf-8"))
    fixed = (tmp_path / "fixed" / "story.txt").read_bytes()
    assert fixed != data and (tmp_path / "patched" / "story.txt").read_bytes() == fixed


def test_other_encodings_say_the_diff_will_not_apply(tmp_path):
    story = tmp_path / "story.txt"
    story.write_bytes("Body of the story in Zürich, long enough.\n\nAdvertisement\n".encode("utf-16"))
    diff = run_wirelint("check", "--diff", "story.txt", cwd=tmp_path).stdout.decode("utf-8")
    assert diff.startswith("# wirelint: story.txt is encoded as utf-16") and "-Advertisement\n" in diff


@needs_patch
@pytest.mark.parametrize("name", ["café story.txt", 'we"ird\\name.txt', "tab\there.txt", "new\nline.txt", "新闻.txt"])
def test_diff_of_a_file_with_an_awkward_name_applies(tmp_path, name):
    data = b"Body of the story, with enough words in it to be kept by the guard.\n\nPost a Comment\n"
    for side in ("fixed", "patched"):
        (tmp_path / side).mkdir()
        (tmp_path / side / name).write_bytes(data)
    diff = run_wirelint("check", "--diff", "--", name, cwd=tmp_path / "patched").stdout.decode("utf-8")
    run_wirelint("check", "--fix", "--", name, cwd=tmp_path / "fixed")
    apply_patch(tmp_path / "patched", diff)
    assert (tmp_path / "patched" / name).read_bytes() == (tmp_path / "fixed" / name).read_bytes() != data
