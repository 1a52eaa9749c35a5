"""Checking and fixing files: read, decode, check, fix, write back. No printing here.

``process_files`` runs files in worker processes when asked to, and yields results in the
order the files were given, so output is stable whatever the number of jobs.
"""
from __future__ import annotations

import os
from collections import Counter
from typing import Callable, Iterator, Sequence

from .document import Document
from .engine import Rule, check_document
from .errors import WirelintError
from .finding import Finding
from .fixes import fix_text
from .pool import Workers, worker_state
from .selection import Selection
from .config import normalised
from .source import Article, FileState, decode_article, encode_article, read_input, write_file_atomically
from .structs import dataclass, replace

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
    baseline_root: str | None = None
    stdin_name: str | None = None
    jobs: int = 1  # processes a long text's rules may be spread over (``lint.spread``)


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
    rendered: str | None = None  # the findings as the report writes them (``process_files(render=...)``)
    counts: Counter | None = None  # with ``rendered``: the findings' ``formats.tally``


@dataclass(frozen=True, slots=True)
class TextResult:
    """One checked (and with fixing, fixed) text: the final text, its findings, the fixes
    applied, and why fixing was refused, if it was."""

    text: str
    findings: list[Finding]
    applied: int = 0
    refused: str | None = None


def check_text_result(text: str, rules: Sequence[Rule], options: Options, shown: str, record: str | None = None) -> TextResult:
    """Check (and with options.fix or options.diff, fix) one decoded text."""
    if not (options.fix or options.diff):
        if options.jobs > 1:
            from .spread import check_spread, worth_spreading

            if worth_spreading(text, options.jobs):
                return TextResult(text, check_spread(text, rules, options.jobs, shown, record))
        return TextResult(text, check_document(Document(text), rules, shown, record))
    outcome = fix_text(text, rules, unsafe=options.unsafe, path=shown, record=record)
    if outcome.findings is not None and not outcome.refused:
        findings = list(outcome.findings)  # the last round already checked this very text
    else:
        findings = check_document(Document(outcome.text), rules, shown, record)
    if outcome.refused:
        refusal = Finding(shown, FIX_REFUSED_RULE, "error", outcome.refused, 1, 1, 1, 1, 0, 0, None, record)
        findings.insert(0, refusal)
    return TextResult(outcome.text, findings, outcome.applied, outcome.refused)


def result_extras(text: str, findings: Sequence[Finding], options: Options, key_path: str | None = None) -> dict:
    """The optional parts of a FileResult: the text's lines, the findings' fingerprints."""
    extras: dict = {}
    if options.keep_lines:
        extras["lines"] = tuple(text.split("\n"))
    if options.fingerprints:
        from .baseline import fingerprint

        extras["fingerprints"] = tuple(fingerprint(f, text, key_path) for f in findings)
    return extras


def _encoding_note(article: Article, shown: str) -> Finding:
    return Finding(
        shown, ENCODING_RULE, "info", f"file is encoded as {article.encoding}, not UTF-8 (kept as it is when fixing)",
        1, 1, 1, 1, 0, 0,
    )


def _key_path(path: str, shown: str, options: Options) -> str | None:
    """The spelling of the file that baselines fingerprint (None: as shown)."""
    if options.baseline_root is None:
        return None
    return normalised(shown if path == "-" else os.path.realpath(path), options.baseline_root)


def process_file(path: str, rules: Sequence[Rule], options: Options = Options(), display: str | None = None) -> FileResult:
    """Check one file; with ``options.fix`` write the fixed text back (stdin: return it instead)."""
    shown = display or (options.stdin_name if path == "-" and options.stdin_name else path)
    try:
        data, state = read_input(path)
        article = decode_article(data, shown)
    except WirelintError as exc:
        return FileResult(shown, error=str(exc))
    checked = check_text_result(article.text, rules, options, shown)
    findings, text = checked.findings, checked.text
    if article.encoding != "utf-8":
        findings.insert(0, _encoding_note(article, shown))
    changed = text != article.text
    extras = result_extras(text, findings, options, _key_path(path, shown, options))
    if options.diff:
        from .patch import article_patch

        patch = article_patch(shown, data, article, text) if changed else ""
        return FileResult(shown, tuple(findings), changed, checked.applied, diff=patch, **extras)
    if not options.fix or not changed:
        fixed_bytes = data if options.fix and path == "-" else None  # a filter always prints the text
        return FileResult(shown, tuple(findings), False, 0, fixed_bytes=fixed_bytes, **extras)
    return _write_back(path, shown, article, checked, state, rules, options, extras)


def _write_back(path: str, shown: str, article: Article, checked: TextResult, state: FileState | None,
                rules: Sequence[Rule], options: Options, extras: dict) -> FileResult:
    """Write a fixed file back (stdin: hand its bytes back); on failure report the file as it still is."""
    try:
        data = encode_article(article, checked.text, shown)
        if decode_article(data, shown).text != checked.text:
            raise WirelintError(f"{shown}: the fixed text would not read back the same in {article.encoding}; not written")
        if path != "-":
            write_file_atomically(path, data, state)
    except WirelintError as exc:
        # Nothing was written: report what is still in the file.
        original = check_text_result(article.text, rules, Options(), shown).findings
        fallback = encode_article(article) if path == "-" else None
        return FileResult(shown, tuple(original), False, 0, fixed_bytes=fallback, error=str(exc),
                          **result_extras(article.text, original, options, _key_path(path, shown, options)))
    findings = tuple(checked.findings)
    return FileResult(shown, findings, True, checked.applied, fixed_bytes=data if path == "-" else None, **extras)


MAX_JOBS = 32
BATCH = 16  # files a worker takes at a time: few, so an interrupt waits for little, enough to keep IPC cheap


def _rules_for(rules, path: str) -> Sequence[Rule]:
    return rules.rules_for(path) if isinstance(rules, Selection) else rules


def render_result(result: FileResult, render: Callable | None) -> FileResult:
    """``result`` with its findings written out by ``render`` (``render(findings, path,
    lines)`` gives the text and the findings' tally), and its findings and lines left
    out: what a worker hands back, cheap to send, for the report to copy out."""
    if render is None or not result.findings:
        return result if result.lines is None or render is None else replace(result, lines=None)
    text, counts = render(result.findings, result.path, result.lines)
    return replace(result, findings=(), lines=None, rendered=text, counts=counts)


def _work(paths: Sequence[str]) -> list[FileResult]:
    state = worker_state()
    done = []
    for path in paths:
        if state["stop"].is_set():
            break
        done.append(render_result(process_file(path, _rules_for(state["rules"], path), state["options"]), state["render"]))
    return done


def default_jobs() -> int:
    """Worker processes when --jobs is not given: the cores this process may use (at most MAX_JOBS)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_JOBS))


def parallel_jobs(jobs: int, paths: Sequence[str]) -> int:
    """The worker processes worth starting for ``paths`` when ``jobs`` are asked for: at
    most MAX_JOBS, four a core and one a file; none (1) for a small batch (what
    pre-commit passes: starting workers would cost more than it saves) or standard input."""
    jobs = max(1, min(jobs, MAX_JOBS, 4 * default_jobs(), len(paths)))
    return 1 if jobs <= 1 or len(paths) < 4 * jobs or "-" in paths else jobs


def process_files(paths: Sequence[str], rules, options: Options, jobs: int = 1,
                  render: Callable | None = None) -> Iterator[FileResult]:
    """Results for ``paths`` in order; ``jobs`` > 1 spreads files over worker processes.

    ``rules`` is a Selection (rules resolved per path) or one list for every file. Small
    batches and standard input run in this process (``parallel_jobs``). On an interrupt the workers
    finish the file they are writing, take no other, and the interrupt goes on.
    ``render`` (see ``render_result``), when given, writes each file's findings where they
    were found, so the parent of the workers only copies text out.
    """
    asked, jobs = jobs, parallel_jobs(jobs, paths)
    if jobs <= 1:
        if asked > 1:  # a long text among few files is checked by several processes
            options = replace(options, jobs=min(asked, MAX_JOBS, default_jobs()))
        for path in paths:
            yield render_result(process_file(path, _rules_for(rules, path), options), render)
        return
    batches = [paths[i:i + BATCH] for i in range(0, len(paths), BATCH)]
    with Workers(jobs, {"rules": rules, "options": options, "render": render}) as workers:
        for done in workers.map(_work, batches):
            yield from done
