"""wirelint: a data-quality and provenance linter for syndicated news articles.

The public Python API is ``check_text`` and ``fix_text``; both take text whose newlines are
``\\n`` and, by default, the built-in rule packs.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from .version import __version__

if TYPE_CHECKING:
    from .engine import Rule
    from .finding import Finding

__all__ = ["__version__", "check_text", "fix_text", "load_rules"]


def load_rules(extra: Sequence[str] = (), builtin: bool = True) -> "list[Rule]":
    """Load and validate the built-in packs plus ``extra`` pack paths."""
    from .packs import load_rules as _load

    return _load(extra, builtin=builtin)


def check_text(text: str, rules: "Sequence[Rule] | None" = None, path: str = "-") -> "list[Finding]":
    """Findings for ``text`` (newlines ``\\n``) with ``rules`` (default: the built-in packs)."""
    from .engine import check_text as _check

    return _check(text, rules if rules is not None else load_rules(), path)


def fix_text(text: str, rules: "Sequence[Rule] | None" = None, unsafe: bool = False) -> str:
    """``text`` with every safe fix applied (and unsafe ones if asked), to a fixed point."""
    from .fixes import fix_text as _fix

    return _fix(text, rules if rules is not None else load_rules(), unsafe=unsafe).text
