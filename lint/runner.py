"""Checking and fixing files: read, decode, check, fix, write back. No printing here.

``process_files`` runs files in worker processes when asked to, and yields results in the
order the files were given, so output is stable whatever the number of jobs.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from dataclasses import dataclass
from typing import Iterator, Sequence

from .baseline import fingerprint
from .document import Document
from .engine import Rule, check_document
from .errors import WirelintError
from .finding import Finding
from .fixes import fix_text
from .patch import article_patch
from .source import decode_article, encode_article, read_file

FIX_REFUSED_RULE = "wirelint/fix-refused"
ENCODING_RULE = "wirelint/source-encoding"


@dataclass(frozen=True, slots=True)
class Options:
    """What to do with each file; the same for every file of a run."""

    fix: bool = False
    unsafe: bool = False
    diff: bool = False
    keep_lines: bool = False
    fingerprints: bool = False


@dataclass(frozen=True, slots=True)
class FileResult:
    """What happened to one file: findings, whether it changed, and any error line."""

    path: str
    findings: tuple[Finding, ...] = ()
    changed: bool = False
    fixed: int = 0
    fixed_bytes: bytes | None = None
    diff: str = ""
    error: str | None = None
    lines: tuple[str, ...] | None = None
    fingerprints: tuple[str, ...] = ()


def _read(path: str) -> tuple[bytes, object]:
    if path == "-":
        return sys.stdin.buffer.read(), None
    return read_file(path)


def check_text_result(text: str, rules: Sequence[Rule], options: Options, shown: str, record: str | None = None) -> tuple[str, list[Finding], int, str | None]:
    """Check (and with options.fix, fix) one decoded text: (final text, findings, fixes applied, refusal)."""
    if not (options.fix or options.diff):
        return text, check_document(Document(text), rules, shown, record), 0, None
    outcome = fix_text(text, rules, unsafe=options.unsafe, path=shown, record=record)
    if outcome.findings is not None and not outcome.refused:
        findings = list(outcome.findings)  # the last round already checked this very text
    else:
        findings = check_document(Document(outcome.text), rules, shown, record)
    if outcome.refused:
        refusal = Finding(shown, FIX_REFUSED_RULE, "error", outcome.refused, 1, 1, 1, 1, 0, 0, None, record)
        findings.insert(0, refusal)
    return outcome.text, findings, outcome.applied, outcome.refused


def result_extras(text: str, findings: Sequence[Finding], options: Options) -> dict:
    extras: dict = {}
    if options.keep_lines:
        extras["lines"] = tuple(text.split("\n"))
    if options.fingerprints:
        extras["fingerprints"] = tuple(fingerprint(f, text) for f in findings)
    return extras


def process_file(path: str, rules: Sequence[Rule], options: Options = Options(), display: str | None = None) -> FileResult:
    """Check one file; with ``options.fix`` write the fixed text back (stdin: return it instead)."""
    from .source import write_file_atomically

    shown = display or path
    try:
        data, state = _read(path)
        article = decode_article(data, shown)
    except WirelintError as exc:
        return FileResult(shown, error=str(exc))
    text, findings, applied, refused = check_text_result(article.text, rules, options, shown)
    if article.encoding != "utf-8":
        findings.insert(0, Finding(
            shown, ENCODING_RULE, "info", f"file is encoded as {article.encoding}, not UTF-8 (kept as it is when fixing)",
            1, 1, 1, 1, 0, 0,
        ))
    changed = text != article.text
    extras = result_extras(text, findings, options)
    if options.diff:
        patch = article_patch(shown, data, article, text) if changed else ""
        return FileResult(shown, tuple(findings), changed, applied, diff=patch, **extras)
    if not options.fix or not changed:
        return FileResult(shown, tuple(findings), False, 0, **extras)
    try:
        data = encode_article(article, text, shown)
        if decode_article(data, shown).text != text:
            raise WirelintError(f"{shown}: the fixed text would not read back the same in {article.encoding}; not written")
        if path != "-":
            write_file_atomically(path, data, state)
    except WirelintError as exc:
        # Nothing was written: report what is still in the file.
        _, original, _, _ = check_text_result(article.text, rules, Options(), shown)
        return FileResult(shown, tuple(original), False, 0, error=str(exc), **result_extras(article.text, original, options))
    if path == "-":
        return FileResult(shown, tuple(findings), True, applied, fixed_bytes=data, **extras)
    return FileResult(shown, tuple(findings), True, applied, **extras)


_WORKER_STATE: tuple[Sequence[Rule], Options] | None = None


def _init_worker(rules: Sequence[Rule] | None, options: Options | None) -> None:
    global _WORKER_STATE
    if rules is not None:
        _WORKER_STATE = (rules, options or Options())


def _work(path: str) -> FileResult:
    assert _WORKER_STATE is not None
    rules, options = _WORKER_STATE
    return process_file(path, rules, options)


def default_jobs() -> int:
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:
        return os.cpu_count() or 1


def process_files(paths: Sequence[str], rules: Sequence[Rule], options: Options, jobs: int = 1) -> Iterator[FileResult]:
    """Results for ``paths`` in order; ``jobs`` > 1 spreads files over worker processes.

    Small batches (what pre-commit passes) run in this process: starting workers would
    cost more than it saves. Standard input is always read here.
    """
    if jobs <= 1 or len(paths) < 4 * jobs or "-" in paths:
        for path in paths:
            yield process_file(path, rules, options)
        return
    global _WORKER_STATE
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        _WORKER_STATE = (rules, options)
        context = multiprocessing.get_context("fork")
        pool = context.Pool(jobs, _init_worker, (None, None))
    else:
        context = multiprocessing.get_context("spawn")
        pool = context.Pool(jobs, _init_worker, (rules, options))
    chunk = max(1, min(64, len(paths) // (jobs * 8)))
    try:
        yield from pool.imap(_work, paths, chunksize=chunk)
    finally:
        pool.terminate()
        pool.join()
        _WORKER_STATE = None


