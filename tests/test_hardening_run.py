"""Second hardening round, run-level families: output targets, filters, interrupts, special
files, YAML aliases, config shapes, JSONL fixing, depth, path spelling and the rule cache.
Every failure is one line on stderr and exit 2, never a traceback."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest

from conftest import run_wirelint, wirelint_command

BODY = "The council met on Monday to vote on the harbour wall and the budget.\n\n"
RESIDUE = "Post a Comment\n"


def one_line_error(result) -> str:
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and "Traceback" not in lines[0], lines
    return lines[0]


# 1. -o and --write-baseline never destroy an input; reports and baselines are atomic
def test_output_naming_an_input_is_refused(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Body.\n\nPost a Comment\n", encoding="utf-8")
    assert "refusing to overwrite" in one_line_error(run_wirelint("check", "-o", "story.txt", cwd=tmp_path))
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "two.txt").write_text(BODY + RESIDUE, encoding="utf-8")
    one_line_error(run_wirelint("check", "--fix", "-o", "arts/two.txt", "arts", cwd=tmp_path))
    one_line_error(run_wirelint("check", "--write-baseline", "story.txt", "story.txt", cwd=tmp_path))
    assert story.read_text(encoding="utf-8") == "Body.\n\nPost a Comment\n"
    assert (arts / "two.txt").read_text(encoding="utf-8") == BODY + RESIDUE


def test_a_failing_baseline_write_leaves_the_old_baseline(tmp_path, monkeypatch, capsys):
    from lint.cli import main

    (tmp_path / "a.txt").write_text(BODY + RESIDUE, encoding="utf-8")
    baseline = tmp_path / "base.json"
    baseline.write_text('{"version": 1, "findings": []}\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    assert main(["check", "--isolated", "--write-baseline", "base.json", "a.txt"]) == 2
    assert baseline.read_text(encoding="utf-8") == '{"version": 1, "findings": []}\n'
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".wirelint-")] == []
    assert "No space left" in capsys.readouterr().err


# 2. --fix - always prints the text
@pytest.mark.parametrize("text", ["A clean article body.\n", "Body.\n\nPost a Comment\n", BODY + "Mr  Smith said so.\n"])
def test_fix_filter_always_prints_the_text(text):
    result = run_wirelint("check", "--isolated", "--fix", "-", stdin=text.encode())
    assert result.stdout and result.returncode in (0, 1)
    if text.startswith("A clean"):
        assert result.stdout == text.encode()


# 6. interrupts leave no temporary file and exit 130 promptly
def start(args, cwd):
    return subprocess.Popen([*wirelint_command(), *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "NO_COLOR": "1"})


def article(number: int) -> str:
    """A fixable article with distinct paragraphs (no duplicate-paragraph mass deletion)."""
    body = "".join(f"Paragraph {i} of story {number} is about the harbour wall and vote {i * number}.\n\n" for i in range(30))
    return body + RESIDUE


def fixed_count(folder) -> int:
    return sum(1 for p in folder.glob("a*.txt") if RESIDUE not in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupting_a_parallel_fix_leaves_no_temporary_files(tmp_path, signum):
    for number in range(1500):
        (tmp_path / f"a{number:04}.txt").write_text(article(number), encoding="utf-8")
    process = start(["check", "--isolated", "--fix", "-q", "--jobs", "2", "--ignore", "provenance", "."], tmp_path)
    sizes = {path: path.stat().st_size for path in tmp_path.glob("a*.txt")}
    deadline = time.monotonic() + 60
    # Interrupt as soon as the first fixed files are written: a fixed file is shorter, and
    # a stat of each is quick enough to poll often (reading them all let a fast run finish).
    while sum(path.stat().st_size != size for path, size in sizes.items()) < 5 and time.monotonic() < deadline:
        assert process.poll() is None, f"the fix ended before it was interrupted: {process.stderr.read()!r}"
        time.sleep(0.01)
    process.send_signal(signum)
    started = time.monotonic()
    code = process.wait(timeout=30)
    assert time.monotonic() - started < 10
    assert code == 130, process.stderr.read()
    assert 0 < fixed_count(tmp_path) < 1500
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".wirelint-")] == []
    for path in tmp_path.glob("a*.txt"):  # every file is either the original or wholly fixed, never cut short
        text, original = path.read_text(encoding="utf-8"), article(int(path.stem[1:]))
        assert text == original or (RESIDUE not in text and text.endswith(".\n") and len(text) > len(original) // 2)


def test_sigterm_during_jsonl_fix_leaves_no_copy(tmp_path):
    with open(tmp_path / "big.jsonl", "w", encoding="utf-8") as handle:
        for number in range(20000):
            handle.write(json.dumps({"id": number, "text": BODY * 3 + RESIDUE}) + "\n")
    process = start(["check", "--isolated", "--jsonl", "--fix", "-q", "--format", "concise", "big.jsonl"], tmp_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if any(p.name.startswith(".wirelint-") for p in tmp_path.iterdir()):
            break  # the copy is being written
        time.sleep(0.05)
    time.sleep(0.3)
    process.send_signal(signal.SIGTERM)
    code = process.wait(timeout=30)
    assert code == 130, process.stderr.read()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".wirelint-")] == []
    assert not (tmp_path / "big.fixed.jsonl").exists()


# 7. special files are refused wherever a path is taken
@pytest.mark.parametrize("where", ["article", "--rules", "--against", "--baseline", "config rules", "provenance"])
@pytest.mark.parametrize("special", ["fifo", "zero"])
def test_special_files_are_refused(tmp_path, where, special):
    target = tmp_path / ("x.yaml" if where in ("--rules", "config rules") else "x.json" if where == "--baseline" else "x.txt")
    if special == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/zero")
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    args = {
        "article": ["check", "--isolated", "x.txt"],
        "--rules": ["check", "--isolated", "--rules", "x.yaml", "good.txt"],
        "--against": ["check", "--isolated", "--against", "x.txt", "good.txt"],
        "--baseline": ["check", "--isolated", "--baseline", "x.json", "good.txt"],
        "config rules": ["check", "good.txt"],
        "provenance": ["provenance", "x.txt"],
    }[where]
    if where == "config rules":
        (tmp_path / "wirelint.toml").write_text('rules = ["x.yaml"]\n', encoding="utf-8")
    result = run_wirelint(*args, cwd=tmp_path)
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert b"not a regular file" in result.stderr


# 8. YAML alias bombs
@pytest.mark.parametrize("field", ["kind", "severity"])
def test_an_alias_bomb_is_one_short_line(tmp_path, field):
    rows = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    rows += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]" for i in range(7)]
    bomb = "\n".join(f"# {row}" for row in rows)
    pack = tmp_path / "bomb.yaml"
    body = {"kind": "pattern", "severity": "warning"}
    body[field] = "*h"
    pack.write_text(
        "\n".join(rows) + "\nname: bomb\ndescription: d\nrules:\n  - id: bomb/x\n"
        f"    kind: {body['kind']}\n    severity: {body['severity']}\n    message: m\n    pattern: 'x'\n"
        "    examples: {match: [x], no_match: [y]}\n", encoding="utf-8",
    )
    assert bomb
    started = time.monotonic()
    line = one_line_error(run_wirelint("check", "--isolated", "--no-builtin-rules", "--rules", str(pack), str(pack)))
    assert len(line) < 400 and time.monotonic() - started < 20


# 11. output targets
def test_output_targets_fail_with_one_line(tmp_path):
    (tmp_path / "a.txt").write_text(BODY + RESIDUE, encoding="utf-8")
    (tmp_path / "folder").mkdir()
    assert "is a directory" in one_line_error(run_wirelint("check", "--isolated", "-o", "folder", "a.txt", cwd=tmp_path))
    assert "does not exist" in one_line_error(run_wirelint("check", "--isolated", "-o", "no/such/r.txt", "a.txt", cwd=tmp_path))
    assert "No space" in one_line_error(run_wirelint("check", "--isolated", "-o", "/dev/full", "a.txt", cwd=tmp_path))
    line = one_line_error(run_wirelint("check", "--isolated", "--fix", "--write-baseline", "folder", "a.txt", cwd=tmp_path))
    assert "is a directory" in line
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == BODY + RESIDUE  # refused before fixing


@pytest.mark.parametrize("fmt", ["sarif", "json", "concise"])
def test_a_file_name_that_is_not_utf8_survives_every_output(tmp_path, fmt):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text(BODY + RESIDUE, encoding="utf-8")
    out = run_wirelint("check", "--isolated", "--format", fmt, "-o", "report", name, cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    report = (tmp_path / "report").read_text(encoding="utf-8")
    if fmt != "concise":
        json.loads(report)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "NO_COLOR": "1"}
    strict = subprocess.run([*wirelint_command(), "check", "--isolated", "--format", fmt, name], cwd=tmp_path,
                            capture_output=True, env=env, timeout=60)
    assert strict.returncode == 1 and b"Traceback" not in strict.stderr
    baseline = run_wirelint("check", "--isolated", "--write-baseline", "b.json", name, cwd=tmp_path)
    assert baseline.returncode == 0, baseline.stderr
    assert run_wirelint("check", "--isolated", "--baseline", "b.json", name, cwd=tmp_path).returncode == 0


def test_closed_stdin_and_stdout(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    closed_in = subprocess.run([*wirelint_command(), "check", "--isolated", "-"], stdin=subprocess.DEVNULL,
                               capture_output=True, timeout=60, preexec_fn=lambda: os.close(0))
    assert closed_in.returncode == 2 and b"Traceback" not in closed_in.stderr
    closed_out = subprocess.run([*wirelint_command(), "check", "--isolated", "a.txt"], cwd=tmp_path,
                                stderr=subprocess.PIPE, timeout=60, preexec_fn=lambda: os.close(1))
    assert closed_out.returncode == 2 and b"Traceback" not in closed_out.stderr


# 12. config shapes
@pytest.mark.parametrize("name, body", [
    ("pyproject.toml", "tool = 5\n"),
    ("pyproject.toml", '[tool]\nwirelint = "x"\n'),
    (".wirelint.yaml", "per-file-ignores:\n  1: [residue]\n"),
    (".wirelint.yaml", "0\n"),
    (".wirelint.yaml", "just a string\n"),
])
def test_config_shapes_are_one_line_errors(tmp_path, name, body):
    (tmp_path / name).write_text(body, encoding="utf-8")
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    one_line_error(run_wirelint("check", "a.txt", cwd=tmp_path))
    one_line_error(run_wirelint("rules", cwd=tmp_path))


# 13. JSONL --fix
def test_jsonl_fix_with_surrogates_bad_records_and_bad_targets(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(
        b'{"id": 1, "text": "Body \\ud800 here.\\n"}\n'
        b'{"id": 2, "text": "caf\xe9"}\n'
        + json.dumps({"id": 3, "text": BODY + RESIDUE, "note": "\ud800"}).encode() + b"\n"
    )
    os.chmod(corpus, 0o644)
    result = run_wirelint("check", "--isolated", "--jsonl", "--fix", "--format", "concise", "c.jsonl", cwd=tmp_path)
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    errors = result.stderr.decode().splitlines()
    assert any("c.jsonl:1:" in e and "surrogate" in e for e in errors) and any("c.jsonl:2:" in e for e in errors)
    fixed = [json.loads(line) for line in (tmp_path / "c.fixed.jsonl").read_text(encoding="utf-8").splitlines()]
    assert fixed == [{"id": 3, "text": BODY.rstrip("\n") + "\n", "note": "\ud800"}]
    assert (tmp_path / "c.fixed.jsonl").stat().st_mode & 0o777 == 0o644
    (tmp_path / "c.fixed.jsonl").unlink()
    (tmp_path / "c.fixed.jsonl").mkdir()
    one_line_error(run_wirelint("check", "--isolated", "--jsonl", "--fix", "-q", "--format", "concise", "c.jsonl", cwd=tmp_path))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".wirelint-")] == []


# 14. depth and length
def test_deep_folders_long_names_and_deep_baselines(tmp_path):
    folders = [tmp_path / "d"]
    for _ in range(999):
        folders.append(folders[-1] / "d")
    for folder in folders:
        folder.mkdir()
    (folders[-1] / "a.txt").write_text(BODY + RESIDUE, encoding="utf-8")
    try:
        result = run_wirelint("check", "--isolated", "--format", "concise", "d", cwd=tmp_path)
    finally:  # pytest's own clean-up of old temp folders recurses and would fail on this depth
        (folders[-1] / "a.txt").unlink()
        for folder in reversed(folders):
            folder.rmdir()
    assert result.returncode in (1, 2) and b"Traceback" not in result.stderr and b"RecursionError" not in result.stderr
    long = "x" * 300
    result = run_wirelint("check", f"{long}/a.txt", cwd=tmp_path)
    one_line_error(result)
    (tmp_path / "b.json").write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    assert "baseline" in one_line_error(run_wirelint("check", "--isolated", "--baseline", "b.json", "a.txt", cwd=tmp_path))


# 15. path spelling
def test_one_file_under_two_spellings_is_one_file(tmp_path):
    text = BODY * 5
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").symlink_to("a.txt")
    for args in (["a.txt", "./a.txt"], ["."], ["a.txt", str(tmp_path / "a.txt")]):
        result = run_wirelint("check", "--isolated", "--format", "concise", *args, cwd=tmp_path)
        assert b"provenance/" not in result.stdout, (args, result.stdout)
        assert b"in 1 file" in result.stdout, (args, result.stdout)


def test_baselines_match_whatever_the_spelling_or_working_folder(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(BODY + RESIDUE, encoding="utf-8")
    assert run_wirelint("check", "--isolated", "--write-baseline", "base.json", "docs/a.txt", cwd=tmp_path).returncode == 0
    for spelling, cwd in (("./docs/a.txt", tmp_path), (str(tmp_path / "docs" / "a.txt"), tmp_path), ("a.txt", tmp_path / "docs")):
        baseline = str(tmp_path / "base.json")
        result = run_wirelint("check", "--isolated", "--baseline", baseline, spelling, cwd=cwd)
        assert result.returncode == 0, (spelling, result.stdout)


# 20. the rule cache runs no code it did not write
def test_a_planted_cache_file_is_not_unpickled(tmp_path, monkeypatch):
    import pickle

    from lint import packs

    monkeypatch.setenv("WIRELINT_CACHE_DIR", str(tmp_path / "cache"))
    packs.load_rules()
    (cached,) = (tmp_path / "cache").glob("rules-*.pickle")
    marker = tmp_path / "ran"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    cached.write_bytes(pickle.dumps(Exploit()))
    assert packs.load_rules()
    cached.write_bytes(b"\0" * 32 + pickle.dumps(Exploit()))
    assert packs.load_rules()
    assert not marker.exists()


def test_jobs_are_capped(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    assert run_wirelint("check", "--isolated", "--jobs", "100000", "a.txt", cwd=tmp_path).returncode == 0
    one_line_error(run_wirelint("check", "--isolated", "--jobs", "0", "a.txt", cwd=tmp_path))


def test_the_summary_after_diff_does_not_say_fixed(tmp_path):
    (tmp_path / "a.txt").write_text(BODY + RESIDUE, encoding="utf-8")
    result = run_wirelint("check", "--isolated", "--diff", "a.txt", cwd=tmp_path)
    assert b"Fixed" not in result.stdout + result.stderr and b"nothing was written" in result.stderr
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == BODY + RESIDUE
