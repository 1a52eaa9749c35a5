"""Loading rule packs from YAML: safe loading, a declared schema, and examples that must hold.

Every problem becomes one WirelintError line naming the file, line and rule, e.g.
``rules/residue.yaml:14: rule 'residue/end-marker': unknown field 'patern' (did you mean 'pattern'?)``.
"""
from __future__ import annotations

import io
import os
import pickle
import stat
import re
from .structs import dataclass
from typing import TYPE_CHECKING, Any, Sequence

import regex

from .document import Document
from .engine import Example, Rule
from .errors import WirelintError
from .finding import APPLICABILITIES, SEVERITIES
from .kinds import LazyRegex, registry
from .kinds import programs
from .kinds.limits import compile_bounded
from .yamlschema import check_fields, example_lists, line_span, parse_yaml, quote, unknown_field
from . import prefilter
from .prefilter import prepare

try:  # hashlib's own BLAKE2: ``import hashlib`` loads OpenSSL first, 3-4 ms of a one-file run
    from _blake2 import blake2b
except ImportError:  # a Python without that module: the same function through hashlib
    from hashlib import blake2b

if TYPE_CHECKING:
    from pathlib import Path

COMMON_FIELDS = ("id", "kind", "severity", "message", "description", "fix", "where", "examples")
FIX_FIELDS = ("action", "applicability", "replacement", "transform")
PACK_FIELDS = ("name", "description", "rules")
_PACK_NAME = _RULE_NAME = r"[a-z0-9][a-z0-9-]*"  # compiled when YAML is read: a cached run never needs them


@dataclass(frozen=True, slots=True)
class Pack:
    name: str
    description: str
    path: str
    rules: tuple[Rule, ...]


def builtin_pack_dir() -> Path:
    """The shipped packs: inside the installed package, or ``rules/`` of a source checkout."""
    from pathlib import Path

    return Path(_builtin_folder())


def _builtin_folder() -> str:
    """``builtin_pack_dir`` as a string: a run whose rules are cached never imports pathlib."""
    here = os.path.dirname(os.path.realpath(__file__))
    for candidate in (os.path.join(here, "packs"), os.path.join(os.path.dirname(here), "rules")):
        if os.path.isdir(candidate):
            return candidate
    raise WirelintError(f"the built-in rule packs are missing (looked in {os.path.join(here, 'packs')})")


def pack_files(path: str | os.PathLike) -> list[Path]:
    """A pack file, or every ``*.yaml`` / ``*.yml`` file in a directory, sorted."""
    from pathlib import Path

    return [Path(file) for file in _pack_paths(Path(path), path)]


def _suffix(name: str) -> str:
    """``PurePath(name).suffix``."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _pack_paths(target: str | os.PathLike, given: str | os.PathLike) -> list[str]:
    """``pack_files`` as strings: ``target`` is the path as pathlib spells it, ``given`` as the user did."""
    target = os.fspath(target)
    if os.path.isdir(target):
        names = (os.path.join(target, name) for name in os.listdir(target) if _suffix(name) in (".yaml", ".yml"))
        files = sorted(name for name in names if os.path.isfile(name))
        if not files:
            raise WirelintError(f"{given}: no rule packs (*.yaml) in this directory")
        return files
    if not os.path.exists(target):
        raise WirelintError(f"{given}: no such rule pack")
    if not os.path.isfile(target):
        raise WirelintError(f"{given}: not a regular file; not read as a rule pack")
    return [target]


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
    """One validated Rule from its YAML mapping; ``kinds`` is the kind registry."""
    if not isinstance(spec, dict):
        raise WirelintError(f"{path}: each rule must be a mapping, not {type(spec).__name__}")
    line = getattr(spec, "line", 0)
    rule_id = spec.get("id")
    if not isinstance(rule_id, str):
        raise WirelintError(f"{path}:{line}: rule without a string 'id'")
    where = f"{path}:{line}: rule {quote(rule_id)}"
    prefix, _, name = rule_id.partition("/")
    if prefix != pack or not regex.fullmatch(_RULE_NAME, name):
        raise WirelintError(f"{where}: id must be '{pack}/<name>' with lowercase letters, digits and dashes")
    kind_name = spec.get("kind")
    if not isinstance(kind_name, str) or kind_name not in kinds:
        raise WirelintError(f"{where}: unknown kind {quote(kind_name)} (known: {', '.join(sorted(kinds))})")
    kind_cls = kinds[kind_name]
    check_fields(where, spec, [*COMMON_FIELDS, *kind_cls.FIELDS])
    severity, message, description = _texts(where, spec)
    first, last = line_span(where, spec)
    fix = _fix_fields(where, spec.get("fix"), kind_cls, kind_name)
    kind = _build_kind(where, spec, kind_cls)
    matches, non_matches = _examples(where, spec.get("examples"))
    return Rule(
        id=rule_id, kind_name=kind_name, kind=kind, severity=severity, message=message,
        description=description, first=first, last=last, fix_action=fix.action,
        fix_applicability=fix.applicability, fix_replacement=fix.replacement, matches=matches,
        non_matches=non_matches, source=f"{path}:{line}",
    )


def _texts(where: str, spec: dict) -> tuple[str, str, str]:
    """A rule's severity, message and description, checked."""
    severity = spec.get("severity")
    if not isinstance(severity, str) or severity not in SEVERITIES:
        raise WirelintError(f"{where}: severity must be one of {', '.join(SEVERITIES)}, not {quote(severity)}")
    message = spec.get("message")
    if not isinstance(message, str) or not message.strip():
        raise WirelintError(f"{where}: field 'message' must be a non-empty string")
    description = spec.get("description", "")
    _check_type(where, "description", description, (str,))
    return severity, message.strip(), description.strip()


@dataclass(frozen=True, slots=True)
class _FixFields:
    action: str | None = None
    applicability: str | None = None
    replacement: str | None = None


def _fix_fields(where: str, fix: Any, kind_cls: Any, kind_name: str) -> _FixFields:
    """The ``fix`` mapping of a rule, checked against what its kind can do."""
    if fix is None:
        return _FixFields()
    if not isinstance(fix, dict):
        raise WirelintError(f"{where}: field 'fix' must be a mapping with 'action' and 'applicability'")
    check_fields(f"{where}: fix", fix, FIX_FIELDS)
    action = fix.get("action")
    if not isinstance(action, str) or action not in kind_cls.FIX_ACTIONS:
        raise WirelintError(
            f"{where}: fix action must be one of {', '.join(kind_cls.FIX_ACTIONS)} for kind {kind_name}, not {quote(action)}"
        )
    applicability = fix.get("applicability", "safe")
    if not isinstance(applicability, str) or applicability not in APPLICABILITIES:
        raise WirelintError(f"{where}: fix applicability must be 'safe' or 'unsafe', not {quote(applicability)}")
    replacement = fix.get("replacement")
    if replacement is not None:
        _check_type(f"{where}: fix", "replacement", replacement, (str,))
    if fix.get("transform") is not None:
        _check_type(f"{where}: fix", "transform", fix["transform"], (str,))
    if (replacement is not None or fix.get("transform") is not None) and action != "replace":
        raise WirelintError(f"{where}: fix 'replacement' and 'transform' go with action 'replace'")
    return _FixFields(action, applicability, replacement)


def _build_kind(where: str, spec: dict, kind_cls: Any) -> Any:
    """The kind instance, from the fields its class declares (defaults filled in)."""
    kind_spec = {"fix": spec.get("fix")}
    for key, declared in kind_cls.FIELDS.items():
        if key in spec:
            _check_type(where, key, spec[key], declared.types, declared.item)
            kind_spec[key] = spec[key]
        elif declared.required:
            raise WirelintError(f"{where}: missing field {key!r} ({declared.doc})")
        else:
            kind_spec[key] = declared.default
    try:
        return kind_cls(kind_spec)
    except ValueError as exc:
        raise WirelintError(f"{where}: {exc}") from None


def _examples(where: str, examples: Any) -> tuple[tuple[Example, ...], tuple[str, ...]]:
    raw_matches, raw_non = example_lists(where, examples)
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
    return tuple(matches), tuple(raw_non)


def load_pack(path: str | os.PathLike, kinds: dict | None = None) -> Pack:
    """Parse and validate one pack file (examples are checked by ``load_rules``)."""
    name = str(path)
    from .source import read_file

    try:
        text = read_file(name)[0].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WirelintError(f"{name}: cannot read rule pack: {exc}") from None

    data = parse_yaml(name, text)
    if not isinstance(data, dict):
        raise WirelintError(f"{name}: a rule pack must be a mapping with 'name', 'description' and 'rules'")
    for key in data:
        if key not in PACK_FIELDS:
            raise unknown_field(f"{name}:{data.line}", key, PACK_FIELDS)
    pack_name = data.get("name")
    if not isinstance(pack_name, str) or not regex.fullmatch(_PACK_NAME, pack_name):
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
    from pathlib import Path

    folder = _cache_folder()
    return None if folder is None else Path(folder)


def _cache_folder() -> str | None:
    configured = os.environ.get("WIRELINT_CACHE_DIR")
    if configured is not None:
        return configured or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "wirelint")


def _cache_key(files: Sequence[str]) -> str | None:
    from .version import __version__

    try:
        code = _code_state()
    except OSError:  # its files cannot be listed (a zip import, say): no cache
        return None
    layout = f"wirelint {__version__}\0rules and regex {regex.__version__} programs, blake2b\0{code}\0"
    digest = blake2b(layout.encode("utf-8", "surrogatepass"), digest_size=16)
    for file in files:
        try:
            with open(file, "rb") as handle:
                content = handle.read()
            digest.update(os.path.realpath(file).encode("utf-8", "surrogatepass") + b"\0" + content + b"\0")
        except OSError:
            return None
    return digest.hexdigest()[:32]


def _code_state() -> str:
    """The code behind what the cache holds, for its key: the name, size and modification
    time of each module of the rule kinds (their instances are pickled), of the prefilter
    (the evidence cached with the rules comes from it) and of the rule record, as Python's
    bytecode cache tells a changed module. A kind edited without a version bump (an
    editable install) then compiles afresh instead of loading instances its code no longer
    fits. ``prefilter.tag()`` hashes the prefilter's contents, which costs a one-file run
    5 ms (it imports pathlib); the prefilter checks that tag itself before it uses cached
    evidence, so a stale cache could only cost time, never a finding."""
    from . import document, engine, kinds

    state = []
    for package in (kinds, prefilter):
        folder = os.path.dirname(os.path.abspath(package.__file__))
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    state.append(f"{package.__name__}/{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    for module in (engine, document):
        info = os.stat(module.__file__)
        state.append(f"{module.__name__}:{info.st_size}:{info.st_mtime_ns}")
    return ",".join(sorted(state))


def _signature(secret: bytes, blob: bytes) -> bytes:
    """The cache file's signature: BLAKE2b keyed with this user's secret (a MAC, RFC 7693)."""
    return blake2b(blob, key=secret, digest_size=32).digest()


def _same_signature(secret: bytes, one: bytes, other: bytes) -> bool:
    """Whether two signatures are equal, in time that tells nothing about where they differ:
    what is compared is their own keyed digests (``hmac.compare_digest`` would import hashlib)."""
    return _signature(secret, one) == _signature(secret, other)


def _cache_secret(folder: str) -> bytes | None:
    """This user's key for signing cache files (``cache.key``, mode 0600, created on first use).

    A key file that another user owns or can read or write is not trusted: no cache then.
    """
    key_path = os.path.join(folder, "cache.key")
    try:
        os.makedirs(folder, exist_ok=True)
        try:
            fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            import secrets

            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(32))
        fd = os.open(key_path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077 or info.st_uid != os.geteuid():
                return None
            secret = handle.read(64)
    except OSError:
        return None
    return secret if len(secret) == 32 else None


def _read_cache(path: str, secret: bytes) -> list[Rule] | None:
    """The rules of a cache file, only if its signature is this user's (else a cache miss).

    The regex programs saved with them are restored first, so that the kind modules the
    rules import compile their own patterns from them too.
    """
    try:
        with open(path, "rb", buffering=0) as handle:  # one read into one buffer: 0.5 ms less than buffered reads and slices
            data = handle.readall()
    except OSError:
        return None
    signature, blob = data[:32], memoryview(data)[32:]
    if not _same_signature(secret, signature, _signature(secret, blob)):
        return None  # planted, truncated or from another key: never unpickled
    try:
        saved_programs, rules_blob = pickle.loads(blob)  # noqa: S301 - signed with this user's key
        programs.restore(saved_programs)
        rules = pickle.loads(rules_blob)  # noqa: S301
    except Exception:  # a stale cache of an older layout is only a cache miss
        return None
    return rules if isinstance(rules, list) and all(isinstance(r, Rule) for r in rules) else None


class _RulePickler(pickle.Pickler):
    """Pickles rules, recording the program of every regex they hold (most compile on first use only)."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, LazyRegex) and obj.engine == "regex":
            try:
                compile_bounded(obj.source, obj.flags)
            except (regex.error, OverflowError, RecursionError, MemoryError):
                pass  # it fails the same way when used
        return NotImplemented


def _write_cache(path: str, rules: list[Rule], secret: bytes) -> None:
    import tempfile  # only when the cache is written

    try:
        buffer = io.BytesIO()
        _RulePickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(rules)
        blob = pickle.dumps((programs.saved(), buffer.getvalue()), protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".rules-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(_signature(secret, blob) + blob)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # no cache this time: a read-only home or an unpicklable custom rule is fine


def load_rules(extra: Sequence[str | os.PathLike] = (), builtin: bool = True, cache: bool = True) -> list[Rule]:
    """Every rule of the built-in packs (unless ``builtin`` is false) and of ``extra`` paths.

    Validated packs are cached, keyed by wirelint's version and the packs' paths and
    contents, so a run whose packs did not change skips parsing YAML and checking examples.
    Cache files are signed (keyed BLAKE2b) with a per-user key and never unpickled unsigned.
    """
    files: list[str] = []
    if builtin:
        shipped = _builtin_folder()
        files.extend(_pack_paths(shipped, shipped))
    for path in extra:
        files.extend(str(file) for file in pack_files(path))  # spelt as pathlib does, in messages
    folder = _cache_folder() if cache else None
    secret = _cache_secret(folder) if folder is not None else None
    key = _cache_key(files) if secret is not None else None
    if key is not None:
        cached = _read_cache(os.path.join(folder, f"rules-{key}.pickle"), secret)
        if cached is not None:
            return cached
    rules = _load_files(files)
    if key is not None:
        prepare(rules)  # the prefilter's evidence is cached with the rules
        _write_cache(os.path.join(folder, f"rules-{key}.pickle"), rules, secret)
    return rules


def _load_files(files: Sequence[str]) -> list[Rule]:
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
    from .selection import resolve_names

    known = [rule.id for rule in rules]
    chosen = resolve_names(select, "", known) if any(name.strip() for name in select) else set(known)
    dropped = resolve_names(ignore, "", known)
    return [rule for rule in rules if rule.id in chosen and rule.id not in dropped]
