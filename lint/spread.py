"""One long text checked by several processes, its rules shared out among them.

Files are spread over worker processes, so a run on one 50 MB file leaves all but one
core idle. Here the parent builds the document and screens the rules once; forked
workers inherit both and each runs some of the rules; the parent puts their findings in
the engine's order. The findings are ``check_document``'s: a rule's hits depend on the
document alone, and a rule that another anchors on is worked out wherever it is needed.
"""
from __future__ import annotations

from typing import Sequence

from .document import Document
from .engine import Rule, finding_order, run_rules, screened
from .errors import WirelintError
from .finding import Finding

SPREAD_TEXT = 4_000_000  # characters: shorter texts are checked in one process
# The costliest kinds go first, so that the cheap pattern rules fill in behind them.
_COST = {"repetition": 0, "layout": 1, "mojibake": 2, "block": 3, "adjacent": 4}
_SHARED: dict = {}


def worth_spreading(text: str, jobs: int) -> bool:
    """Whether a text is long enough, and the platform able (fork), to spread its rules."""
    if jobs < 2 or len(text) < SPREAD_TEXT:
        return False
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def tasks(rules: Sequence[Rule]) -> list[list[Rule]]:
    """The rules in groups for the workers, costliest kinds first. The rules of one
    structural kind share work on a document (the layout kind's body core), so they stay
    together."""
    groups: dict[str, list[Rule]] = {}
    singles: list[list[Rule]] = []
    for rule in rules:
        if rule.kind_name == "layout":
            groups.setdefault(rule.kind_name, []).append(rule)
        else:
            singles.append([rule])
    found = list(groups.values()) + singles
    found.sort(key=lambda group: _COST.get(group[0].kind_name, len(_COST)))
    return found


def _quiet_worker() -> None:
    """An interrupt is the parent's to handle (it stops the pool): no worker tracebacks."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(index: int) -> list[Finding]:
    doc, groups, path, record = _SHARED["work"]
    return run_rules(doc, groups[index], path, record)


def check_spread(text: str, rules: Sequence[Rule], jobs: int, path: str = "-", record: str | None = None) -> list[Finding]:
    """``check_document(Document(text), rules, path, record)``, with the rules run by ``jobs``
    forked worker processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    doc = Document(text)
    chosen = screened(doc, rules, path)
    _ = (doc.nonblank, doc.paragraphs, doc.encoded)  # built once, before the workers inherit them
    groups = tasks(chosen)
    _SHARED["work"] = (doc, groups, path, record)
    try:
        with ProcessPoolExecutor(min(jobs, len(groups) or 1), mp_context=multiprocessing.get_context("fork"),
                                 initializer=_quiet_worker) as pool:
            parts = list(pool.map(_run, range(len(groups))))
    except BrokenProcessPool:
        raise WirelintError(f"{path}: a worker process died (out of memory?); run again with --jobs 1") from None
    finally:
        _SHARED.clear()
    findings = [finding for part in parts for finding in part]
    findings.sort(key=finding_order)
    return findings
