"""The bad-input matrix: every bad path or file is one error line naming it, and the rest runs.

Each case runs the real console script in a temporary directory next to a good article,
and checks the exit code, that each error is a single stderr line naming the file, and
that the good article was still checked (and fixed). Races and full disks are simulated
in-process with monkeypatching; permission cases drop the root's DAC capabilities in the
child process so that file modes apply even though the tests run as root.
"""
from __future__ import annotations

import codecs
import ctypes
import errno
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run_wirelint, wirelint_command
from lint.source import decode_article

BODY = (
    "The council met on Monday and voted to rebuild the harbour wall before winter.\n\n"
    "Officials said work would start in March and take two years to finish.\n"
)
RESIDUE = "\nAdvertisement\n"
GOOD_FINDING = "good.txt:5:1: error residue/advertisement"


def good_file(directory: Path) -> Path:
    path = directory / "good.txt"
    path.write_text(BODY + RESIDUE, encoding="utf-8")
    return path


def check(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return run_wirelint("check", "--isolated", "--format", "concise", *args, cwd=cwd)


def error_lines(result: subprocess.CompletedProcess) -> list[str]:
    lines = result.stderr.decode("utf-8", "replace").splitlines()
    assert "Traceback" not in result.stderr.decode("utf-8", "replace"), result.stderr.decode()
    return [line for line in lines if line.strip()]


def assert_one_error(result: subprocess.CompletedProcess, name: str, *fragments: str) -> str:
    """Exactly one stderr line names ``name``; it starts with 'wirelint: ' and has the fragments."""
    lines = error_lines(result)
    naming = [line for line in lines if name in line]
    assert len(naming) == 1, lines
    assert naming[0].startswith("wirelint: ")
    for fragment in fragments:
        assert fragment.lower() in naming[0].lower(), naming[0]
    return naming[0]


def assert_good_checked(result: subprocess.CompletedProcess) -> None:
    assert GOOD_FINDING in result.stdout.decode("utf-8", "replace"), result.stdout.decode()


# --------------------------------------------------------------------------------------
# Paths


def test_missing_paths(tmp_path):
    good_file(tmp_path)
    result = check("missing.txt", "nowhere/", "good.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert_one_error(result, "missing.txt", "no such file or directory")
    assert_one_error(result, "nowhere", "no such file or directory")
    assert_good_checked(result)


def test_directory_without_article_files(tmp_path):
    good_file(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "table.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "data" / ".hidden.txt").write_text("x\n", encoding="utf-8")
    result = check("data", "good.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert_one_error(result, "data", "no article files")
    assert_good_checked(result)


def test_empty_directory(tmp_path):
    good_file(tmp_path)
    (tmp_path / "empty").mkdir()
    result = check("empty", "good.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert_one_error(result, "empty", "no article files")
    assert_good_checked(result)


# --------------------------------------------------------------------------------------
# Permissions. Tests run as root, whom file modes do not stop; the child drops the
# capabilities that let root ignore them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) from its
# bounding set before exec, so it meets modes as any user would.

PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def _drop_dac_capabilities() -> None:  # runs in the child between fork and exec
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def check_as_user(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``wirelint check`` for which file modes apply (root drops its DAC capabilities)."""
    command = [*wirelint_command(), "check", "--isolated", "--format", "concise", *args]
    env = {**os.environ, "NO_COLOR": "1"}
    if os.geteuid() != 0:
        return subprocess.run(command, cwd=cwd, capture_output=True, timeout=120, env=env)
    try:
        return subprocess.run(command, cwd=cwd, capture_output=True, timeout=120, env=env, preexec_fn=_drop_dac_capabilities)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"running as root and cannot drop CAP_DAC_OVERRIDE to make file modes apply: {exc}")


def test_unreadable_file(tmp_path):
    good_file(tmp_path)
    locked = tmp_path / "locked.txt"
    locked.write_text("Secret body.\n", encoding="utf-8")
    locked.chmod(0)
    result = check_as_user("locked.txt", "good.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert_one_error(result, "locked.txt", "permission denied")
    assert_good_checked(result)


def test_unreadable_file_simulated_in_process(tmp_path, monkeypatch, capsys):
    """The same without capabilities: opening the file raises PermissionError."""
    import builtins

    import lint.source
    from lint.cli import main

    good_file(tmp_path)
    locked = tmp_path / "locked.txt"
    locked.write_text("Secret body.\n", encoding="utf-8")
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        if str(file).endswith("locked.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(lint.source, "open", guarded_open, raising=False)
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--isolated", "--quiet", "--format", "concise", "-j", "1", "locked.txt", "good.txt"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.strip().splitlines() == ["wirelint: locked.txt: permission denied"]
    assert GOOD_FINDING in captured.out


def test_unreadable_directory_is_an_error(tmp_path):
    good_file(tmp_path)
    (tmp_path / "articles" / "locked").mkdir(parents=True)
    (tmp_path / "articles" / "open.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "articles" / "locked" / "hidden.txt").write_text(BODY + RESIDUE, encoding="utf-8")
    (tmp_path / "articles" / "locked").chmod(0)
    try:
        result = check_as_user("articles", "good.txt", cwd=tmp_path)
    finally:
        (tmp_path / "articles" / "locked").chmod(0o755)
    assert_good_checked(result)
    assert result.returncode == 2
    assert_one_error(result, "locked", "permission denied")


def test_read_only_file_under_fix_as_a_user(tmp_path):
    good = good_file(tmp_path)
    readonly = tmp_path / "readonly.txt"
    readonly.write_text(BODY + RESIDUE, encoding="utf-8")
    readonly.chmod(0o444)
    result = check_as_user("--fix", "readonly.txt", "good.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert_one_error(result, "readonly.txt", "read-only")
    assert readonly.read_text(encoding="utf-8") == BODY + RESIDUE
    assert stat.S_IMODE(readonly.stat().st_mode) == 0o444
    assert good.read_text(encoding="utf-8") == BODY  # the other file was fixed


def test_read_only_directory_under_fix_keeps_the_original(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text(BODY + RESIDUE, encoding="utf-8")
    good = good_file(tmp_path)
    folder.chmod(0o555)
    try:
        result = check_as_user("--fix", "ro/a.txt", "good.txt", cwd=tmp_path)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2
    assert_one_error(result, "a.txt", "original left intact")
    assert article.read_text(encoding="utf-8") == BODY + RESIDUE
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]
    assert good.read_text(encoding="utf-8") == BODY


def test_read_only_file_under_fix_as_root(tmp_path):
    """Root may write anything, but a 0444 file is still refused (not replaced by rename)."""
    readonly = tmp_path / "readonly.txt"
    readonly.write_text(BODY + RESIDUE, encoding="utf-8")
    readonly.chmod(0o444)
    result = check("--fix", "readonly.txt", cwd=tmp_path)
    assert readonly.read_text(encoding="utf-8") == BODY + RESIDUE
    assert result.returncode == 2
    assert_one_error(result, "readonly.txt", "read-only")


# --------------------------------------------------------------------------------------
# Contents: binary, NUL bytes, encodings, newlines, empty files


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
        (b"Body text.\x00\nMore text.\n", "NUL"),
        (b"\x00" * 64, "binary"),
        (bytes(range(256)) * 4, "binary"),
        (codecs.BOM_UTF8 + b"Caf\xe9 au lait.\n", "cannot decode as utf-8"),
        (codecs.BOM_UTF16_LE + "Body.\x00\n".encode("utf-16-le"), "NUL"),
    ],
    ids=["png", "nul-in-text", "all-nul", "all-bytes", "bom-then-invalid", "utf16-with-nul"],
)
def test_binary_and_undecodable_files(tmp_path, data, fragment):
    good_file(tmp_path)
    (tmp_path / "bad.txt").write_bytes(data)
    result = check("--fix", "bad.txt", "good.txt", cwd=tmp_path)
    assert result.returncode == 2
    line = assert_one_error(result, "bad.txt")
    assert fragment.lower() in line.lower()
    assert (tmp_path / "bad.txt").read_bytes() == data


@pytest.mark.parametrize(
    "data",
    [
        b"Caf\xe9 \x81\x8d\x8f\x90\x9d\n",
        bytes(range(128, 256)),
        b"\xff" * 40,
        b"Body \xc3\x28 text \xa0\xa1 and \xf0\x28\x8c\xbc more.\n",
    ],
    ids=["undefined-cp1252", "high-bytes", "all-ff", "broken-sequences"],
)
def test_invalid_utf8_is_decoded_byte_exactly_or_refused_in_one_line(tmp_path, data):
    good_file(tmp_path)
    (tmp_path / "bad.txt").write_bytes(data)
    result = check("--fix", "bad.txt", "good.txt", cwd=tmp_path)
    assert (tmp_path / "good.txt").read_text(encoding="utf-8") == BODY
    if result.returncode == 2:
        assert_one_error(result, "bad.txt")
        assert (tmp_path / "bad.txt").read_bytes() == data
    else:
        assert "bad.txt:1:1: info wirelint/source-encoding" in result.stdout.decode()
        after = (tmp_path / "bad.txt").read_bytes()
        decode_article(after, "bad.txt")  # still readable after --fix


def test_utf8_file_with_one_bad_byte_is_not_transcoded_by_fix(tmp_path):
    body = ("Zelenskyy’s office said the call lasted 50 minutes and ended well. " * 20).encode("utf-8")
    data = body + b"\xe2\x80 end.\n"
    (tmp_path / "almost.txt").write_bytes(data)
    check("--fix", "almost.txt", cwd=tmp_path)
    after = (tmp_path / "almost.txt").read_bytes()
    assert after.count("’".encode("utf-8")) == 20, after[:80]


def test_fix_the_encoding_cannot_hold_is_an_error_naming_the_file(tmp_path):
    good_file(tmp_path)
    base = "Le président a déclaré à la presse que la réunion était terminée. " * 6
    data = base.encode("latin-1") + b"\x81 Putin\xe2\x80\x99s call.\n"  # chardet: ISO-8859-15; ftfy makes a ’
    (tmp_path / "legacy.txt").write_bytes(data)
    result = check("--fix", "legacy.txt", "good.txt", cwd=tmp_path)
    assert (tmp_path / "legacy.txt").read_bytes() == data
    assert (tmp_path / "good.txt").read_text(encoding="utf-8") == BODY
    assert result.returncode == 2
    assert_one_error(result, "legacy.txt", "cannot hold")


ARTICLE = (
    "Le président a déclaré à la presse que la réunion était terminée.\n\n"
    "“We will not accept it,” the minister said – again, on Tuesday.\n\n"
    "Officials said the talks would resume in Geneva next week, according to a statement.\n"
)


@pytest.mark.parametrize(
    "encoding, bom, text",
    [
        ("utf-16-le", codecs.BOM_UTF16_LE, ARTICLE),
        ("utf-16-be", codecs.BOM_UTF16_BE, ARTICLE),
        ("utf-32-le", codecs.BOM_UTF32_LE, ARTICLE),
        ("utf-32-be", codecs.BOM_UTF32_BE, ARTICLE),
        ("utf-16-le", b"", ARTICLE),
        ("utf-16-be", b"", ARTICLE),
        ("utf-32-le", b"", ARTICLE),
        ("utf-32-be", b"", ARTICLE),
        ("utf-8", codecs.BOM_UTF8, ARTICLE),
        ("cp1252", b"", ARTICLE),
        ("latin-1", b"", ARTICLE.replace("“", '"').replace("”", '"').replace("–", "-")),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_encodings_are_checked_and_kept_by_fix(tmp_path, encoding, bom, text, newline):
    data = bom + (text + RESIDUE).replace("\n", newline).encode(encoding)
    article = tmp_path / "a.txt"
    article.write_bytes(data)
    result = check("--fix", "a.txt", cwd=tmp_path)
    assert result.returncode == 1, result.stderr.decode()
    assert error_lines(result) == []
    fixed = article.read_bytes()
    assert fixed == bom + text.replace("\n", newline).encode(encoding)
    if encoding not in ("utf-8",):
        assert b"wirelint/source-encoding" in result.stdout


@pytest.mark.parametrize(
    "encoding, text",
    [
        ("utf-16-le", "Президент заявил, что переговоры продолжатся в среду.\n" * 4),
        ("utf-16-le", "政府周二宣布了新的措施，以应对能源危机。\n" * 4),
        ("utf-32-be", "Президент заявил, что переговоры продолжатся в среду.\n" * 4),
    ],
    ids=["cyrillic-utf16", "chinese-utf16", "cyrillic-utf32"],
)
def test_bomless_wide_encodings_of_non_latin_text(tmp_path, encoding, text):
    """Without a BOM only mostly-Latin UTF-16/32 is recognised: others are refused, in one line."""
    good_file(tmp_path)
    data = text.encode(encoding)
    (tmp_path / "wide.txt").write_bytes(data)
    result = check("--fix", "wide.txt", "good.txt", cwd=tmp_path)
    if result.returncode == 2:
        assert_one_error(result, "wide.txt")
        assert (tmp_path / "wide.txt").read_bytes() == data
    else:
        assert decode_article((tmp_path / "wide.txt").read_bytes()).text == text
    assert (tmp_path / "good.txt").read_text(encoding="utf-8") == BODY


def test_mixed_newlines(tmp_path):
    clean = tmp_path / "clean.txt"
    clean_data = BODY.replace("\n", "\r\n", 2).encode("utf-8")
    clean.write_bytes(clean_data)
    dirty = tmp_path / "dirty.txt"
    dirty.write_bytes((BODY + RESIDUE).replace("\n", "\r\n", 3).encode("utf-8"))
    before = clean.stat()
    result = check("--fix", "clean.txt", "dirty.txt", cwd=tmp_path)
    assert result.returncode == 1 and error_lines(result) == []
    assert clean.read_bytes() == clean_data  # nothing to fix: not written, not normalised
    assert clean.stat().st_mtime_ns == before.st_mtime_ns
    fixed = dirty.read_bytes()  # fixed: written in the dominant style (CRLF here)
    assert fixed == BODY.replace("\n", "\r\n").encode("utf-8")


def test_empty_and_blank_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8)
    (tmp_path / "newline.txt").write_bytes(b"\n")
    result = check("--fix", "empty.txt", "bom.txt", "newline.txt", cwd=tmp_path)
    assert error_lines(result) == []
    assert (tmp_path / "empty.txt").read_bytes() == b""
    assert (tmp_path / "bom.txt").read_bytes() == codecs.BOM_UTF8
    assert result.returncode in (0, 1)


# --------------------------------------------------------------------------------------
# Big inputs: bounded memory, no quadratic blow-up

MEASURE = """
import resource, subprocess, sys, time
start = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True)
elapsed = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
sys.stdout.write(f"{done.returncode} {elapsed} {peak}\\n")
sys.stdout.buffer.write(done.stdout[-2000:])
sys.stderr.buffer.write(done.stderr[-2000:])
"""


def measured(args: list[str], cwd: Path) -> tuple[int, float, int, str, str]:
    """Exit code, seconds, peak RSS in bytes, stdout tail and stderr tail of a wirelint run."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *wirelint_command(), "check", "--isolated", "-j", "1", "--format", "concise", *args],
        cwd=cwd, capture_output=True, timeout=600, env={**os.environ, "NO_COLOR": "1"},
    )
    head, _, out = done.stdout.decode("utf-8", "replace").partition("\n")
    code, seconds, peak = head.split()
    return int(code), float(seconds), int(peak), out, done.stderr.decode("utf-8", "replace")


def test_200_mb_sparse_file_is_refused_with_bounded_memory(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:  # sparse: a hole, no disk blocks
        handle.truncate(200 * 1024 * 1024)
    good_file(tmp_path)
    code, seconds, peak, out, err = measured(["big.txt", "good.txt"], tmp_path)
    assert code == 2
    assert "big.txt: binary file" in err and len([l for l in err.splitlines() if "big.txt" in l]) == 1
    assert GOOD_FINDING in out
    assert peak < 3 * 200 * 1024 * 1024, f"peak RSS {peak / 2**20:.0f} MB for a 200 MB file"
    assert seconds < 30


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("WIRELINT_SLOW"), reason="200 MB of text takes about a minute and GBs of memory; set WIRELINT_SLOW=1")
def test_200_mb_article_text_with_bounded_memory(tmp_path):
    sentences = [s for s in BODY.split("\n") if s]
    big = tmp_path / "big.txt"
    with open(big, "w", encoding="utf-8") as handle:  # distinct paragraphs, as in a real corpus dump
        number = 0
        while handle.tell() < 200 * 1024 * 1024:
            handle.write(f"Paragraph {number}: {sentences[number % 2]} {sentences[(number + 1) % 2]}\n\n")
            number += 1
        handle.write("Advertisement\n")
    size = big.stat().st_size
    code, seconds, peak, out, err = measured(["big.txt"], tmp_path)
    assert code == 1, err
    assert "error residue/advertisement" in out
    print(f"200 MB article: {seconds:.0f} s, peak RSS {peak / 2**20:.0f} MB")
    assert peak < 12 * size, f"peak RSS {peak / 2**20:.0f} MB for a {size / 2**20:.0f} MB file"
    assert seconds < 180


def test_5_mb_single_line(tmp_path):
    sentence = "The minister said the talks would resume next week in Geneva. "
    line = (sentence * (5 * 1024 * 1024 // len(sentence)))
    text = line + "Then 😀\u00a0it ended.\n"
    (tmp_path / "line.txt").write_text(text, encoding="utf-8")
    column = len(line) + len("Then 😀") + 1
    code, seconds, peak, out, err = measured(["line.txt"], tmp_path)
    assert code == 1, err
    assert f"line.txt:1:{column}: warning encoding/nbsp" in out
    assert "rule-timeout" not in out
    assert seconds < 20 and peak < 400 * 1024 * 1024, (seconds, peak)
    code, seconds, peak, out, err = measured(["--fix", "line.txt"], tmp_path)
    assert code == 1 and err.strip() == "", err
    assert (tmp_path / "line.txt").read_text(encoding="utf-8") == line + "Then 😀 it ended.\n"
    assert seconds < 30 and peak < 400 * 1024 * 1024, (seconds, peak)


QUADRATIC = """
import sys, time
from lint.fixes import fix_text
from lint.packs import load_rules
rules = load_rules()
body = "\\n\\n".join(f"Paragraph {i} of the story says the council met and voted to rebuild the wall." for i in range(400))
text = body + "\\n" * int(sys.argv[1]) + "Closing paragraph of the story.\\n\\nAdvertisement\\n"
start = time.monotonic()
outcome = fix_text(text, rules)
print(time.monotonic() - start, outcome.refused is None and outcome.text.endswith("story.\\n"))
"""


def test_long_run_of_blank_lines_before_trailing_residue_is_not_quadratic():
    try:
        done = subprocess.run([sys.executable, "-c", QUADRATIC, "20000"], capture_output=True, timeout=2.5)
    except subprocess.TimeoutExpired:
        pytest.fail("fixing 20,000 blank lines and a trailing residue line took more than 2.5 s")
    seconds, ok = done.stdout.split()
    assert ok == b"True" and float(seconds) < 1.0


# --------------------------------------------------------------------------------------
# Symbolic links


def test_symlink_loops(tmp_path):
    good_file(tmp_path)
    folder = tmp_path / "articles" / "sub"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(BODY + RESIDUE, encoding="utf-8")
    (folder / "up").symlink_to("..")
    (folder / "self.txt").symlink_to("self.txt")
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    result = check("articles", "loop.txt", "good.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert_one_error(result, "up", "symlink loop")
    assert_one_error(result, "self.txt")
    assert_one_error(result, "loop.txt", "symbolic link")
    assert "articles/sub/a.txt:5:1: error residue/advertisement" in result.stdout.decode()
    assert_good_checked(result)


def test_broken_symlink(tmp_path):
    good_file(tmp_path)
    (tmp_path / "dangling.txt").symlink_to("gone.txt")
    result = check("dangling.txt", "good.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert_one_error(result, "dangling.txt")
    assert_good_checked(result)


def test_folder_reachable_twice_is_not_a_loop(tmp_path):
    (tmp_path / "articles" / "real").mkdir(parents=True)
    (tmp_path / "articles" / "real" / "a.txt").write_text(BODY + RESIDUE, encoding="utf-8")
    (tmp_path / "articles" / "alias").symlink_to("real")
    result = check("articles", cwd=tmp_path)
    assert error_lines(result) == []
    assert result.returncode == 1
    assert result.stdout.decode().count("error residue/advertisement") == 1


def test_symlinked_file_is_fixed_through_the_link(tmp_path):
    target = tmp_path / "target.txt"
    target.write_text(BODY + RESIDUE, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to("target.txt")
    result = check("--fix", "link.txt", cwd=tmp_path)
    assert result.returncode == 1 and error_lines(result) == []
    assert (tmp_path / "link.txt").is_symlink()
    assert target.read_text(encoding="utf-8") == BODY


# --------------------------------------------------------------------------------------
# Races: files deleted or changed between reading and writing


def fix_with_interference(tmp_path: Path, monkeypatch, interfere) -> tuple[object, Path]:
    """Fix a file in-process; ``interfere(path)`` runs after it was read, before it is written."""
    import lint.runner
    from strategies import run_file, shipped_rules

    path = tmp_path / "a.txt"
    path.write_text(BODY + RESIDUE, encoding="utf-8")
    real_fix_text = lint.runner.fix_text

    def fix_text_then_interfere(*args, **kwargs):
        outcome = real_fix_text(*args, **kwargs)
        interfere(path)
        return outcome

    monkeypatch.setattr(lint.runner, "fix_text", fix_text_then_interfere)
    return run_file(path, shipped_rules(), fix=True), path


def test_file_deleted_between_check_and_fix_is_not_recreated(tmp_path, monkeypatch):
    result, path = fix_with_interference(tmp_path, monkeypatch, lambda p: p.unlink())
    assert result.error and "a.txt" in result.error and "deleted" in result.error and "\n" not in result.error
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p.write_text(BODY + "A newer paragraph.\n", encoding="utf-8"),
        lambda p: p.write_text(BODY + RESIDUE + "x", encoding="utf-8"),
        lambda p: (p.unlink(), p.write_text(BODY + RESIDUE, encoding="utf-8")),
    ],
    ids=["rewritten", "appended", "replaced-by-new-file"],
)
def test_file_changed_between_check_and_fix_is_not_overwritten(tmp_path, monkeypatch, change):
    newer = {}

    def interfere(path: Path) -> None:
        time.sleep(0.01)
        change(path)
        newer["bytes"] = path.read_bytes()

    result, path = fix_with_interference(tmp_path, monkeypatch, interfere)
    assert result.error and "a.txt" in result.error and "changed" in result.error and "\n" not in result.error
    assert path.read_bytes() == newer["bytes"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_same_size_change_with_the_same_mtime_is_not_overwritten(tmp_path, monkeypatch):
    newer = (BODY + RESIDUE).replace("Officials", "OFFICIALS")

    def interfere(path: Path) -> None:
        before = path.stat()
        with open(path, "r+", encoding="utf-8") as handle:  # in place: same inode, same size
            handle.write(newer)
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as in one timestamp tick

    result, path = fix_with_interference(tmp_path, monkeypatch, interfere)
    assert path.read_text(encoding="utf-8") == newer
    assert result.error and "changed" in result.error


def test_two_processes_fixing_the_same_files_at_once(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    originals = {}
    for number in range(24):
        text = f"Story {number}.\n\n" + BODY + RESIDUE + "\n\u00a0Getty Images\n"
        (folder / f"{number:02}.txt").write_text(text, encoding="utf-8")
        originals[f"{number:02}.txt"] = text
    expected = {name: f"Story {int(name[:2])}.\n\n" + BODY for name in originals}
    command = [*wirelint_command(), "check", "--isolated", "--fix", "--format", "concise", "-j", "1", "articles"]
    env = {**os.environ, "NO_COLOR": "1"}
    for _ in range(2):
        for name, text in originals.items():
            (folder / name).write_text(text, encoding="utf-8")
        first = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        second = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for process in (first, second):
            _, err = process.communicate(timeout=120)
            assert process.returncode in (0, 1, 2), err.decode()  # 0: the other one had fixed everything
            assert "Traceback" not in err.decode()
            for line in err.decode().splitlines():
                assert line.startswith("wirelint: articles/") and "changed" in line, line
        assert {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} == expected


# --------------------------------------------------------------------------------------
# A full disk


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_full_disk_on_write_keeps_the_original(tmp_path, monkeypatch, capsys, failing):
    from lint.cli import main

    article = tmp_path / "a.txt"
    article.write_text(BODY + RESIDUE, encoding="utf-8")
    other = tmp_path / "b.txt"
    other.write_text(BODY + RESIDUE, encoding="utf-8")
    real = getattr(os, failing)

    def no_space(*args, **kwargs):
        if failing == "fsync" or str(args[1]).endswith("a.txt"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, failing, no_space)
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--isolated", "--quiet", "--fix", "--format", "concise", "-j", "1", "a.txt", "b.txt"])
    captured = capsys.readouterr()
    assert code == 2
    errors = captured.err.strip().splitlines()
    assert any(line.startswith("wirelint: a.txt: ") and "No space left on device" in line and "intact" in line for line in errors), errors
    assert article.read_text(encoding="utf-8") == BODY + RESIDUE
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary file left behind"
    if failing == "replace":
        assert other.read_text(encoding="utf-8") == BODY  # the other file was still fixed


def test_findings_after_a_failed_write_are_those_of_the_file_on_disk(tmp_path, monkeypatch, capsys):
    from lint.cli import main

    article = tmp_path / "a.txt"
    article.write_text(BODY + RESIDUE, encoding="utf-8")

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", no_space)
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--isolated", "--quiet", "--fix", "--format", "concise", "-j", "1", "a.txt"])
    captured = capsys.readouterr()
    assert code == 2
    assert "a.txt:5:1: error residue/advertisement" in captured.out
