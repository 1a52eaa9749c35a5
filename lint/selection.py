"""Which rules run on which file: ``--select``, ``--ignore``, ``--extend-select``, severity
overrides and per-file ignores, resolved once, the cross-file reuse rules included.

Every name is checked against the loaded rules (an unknown id or pack is one error line
saying where it was written), and the per-file ignores are resolved for each path
*before* it is checked, so an ignored rule neither reports nor fixes there.
"""
from __future__ import annotations

from .structs import dataclass, replace
from fnmatch import fnmatch
from typing import Any, Iterable, Sequence

from .config import Settings, normalised
from .engine import Rule
from .errors import WirelintError

REUSE_PACK = "provenance"
REUSE_RULES = ("provenance/duplicate-article", "provenance/uncredited-reuse")
TEMPLATE_RULE = "residue/template-line"  # learned from the batch or a saved file, added per path
EVERYTHING = ("ALL", "all")


def resolve_names(names: Iterable[str], origin: str, known: Sequence[str]) -> frozenset[str]:
    """The rule ids ``names`` stand for (ids, pack names with or without ``/``, ``ALL``)."""
    packs = {rule_id.split("/", 1)[0] for rule_id in known}
    chosen: set[str] = set()
    for raw in names:
        name = raw.strip().rstrip("/")
        if not name:
            continue
        if name in EVERYTHING:
            chosen.update(known)
        elif name in known:
            chosen.add(name)
        elif name in packs:
            chosen.update(rule_id for rule_id in known if rule_id.split("/", 1)[0] == name)
        else:
            import difflib  # only for this error

            close = difflib.get_close_matches(name, sorted({*known, *packs}), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            where = f" in {origin}" if origin else ""
            raise WirelintError(f"unknown rule or pack {name[:80]!r}{where}{hint}")
    return frozenset(chosen)


def path_matches(glob: str, path: str) -> bool:
    """Whether ``path`` (already normalised, ``/``-separated) or any trailing part of it matches ``glob``."""
    parts = path.split("/")
    return any(fnmatch("/".join(parts[i:]), glob) for i in range(len(parts)))


@dataclass(frozen=True, slots=True)
class Selection:
    """The rules of a run: ``rules`` run in the engine, ``reuse`` across files; ``per_file``
    lists (glob, rule ids) not to run on matching paths, relative to ``root``;
    ``stdin_name`` is the path ``-`` stands for (``--stdin-filename``); ``template`` says
    whether ``residue/template-line`` is selected, ``templates`` (set by the run once the
    lines are known) gives its Rule for a path (``rule_for(path)``, None: no lines)."""

    rules: tuple[Rule, ...]
    reuse: frozenset[str]
    per_file: tuple[tuple[str, frozenset[str]], ...] = ()
    root: str = "."
    stdin_name: str | None = None
    severity: tuple[tuple[str, str], ...] = ()
    template: bool = False
    templates: Any = None

    def severity_of(self, rule_id: str, default: str) -> str:
        """A rule's severity after the overrides (for the reuse rules, which are not Rule records)."""
        return dict(self.severity).get(rule_id, default)

    def dropped_for(self, path: str) -> frozenset[str]:
        """Rule ids the per-file ignores turn off for ``path`` (a file, or ``FILE#RECORD``)."""
        if path == "-":
            path = self.stdin_name or path
        if not self.per_file or path == "-":
            return frozenset()
        file, hash_, record = path.partition("#")
        names = [normalised(file, self.root)]
        if hash_:
            names.append(f"{names[0]}#{record}")
        dropped: set[str] = set()
        for glob, ids in self.per_file:
            if any(path_matches(glob, name) for name in names):
                dropped.update(ids)
        return frozenset(dropped)

    def rules_for(self, path: str) -> tuple[Rule, ...]:
        """The engine rules that run on ``path`` (with the template rule, when it has lines)."""
        dropped = self.dropped_for(path)
        rules = tuple(rule for rule in self.rules if rule.id not in dropped) if dropped else self.rules
        if self.templates is not None and self.template and TEMPLATE_RULE not in dropped:
            extra = self.templates.rule_for(self.stdin_name or path if path == "-" else path)
            if extra is not None:
                rules = (*rules, extra)
        return rules

    def reuse_for(self, path: str) -> frozenset[str]:
        """The reuse rules that report on ``path``."""
        return self.reuse - self.dropped_for(path)

    def templates_for(self, path: str) -> frozenset[str]:
        """The learned-template rule, if it reports on ``path`` (for runs that flag template lines themselves)."""
        return frozenset((TEMPLATE_RULE,)) - self.dropped_for(path) if self.template else frozenset()


def select(settings: Settings, rules: Sequence[Rule]) -> Selection:
    """The Selection ``settings`` make of the loaded ``rules`` (severity overrides applied)."""
    known = (*(rule.id for rule in rules), *REUSE_RULES, TEMPLATE_RULE)
    severity = dict(settings.severity)
    for rule_id in severity:
        if rule_id not in known:
            raise WirelintError(f"{settings.origin('severity')}: severity override for unknown rule {rule_id[:80]!r}")
    chosen = set(known)
    if settings.select:
        chosen = set(resolve_names(settings.select, settings.origin("select"), known))
        chosen |= resolve_names(settings.extend_select, settings.origin("extend_select"), known)
    chosen -= resolve_names(settings.ignore, settings.origin("ignore"), known)
    per_file = tuple(
        (entry.glob, resolve_names(entry.names, entry.origin, known)) for entry in settings.per_file_ignores
    )
    engine = tuple(
        replace(rule, severity=severity[rule.id]) if rule.id in severity else rule
        for rule in rules if rule.id in chosen
    )
    reuse = frozenset(rule_id for rule_id in REUSE_RULES if rule_id in chosen)
    return Selection(engine, reuse, per_file, settings.root, severity=settings.severity,
                     template=TEMPLATE_RULE in chosen)
