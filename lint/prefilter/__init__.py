"""The prefilter: which rules can match a document, from one multi-pattern pass over it.

``screen`` picks the rules to run on a document, ``lines_for`` the lines a line-wise
rule need look at (and ``within_lines`` says when a rule over the whole text may look
only there), ``prepare`` derives the rules' evidence ahead of caching the loaded
packs, ``unavailable`` says when (and why) every rule runs on every document instead.
Kinds declare their needs with ``Evidence``.
"""
from __future__ import annotations

from .evidence import Evidence
from .fingerprint import tag

__all__ = ["Evidence", "lines_for", "prepare", "screen", "tag", "unavailable", "within_lines"]


def screen(doc, rules, threads: int = 1):
    """The rules of ``rules`` that may hit ``doc`` and those that cannot (see ``plan.screen``)."""
    from .plan import screen as _screen

    return _screen(doc, rules, threads)


def lines_for(doc, kind):
    """Lines of ``doc`` where ``kind`` may hit (a set), or None to try them all (see ``locate``)."""
    from .locate import candidate_lines

    return candidate_lines(doc, kind)


def within_lines(kind) -> bool:
    """Whether ``kind``'s regex may run line by line, on ``lines_for``'s lines (see ``plan``)."""
    from .plan import within_lines as _within_lines

    return _within_lines(kind)


def prepare(rules) -> None:
    """Derive the rules' evidence now, so that a cache of the loaded rules keeps it."""
    from .plan import prepare as _prepare

    _prepare(rules)


def unavailable() -> str | None:
    """Why this process runs without the prefilter (slower, same findings), or None."""
    from .plan import unavailable as _unavailable

    return _unavailable()
