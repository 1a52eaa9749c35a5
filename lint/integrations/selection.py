"""The CLI's rule selection as one small value that pipeline steps carry to their workers.

A step is pickled to each worker process; it carries a ``RuleSelection`` (a few strings),
and ``linter_for`` loads and selects the rules from it once per process. The merge of a
config file with explicit values follows ``wirelint check``: explicit values replace the
config's, ``extend-select`` adds to a selection, ``severity`` overrides apply, and the
cross-file reuse rules (which never run on one text) are left out.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

import lint
from lint.engine import Rule
from lint.errors import WirelintError
from lint.finding import SEVERITIES, Finding
from lint.packs import select_rules

from .results import Checked, unix_newlines

CROSS_FILE_RULES = ("provenance/duplicate-article", "provenance/uncredited-reuse", "residue/template-line")
FAIL_ON = (*SEVERITIES, "never")


def _names(values: str | Iterable[str] | None) -> tuple[str, ...] | None:
    """``"a,b"`` or ``["a", "b,c"]`` as a tuple of names; None stays None (not given)."""
    if values is None:
        return None
    items = [values] if isinstance(values, str) else list(values)
    return tuple(name.strip() for item in items for name in item.split(",") if name.strip())


def _cross_file(name: str) -> bool:
    return name.rstrip("/") in ("provenance", *CROSS_FILE_RULES)


@dataclass(frozen=True, slots=True)
class RuleSelection:
    """Which rules run and how fixes behave, as ``wirelint check`` takes them.

    ``None`` means "not given": the config file's value (or the default) applies. A config
    is read only when ``config`` names one; a step on a cluster does not look for files
    around its working directory.
    """

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    rules: tuple[str, ...] | None = None
    config: str | None = None
    builtin: bool = True
    unsafe: bool | None = None

    @classmethod
    def of(
        cls, select: str | Iterable[str] | None = None, ignore: str | Iterable[str] | None = None,
        rules: str | Iterable[str] | None = None, config: str | None = None, builtin: bool = True,
        unsafe: bool | None = None,
    ) -> "RuleSelection":
        """A selection from CLI-like values: comma-separated strings or lists of them. Paths
        are made absolute here, so a worker with another working directory finds them."""
        packs = None if rules is None else tuple(os.path.abspath(p) for p in ([rules] if isinstance(rules, str) else rules))
        config = None if config is None else os.path.abspath(config)
        return cls(_names(select), _names(ignore), packs, config, builtin, unsafe)


@dataclass(frozen=True, slots=True, eq=False)
class Linter:
    """Loaded, selected rules with the fix and fail settings of one selection."""

    rules: tuple[Rule, ...]
    unsafe: bool

    def check(self, text: str, path: str = "-") -> Checked:
        """The findings on ``text``; the last few texts are remembered, so a formatter step
        right after a filter step with the same selection does not check the text again."""
        return Checked(text, _findings(self, text), path)

    def fixable(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings whose fix ``fix`` applies (safe ones; unsafe ones too if chosen)."""
        return [f for f in findings if f.fix is not None and (self.unsafe or f.fix.applicability == "safe")]

    def fix(self, text: str) -> str:
        """``text`` fixed as ``wirelint check --jsonl --fix`` fixes a record: to a fixed point,
        a mass deletion refused, and the text as given (newlines too) when nothing changed."""
        plain = unix_newlines(text)
        fixed = lint.fix_text(plain, self.rules, unsafe=self.unsafe)
        return text if fixed == plain else fixed


@functools.lru_cache(maxsize=4)
def _findings(linter: Linter, text: str) -> tuple[Finding, ...]:
    return tuple(lint.check_text(unix_newlines(text), linter.rules))


def _config_values(path: str | None):
    from lint.config import Config, load_config

    return load_config(["."], path) if path is not None else Config()


def _resolve(selection: RuleSelection) -> Linter:
    """The one place a selection becomes rules, through today's public loaders; when the
    CLI builds one typed settings value (issue 12), this is what should use it instead."""
    config = _config_values(selection.config).with_overrides(
        select=selection.select, ignore=selection.ignore, rules=selection.rules,
        unsafe_fixes=selection.unsafe,
    )
    rules = lint.load_rules(config.rules, builtin=selection.builtin)
    known = {rule.id for rule in rules} | set(CROSS_FILE_RULES)
    for rule_id in config.severity:
        if rule_id not in known:
            raise WirelintError(f"{config.path}: severity override for unknown rule {rule_id!r}")
    rules = [replace(r, severity=config.severity[r.id]) if r.id in config.severity else r for r in rules]
    wanted = config.select + config.extend_select if config.select else ()
    chosen = [name for name in wanted if not _cross_file(name)]
    if wanted and not chosen:
        rules = []
    else:
        rules = select_rules(rules, chosen, [name for name in config.ignore if not _cross_file(name)])
    return Linter(tuple(rules), config.unsafe_fixes)


@functools.lru_cache(maxsize=8)
def linter_for(selection: RuleSelection) -> Linter:
    """The linter of ``selection``, built once per process (steps call this per document)."""
    return _resolve(selection)


def severity_at_least(findings: Sequence[Finding], level: str) -> list[Finding]:
    """The findings at ``level`` or above (none for ``never``), as ``--fail-on`` counts them."""
    if level == "never":
        return []
    floor = SEVERITIES.index(level)
    return [f for f in findings if SEVERITIES.index(f.severity) >= floor]
