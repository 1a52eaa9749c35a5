"""The provenance vocabularies: agency names, credit-line, outlet and identifier patterns.

They are YAML in ``rules/provenance/`` (shipped as ``lint/packs/provenance/``), like every
other rule: safe loading only, every field checked, every pattern compiled and its
examples run when the vocabulary loads, so a vocabulary that stops doing what it says
fails with one error line naming the file, line and entry.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import regex

from ..errors import WirelintError
from ..finding import SEVERITIES
from ..yamlschema import check_fields, example_lists, line_span, parse_yaml, quote

AGENCY_TYPES = ("wire", "photo", "outlet")
CREDIT_KINDS = ("wire", "contributor", "dateline", "photo")
OUTLET_ROLES = ("aggregator", "publisher")
EVIDENCE = ("aggregated", "wire", "none")
PLACEHOLDER = "{AGENCY}"
TIMEOUT_SECONDS = 1.0
_ID = regex.compile(r"[a-z0-9][a-z0-9-]*")
_FLAGS = {"ignorecase": regex.IGNORECASE}
_SPACE = r"[^\S\n]+"


@dataclass(frozen=True, slots=True)
class Agency:
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class Example:
    """A text a pattern must match, and what it must then report (keys not given: anything)."""

    text: str
    expect: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True, eq=False)
class Matcher:
    """One compiled vocabulary pattern with what its matches mean."""

    id: str
    family: str
    kind: str
    regex: Any
    source: str
    first: int | None = None
    last: int | None = None
    implies: str | None = None
    exclude: frozenset = frozenset()
    evidence: str = "none"
    matches: tuple[Example, ...] = ()
    non_matches: tuple[str, ...] = ()

    def finditer(self, text: str, start: int, end: int) -> Iterator[Any]:
        """Matches in [start, end); a pattern that runs too long is a one-line error."""
        try:
            yield from self.regex.finditer(text, start, end, timeout=TIMEOUT_SECONDS)
        except TimeoutError:
            raise WirelintError(f"provenance pattern '{self.id}' ({self.source}) took too long on this text") from None

    def excluded(self, value: str) -> bool:
        return " ".join(value.split()).casefold() in self.exclude


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """Severity and message of a lint rule built on reuse detection."""

    id: str
    severity: str
    message: str
    description: str


@dataclass(frozen=True, slots=True, eq=False)
class Vocabulary:
    directory: str
    agencies: tuple[Agency, ...]
    exact: dict
    folded: dict
    names: Any
    credits: tuple[Matcher, ...]
    outlets: tuple[Matcher, ...]
    identifiers: tuple[Matcher, ...]
    rules: dict

    def agency(self, written: str) -> Agency | None:
        """The agency an alias names, whitespace- and (for long aliases) case-insensitively."""
        key = " ".join(written.split())
        return self.exact.get(key) or self.folded.get(key.casefold())

    def find_agencies(self, text: str, start: int, end: int) -> Iterator[tuple[int, int, Agency]]:
        """Each agency alias in text[start:end], as (start, end, agency)."""
        for match in self.names.finditer(text, start, end):
            agency = self.agency(match.group())
            if agency is not None:
                yield match.start(), match.end(), agency


def default_directory() -> Path:
    """``provenance/`` beside the built-in rule packs (installed or in a source checkout)."""
    from ..packs import builtin_pack_dir

    return builtin_pack_dir() / "provenance"


def load_vocabulary(directory: str | os.PathLike | None = None) -> Vocabulary:
    """The vocabulary in ``directory`` (default: the shipped one), loaded once per process."""
    target = Path(directory) if directory is not None else default_directory()
    return _load(str(target.resolve()))


def _read(path: Path, key: str) -> tuple[str, list]:
    from ..source import read_file

    if not path.exists():
        raise WirelintError(f"{path}: provenance vocabulary file is missing")
    try:
        text = read_file(str(path))[0].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WirelintError(f"{path}: cannot read: {exc}") from None
    data = parse_yaml(str(path), text)
    if not isinstance(data, dict) or not isinstance(data.get(key), list) or not data[key]:
        raise WirelintError(f"{path}: must be a mapping with a non-empty list '{key}'")
    check_fields(str(path), data, ("description", key))
    return str(path), data[key]


def _where(path: str, entry: Any, label: str) -> str:
    if not isinstance(entry, dict):
        raise WirelintError(f"{path}: each entry must be a mapping, not {type(entry).__name__}")
    return f"{path}:{getattr(entry, 'line', 0)}: {label}"


def _string(where: str, entry: dict, name: str, default: str | None = None, choices: tuple[str, ...] = ()) -> str | None:
    value = entry.get(name, default)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise WirelintError(f"{where}: field {name!r} must be a non-empty string")
    if choices and value not in choices:
        raise WirelintError(f"{where}: field {name!r} must be one of {', '.join(choices)}, not {quote(value)}")
    return value


def _strings(where: str, entry: dict, name: str) -> list[str]:
    value = entry.get(name, [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise WirelintError(f"{where}: field {name!r} must be a list of non-empty strings")
    return value


def _agencies(path: str, entries: list) -> tuple[tuple[Agency, ...], dict, dict, str]:
    agencies, exact, folded, names = [], {}, {}, set()
    for entry in entries:
        where = _where(path, entry, f"agency {entry.get('name')!r}" if isinstance(entry, dict) else "agency")
        check_fields(where, entry, ("name", "type", "aliases", "exact"), ("name", "type"))
        agency = Agency(_string(where, entry, "name"), _string(where, entry, "type", choices=AGENCY_TYPES))
        if agency.name in names:
            raise WirelintError(f"{where}: agency name {agency.name!r} is listed twice")
        names.add(agency.name)
        aliases, forms = _strings(where, entry, "aliases"), _strings(where, entry, "exact")
        if not aliases and not forms:
            raise WirelintError(f"{where}: give 'aliases' or 'exact' spellings")
        for alias in aliases:
            key = " ".join(alias.split()).casefold()
            if key in folded:
                raise WirelintError(f"{where}: alias {alias!r} already names {folded[key].name!r}")
            folded[key] = agency
        for form in forms:
            key = " ".join(form.split())
            if key in exact:
                raise WirelintError(f"{where}: exact form {form!r} already names {exact[key].name!r}")
            exact[key] = agency
        agencies.append(agency)

    def alternation(words: list[str]) -> str:
        ordered = sorted(words, key=lambda w: (-len(w), w))
        return "|".join(_SPACE.join(regex.escape(part) for part in word.split()) for word in ordered)

    parts = [f"(?i:{alternation(list(folded))})"] if folded else []
    if exact:
        parts.append(f"(?-i:{alternation(list(exact))})")
    names_pattern = rf"(?<![\p{{L}}\p{{N}}])(?:{'|'.join(parts)})(?![\p{{L}}\p{{N}}])"
    return tuple(agencies), exact, folded, names_pattern


def _compile(where: str, pattern: str, flags: list[str], agency_pattern: str) -> Any:
    value = regex.MULTILINE | regex.V0
    for name in flags:
        if name not in _FLAGS:
            raise WirelintError(f"{where}: unknown flag {name!r} (known: {', '.join(_FLAGS)})")
        value |= _FLAGS[name]
    try:
        return regex.compile(pattern.replace(PLACEHOLDER, agency_pattern), value)
    except (regex.error, OverflowError, RecursionError) as exc:
        raise WirelintError(f"{where}: field 'pattern' does not compile: {exc}") from None


def _examples(where: str, entry: dict, keys: tuple[str, ...]) -> tuple[tuple[Example, ...], tuple[str, ...]]:
    matches, non_matches = example_lists(where, entry.get("examples"))
    built = []
    for item in matches:
        if isinstance(item, str):
            built.append(Example(item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str) and set(item) <= {"text", *keys}:
            built.append(Example(item["text"], {k: v for k, v in item.items() if k != "text"}))
        else:
            raise WirelintError(f"{where}: each 'match' example is a string or {{text: ...{''.join(', ' + k + ': ...' for k in keys)}}}")
    return tuple(built), tuple(non_matches)


@dataclass(frozen=True, slots=True)
class _Family:
    """How one vocabulary file of patterns is laid out and what its patterns must have."""

    file: str
    key: str
    fields: tuple[str, ...]
    kind_field: str
    kinds: tuple[str, ...]
    group: str | None
    example_keys: tuple[str, ...]


_COMMON = ("id", "description", "pattern", "flags", "where", "examples")
_FAMILIES = {
    "credit": _Family("credits.yaml", "credits", (*_COMMON, "kind", "implies", "exclude"), "kind", CREDIT_KINDS, None, ("names", "place")),
    "outlet": _Family("outlets.yaml", "outlets", (*_COMMON, "role", "evidence", "exclude"), "role", OUTLET_ROLES, "name", ("name",)),
    "identifier": _Family("identifiers.yaml", "identifiers", (*_COMMON, "kind"), "kind", (), "value", ("value",)),
}


def _matchers(directory: Path, family: str, agency_pattern: str, agency_names: set[str]) -> tuple[Matcher, ...]:
    layout = _FAMILIES[family]
    path, entries = _read(directory / layout.file, layout.key)
    built: list[Matcher] = []
    for entry in entries:
        where = _where(path, entry, f"{family} pattern {entry.get('id')!r}" if isinstance(entry, dict) else family)
        check_fields(where, entry, layout.fields, ("id", layout.kind_field, "pattern", "examples"))
        ident = _string(where, entry, "id")
        if not _ID.fullmatch(ident) or any(m.id == ident for m in built):
            raise WirelintError(f"{where}: id must be unique, lowercase letters, digits and dashes")
        kind = _string(where, entry, layout.kind_field, choices=layout.kinds)
        _string(where, entry, "description", default="-")
        compiled = _compile(where, _string(where, entry, "pattern"), _strings(where, entry, "flags"), agency_pattern)
        groups = set(compiled.groupindex)
        needed = layout.group or ("place" if kind == "dateline" else "credit")
        if needed not in groups:
            raise WirelintError(f"{where}: the pattern needs a named group '{needed}'")
        implies = _string(where, entry, "implies")
        if implies is not None and implies not in agency_names:
            raise WirelintError(f"{where}: 'implies' names {implies!r}, which is not an agency of agencies.yaml")
        first, last = line_span(where, entry)
        matches, non_matches = _examples(where, entry, layout.example_keys)
        built.append(Matcher(
            id=ident, family=family, kind=kind, regex=compiled, source=f"{path}:{entry.line}",
            first=first, last=last, implies=implies,
            exclude=frozenset(" ".join(v.split()).casefold() for v in _strings(where, entry, "exclude")),
            evidence=_string(where, entry, "evidence", default="none", choices=EVIDENCE),
            matches=matches, non_matches=non_matches,
        ))
    return tuple(built)


def _rules(directory: Path) -> dict:
    path, entries = _read(directory / "reuse.yaml", "rules")
    rules: dict[str, RuleInfo] = {}
    for entry in entries:
        where = _where(path, entry, f"rule {entry.get('id')!r}" if isinstance(entry, dict) else "rule")
        check_fields(where, entry, ("id", "severity", "message", "description"), ("id", "severity", "message"))
        ident = _string(where, entry, "id")
        if not ident.startswith("provenance/") or ident in rules:
            raise WirelintError(f"{where}: id must be a unique 'provenance/<name>'")
        rules[ident] = RuleInfo(
            ident, _string(where, entry, "severity", choices=SEVERITIES),
            _string(where, entry, "message").strip(), (_string(where, entry, "description", default="-") or "").strip(),
        )
    for needed in ("provenance/duplicate-article", "provenance/uncredited-reuse"):
        if needed not in rules:
            raise WirelintError(f"{path}: rule {needed!r} is missing")
    return rules


@lru_cache(maxsize=8)
def _load(directory: str) -> Vocabulary:
    root = Path(directory)
    if not root.is_dir():
        raise WirelintError(f"{directory}: provenance vocabulary directory is missing")
    path, entries = _read(root / "agencies.yaml", "agencies")
    agencies, exact, folded, names_pattern = _agencies(path, entries)
    agency_pattern = f"(?:{names_pattern})"
    known = {agency.name for agency in agencies}
    vocabulary = Vocabulary(
        directory=directory, agencies=agencies, exact=exact, folded=folded,
        names=regex.compile(names_pattern, regex.V0),
        credits=_matchers(root, "credit", agency_pattern, known),
        outlets=_matchers(root, "outlet", agency_pattern, known),
        identifiers=_matchers(root, "identifier", agency_pattern, known),
        rules=_rules(root),
    )
    from .examples import check_examples

    check_examples(vocabulary)
    return vocabulary
