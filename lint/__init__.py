"""wirelint: a data-quality and provenance linter for syndicated news articles.

The public Python API is ``check_text`` and ``fix_text``, which take text whose newlines
are ``\\n`` and, by default, the built-in rule packs, and ``check_paths``, which runs
``wirelint check`` on files with a ``Settings`` value (default: the config file found for
the paths, as the command finds it).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from .version import __version__

if TYPE_CHECKING:
    from .config import Settings
    from .engine import Rule
    from .finding import Finding
    from .runner import FileResult

__all__ = ["__version__", "check_paths", "check_text", "fix_text", "load_rules"]


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


def check_paths(paths: Sequence[str], settings: "Settings | None" = None, fix: bool = False) -> "list[FileResult]":
    """``wirelint check`` (``--fix``) on ``paths``: one result per file, then one with the reuse findings.

    Raises WirelintError for what the command reports as a usage error (exit 2).
    """
    from .config import build_settings
    from .pipeline import CheckOptions, CheckRun

    run = CheckRun(settings or build_settings(paths), paths, CheckOptions(fix=fix, jobs=1))
    return list(run.results())
