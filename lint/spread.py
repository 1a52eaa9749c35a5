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
from .pool import Workers, worker_state

SPREAD_TEXT = 4_000_000  # characters: shorter texts are checked in one process
# The costliest kinds go first, so that the cheap pattern rules fill in behind them.
_COST = {"repetition": 0, "layout": 1, "mojibake": 2, "block": 3, "adjacent": 4}


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


def _run(index: int) -> list[Finding]:
    doc, groups, path, record = worker_state()["work"]
    return run_rules(doc, groups[index], path, record)


def check_spread(text: str, rules: Sequence[Rule], jobs: int, path: str = "-", record: str | None = None) -> list[Finding]:
    """``check_document(Document(text), rules, path, record)``, with the rules run by ``jobs``
    forked worker processes."""
    doc = Document(text)
    chosen = screened(doc, rules, path, threads=jobs)
    _ = (doc.nonblank, doc.paragraphs, doc.encoded)  # built once, before the workers inherit them
    groups = tasks(chosen)
    try:
        with Workers(min(jobs, len(groups) or 1), {"work": (doc, groups, path, record)}) as workers:
            parts = list(workers.map(_run, range(len(groups))))
    except WirelintError as exc:  # a worker died
        raise WirelintError(f"{path}: {exc}") from None
    findings = [finding for part in parts for finding in part]
    findings.sort(key=finding_order)
    return findings
