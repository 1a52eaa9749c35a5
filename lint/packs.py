"""Loading rule packs from YAML: safe loading, a declared schema, and examples that must hold.

Every problem becomes one WirelintError line naming the file, line and rule, e.g.
``rules/residue.yaml:14: rule 'residue/end-marker': unknown field 'patern' (did you mean 'pattern'?)``.
"""
from __future__ import annotations

import difflib
import functools
import hashlib
import os
import pickle
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import regex

from .document import Document
from .engine import Example, Rule
from .errors import WirelintError
from .finding import APPLICABILITIES, SEVERITIES
from .kinds import registry
from .prefilter import prepare, tag as prefilter_tag

COMMON_FIELDS = ("id", "kind", "severity", "message", "description", "fix", "where", "examples")
FIX_FIELDS = ("action", "applicability", "replacement", "transform")
PACK_FIELDS = ("name", "description", "rules")
_PACK_NAME = regex.compile(r"[a-z0-9][a-z0-9-]*")
_RULE_NAME = regex.compile(r"[a-z0-9][a-z0-9-]*")


class _Mapping(dict):
    """A dict that remembers the YAML line it started on."""

    line = 0


@functools.lru_cache(maxsize=1)
def _loader():
    """A safe YAML loader (no Python tags) that refuses duplicate keys and keeps mapping lines.

    Built on first use: a run whose packs come from the cache never imports yaml.
    """
    import yaml

    class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    def construct_mapping(loader, node):
        data = _Mapping()
        data.line = node.start_mark.line + 1
        yield data
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                duplicate = key in data
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                ) from None
            if duplicate:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            data[key] = loader.construct_object(value_node, deep=True)

    LineLoader.add_constructor("tag:yaml.org,2002:map", construct_mapping)
    return LineLoader


@dataclass(frozen=True, slots=True)
class Pack:
    name: str
    description: str
    path: str
    rules: tuple[Rule, ...]


def builtin_pack_dir() -> Path:
    """The shipped packs: inside the installed package, or ``rules/`` of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "packs", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise WirelintError(f"the built-in rule packs are missing (looked in {here / 'packs'})")


def pack_files(path: str | os.PathLike) -> list[Path]:
    """A pack file, or every ``*.yaml`` / ``*.yml`` file in a directory, sorted."""
    target = Path(path)
    if target.is_dir():
        files = sorted(p for p in target.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        if not files:
            raise WirelintError(f"{path}: no rule packs (*.yaml) in this directory")
        return files
    if not target.exists():
        raise WirelintError(f"{path}: no such rule pack")
    return [target]


def _parse_yaml(path: str, text: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark else path
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise WirelintError(f"{where}: invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise WirelintError(f"{path}: invalid YAML: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise WirelintError(f"{path}: invalid YAML: nested too deeply") from None
    except (ValueError, TypeError, OverflowError, IndexError, KeyError, AttributeError) as exc:
        # a tagged scalar the constructor cannot build ("2024-02-30", "!!int x")
        raise WirelintError(f"{path}: invalid YAML value: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None


def _unknown(where: str, name: str, allowed: Iterable[str]) -> WirelintError:
    allowed = list(allowed)
    close = difflib.get_close_matches(name, allowed, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (allowed: {', '.join(allowed)})"
    return WirelintError(f"{where}: unknown field {name!r}{hint}")


def _type_name(types: tuple[type, ...]) -> str:
    names = {bool: "true/false", int: "a whole number", float: "a number", str: "a string", list: "a list", dict: "a mapping"}
    return " or ".join(names.get(t, t.__name__) for t in types)


def _check_type(where: str, name: str, value: Any, types: tuple[type, ...], item: type | None = None) -> None:
    if isinstance(value, bool) and bool not in types:
        raise WirelintError(f"{where}: field {name!r} must be {_type_name(types)}, not {value!r}")
    if not isinstance(value, types):
        raise WirelintError(f"{where}: field {name!r} must be {_type_name(types)}, not {type(value).__name__}")
    if item is not None and isinstance(value, list):
        for element in value:
            if not isinstance(element, item) or isinstance(element, bool):
                raise WirelintError(f"{where}: field {name!r} must be a list of {_type_name((item,))}s, not {element!r}")


def _build_rule(path: str, pack: str, spec: Any, kinds: dict) -> Rule:
    if not isinstance(spec, dict):
        raise WirelintError(f"{path}: each rule must be a mapping, not {type(spec).__name__}")
    line = getattr(spec, "line", 0)
    rule_id = spec.get("id")
    if not isinstance(rule_id, str):
        raise WirelintError(f"{path}:{line}: rule without a string 'id'")
    where = f"{path}:{line}: rule {rule_id!r}"
    prefix, _, name = rule_id.partition("/")
    if prefix != pack or not _RULE_NAME.fullmatch(name):
        raise WirelintError(f"{where}: id must be '{pack}/<name>' with lowercase letters, digits and dashes")
    kind_name = spec.get("kind")
    if not isinstance(kind_name, str) or kind_name not in kinds:
        raise WirelintError(f"{where}: unknown kind {kind_name!r} (known: {', '.join(sorted(kinds))})")
    kind_cls = kinds[kind_name]
    for key in spec:
        if key not in COMMON_FIELDS and key not in kind_cls.FIELDS:
            raise _unknown(where, str(key), [*COMMON_FIELDS, *kind_cls.FIELDS])
    severity = spec.get("severity")
    if not isinstance(severity, str) or severity not in SEVERITIES:
        raise WirelintError(f"{where}: severity must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    message = spec.get("message")
    if not isinstance(message, str) or not message.strip():
        raise WirelintError(f"{where}: field 'message' must be a non-empty string")
    description = spec.get("description", "")
    _check_type(where, "description", description, (str,))

    first = last = None
    if "where" in spec:
        position = spec["where"]
        if not isinstance(position, dict) or len(position) != 1 or not set(position) <= {"first", "last"}:
            raise WirelintError(f"{where}: field 'where' must be {{first: N}} or {{last: N}}")
        count = next(iter(position.values()))
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise WirelintError(f"{where}: field 'where' needs a whole number of lines of at least 1")
        first, last = position.get("first"), position.get("last")

    fix = spec.get("fix")
    action = applicability = replacement = None
    if fix is not None:
        if not isinstance(fix, dict):
            raise WirelintError(f"{where}: field 'fix' must be a mapping with 'action' and 'applicability'")
        for key in fix:
            if key not in FIX_FIELDS:
                raise _unknown(f"{where}: fix", str(key), FIX_FIELDS)
        action = fix.get("action")
        if not isinstance(action, str) or action not in kind_cls.FIX_ACTIONS:
            raise WirelintError(f"{where}: fix action must be one of {', '.join(kind_cls.FIX_ACTIONS)} for kind {kind_name}, not {action!r}")
        applicability = fix.get("applicability", "safe")
        if not isinstance(applicability, str) or applicability not in APPLICABILITIES:
            raise WirelintError(f"{where}: fix applicability must be 'safe' or 'unsafe', not {applicability!r}")
        replacement = fix.get("replacement")
        if replacement is not None:
            _check_type(f"{where}: fix", "replacement", replacement, (str,))
        if fix.get("transform") is not None:
            _check_type(f"{where}: fix", "transform", fix["transform"], (str,))
        if (replacement is not None or fix.get("transform") is not None) and action != "replace":
            raise WirelintError(f"{where}: fix 'replacement' and 'transform' go with action 'replace'")

    kind_spec = {"fix": fix}
    for key, declared in kind_cls.FIELDS.items():
        if key in spec:
            _check_type(where, key, spec[key], declared.types, declared.item)
            kind_spec[key] = spec[key]
        elif declared.required:
            raise WirelintError(f"{where}: missing field {key!r} ({declared.doc})")
        else:
            kind_spec[key] = declared.default
    try:
        kind = kind_cls(kind_spec)
    except ValueError as exc:
        raise WirelintError(f"{where}: {exc}") from None

    matches, non_matches = _examples(where, spec.get("examples"))
    return Rule(
        id=rule_id, kind_name=kind_name, kind=kind, severity=severity, message=message.strip(),
        description=description.strip(), first=first, last=last, fix_action=action,
        fix_applicability=applicability, fix_replacement=replacement, matches=matches,
        non_matches=non_matches, source=f"{path}:{line}",
    )


def _examples(where: str, examples: Any) -> tuple[tuple[Example, ...], tuple[str, ...]]:
    if not isinstance(examples, dict):
        raise WirelintError(f"{where}: field 'examples' must be a mapping with 'match' and 'no_match' lists")
    for key in examples:
        if key not in ("match", "no_match"):
            raise _unknown(f"{where}: examples", str(key), ("match", "no_match"))
    raw_matches, raw_non = examples.get("match"), examples.get("no_match")
    if not isinstance(raw_matches, list) or not raw_matches:
        raise WirelintError(f"{where}: examples need a non-empty 'match' list")
    if not isinstance(raw_non, list) or not raw_non:
        raise WirelintError(f"{where}: examples need a non-empty 'no_match' list")
    matches = []
    for item in raw_matches:
        if isinstance(item, str):
            matches.append(Example(item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str) and set(item) <= {"text", "fixed"}:
            fixed = item.get("fixed")
            if fixed is not None and not isinstance(fixed, str):
                raise WirelintError(f"{where}: example 'fixed' must be a string")
            matches.append(Example(item["text"], fixed))
        else:
            raise WirelintError(f"{where}: each 'match' example is a string or {{text: ..., fixed: ...}}")
    for item in raw_non:
        if not isinstance(item, str):
            raise WirelintError(f"{where}: each 'no_match' example must be a string")
    return tuple(matches), tuple(raw_non)


def load_pack(path: str | os.PathLike, kinds: dict | None = None) -> Pack:
    """Parse and validate one pack file (examples are checked by ``load_rules``)."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WirelintError(f"{name}: cannot read rule pack: {getattr(exc, 'strerror', None) or exc}") from None
    data = _parse_yaml(name, text)
    if not isinstance(data, dict):
        raise WirelintError(f"{name}: a rule pack must be a mapping with 'name', 'description' and 'rules'")
    for key in data:
        if key not in PACK_FIELDS:
            raise _unknown(f"{name}:{data.line}", str(key), PACK_FIELDS)
    pack_name = data.get("name")
    if not isinstance(pack_name, str) or not _PACK_NAME.fullmatch(pack_name):
        raise WirelintError(f"{name}: pack 'name' must be lowercase letters, digits and dashes")
    rules = data.get("rules")
    if not isinstance(rules, list) or not rules:
        raise WirelintError(f"{name}: pack 'rules' must be a non-empty list")
    kinds = kinds or registry()
    built = tuple(_build_rule(name, pack_name, spec, kinds) for spec in rules)
    return Pack(pack_name, str(data.get("description", "")).strip(), name, built)


def check_examples(rule: Rule) -> None:
    """Raise WirelintError unless every example of ``rule`` behaves as it says."""
    where = f"{rule.source}: rule {rule.id!r}"
    try:
        _check_examples(rule, where)
    except (IndexError, ValueError, TypeError, regex.error, re.error) as exc:
        # e.g. a replacement template naming a group the pattern lacks
        raise WirelintError(f"{where}: fails on its own examples: {exc}") from None


def _check_examples(rule: Rule, where: str) -> None:
    from .fixes import fix_text

    for example in rule.matches:
        if not list(rule.hits(Document(example.text))):
            raise WirelintError(f"{where}: 'match' example does not match: {example.text!r}")
        if example.fixed is not None:
            if rule.fix_action is None:
                raise WirelintError(f"{where}: example gives 'fixed' text but the rule has no fix")
            got = fix_text(example.text, [rule], unsafe=True, max_deleted_share=1.0).text
            if got != example.fixed:
                raise WirelintError(f"{where}: fixing {example.text!r} gives {got!r}, example says {example.fixed!r}")
    for text in rule.non_matches:
        if list(rule.hits(Document(text))):
            raise WirelintError(f"{where}: 'no_match' example matches: {text!r}")


def cache_dir() -> Path | None:
    """Where compiled packs are cached: $WIRELINT_CACHE_DIR, else the user's cache folder.

    ``WIRELINT_CACHE_DIR=`` (empty) turns the cache off.
    """
    configured = os.environ.get("WIRELINT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "wirelint"


def _cache_key(files: Sequence[Path]) -> str | None:
    from . import __version__

    digest = hashlib.sha256(f"wirelint {__version__}\0{prefilter_tag()}\0".encode())
    for file in files:
        try:
            digest.update(str(file.resolve()).encode("utf-8", "surrogatepass") + b"\0" + file.read_bytes() + b"\0")
        except OSError:
            return None
    return digest.hexdigest()[:32]


def _read_cache(path: Path) -> list[Rule] | None:
    try:
        with open(path, "rb") as handle:
            rules = pickle.load(handle)
    except Exception:  # a stale, truncated or foreign cache file is only a cache miss
        return None
    return rules if isinstance(rules, list) and all(isinstance(r, Rule) for r in rules) else None


def _write_cache(path: Path, rules: list[Rule]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".rules-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(rules, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # no cache this time: a read-only home or an unpicklable custom rule is fine


def load_rules(extra: Sequence[str | os.PathLike] = (), builtin: bool = True, cache: bool = True) -> list[Rule]:
    """Every rule of the built-in packs (unless ``builtin`` is false) and of ``extra`` paths.

    Validated packs are cached, keyed by wirelint's version and the packs' paths and
    contents, so a run whose packs did not change skips parsing YAML and checking examples.
    """
    files: list[Path] = []
    if builtin:
        files.extend(pack_files(builtin_pack_dir()))
    for path in extra:
        files.extend(pack_files(path))
    folder = cache_dir() if cache else None
    key = _cache_key(files) if folder is not None else None
    if key is not None:
        cached = _read_cache(folder / f"rules-{key}.pickle")
        if cached is not None:
            return cached
    rules = _load_files(files)
    if key is not None:
        prepare(rules)  # the prefilter's evidence is cached with the rules
        _write_cache(folder / f"rules-{key}.pickle", rules)
    return rules


def _load_files(files: Sequence[Path]) -> list[Rule]:
    kinds = registry()
    rules: dict[str, Rule] = {}
    packs: dict[str, str] = {}
    for file in files:
        pack = load_pack(file, kinds)
        if pack.name in packs and packs[pack.name] != str(file):
            raise WirelintError(f"{file}: pack name {pack.name!r} is already used by {packs[pack.name]}")
        packs[pack.name] = str(file)
        for rule in pack.rules:
            if rule.id in rules:
                raise WirelintError(f"{rule.source}: rule {rule.id!r}: duplicate id (first defined at {rules[rule.id].source})")
            rules[rule.id] = rule
    for rule in rules.values():
        bind = getattr(rule.kind, "bind", None)
        if bind is not None:
            try:
                bind(rules)
            except ValueError as exc:
                raise WirelintError(f"{rule.source}: rule {rule.id!r}: {exc}") from None
    for rule in rules.values():
        try:
            check_examples(rule)
        except TimeoutError:
            raise WirelintError(f"{rule.source}: rule {rule.id!r}: pattern too slow on its own examples") from None
    return sorted(rules.values(), key=lambda r: r.id)


def select_rules(rules: Sequence[Rule], select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[Rule]:
    """Rules chosen by id or pack prefix (``residue`` or ``residue/``); unknown names are errors."""
    known_ids = {rule.id for rule in rules}
    known_packs = {rule.pack for rule in rules}

    def matcher(name: str):
        name = name.strip().rstrip("/")
        if name in ("ALL", "all"):
            return lambda rule: True
        if name in known_ids:
            return lambda rule: rule.id == name
        if name in known_packs:
            return lambda rule: rule.pack == name
        close = difflib.get_close_matches(name, sorted(known_ids | known_packs), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise WirelintError(f"unknown rule or pack {name!r}{hint}")

    chosen = [matcher(name) for name in select if name.strip()]
    dropped = [matcher(name) for name in ignore if name.strip()]
    return [
        rule for rule in rules
        if (not chosen or any(m(rule) for m in chosen)) and not any(m(rule) for m in dropped)
    ]
