"""Project configuration: ``[tool.wirelint]`` in pyproject.toml, ``wirelint.toml`` or ``.wirelint.yaml``.

The file closest to the checked paths wins (searching upwards from their common
directory), ``--config`` names one outright, and every key has a command-line flag that
overrides it. Unknown keys are an error naming the file and the key.
"""
from __future__ import annotations

import os
from .structs import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Sequence

from .errors import WirelintError
from .finding import SEVERITIES
from .yamlschema import parse_yaml

if TYPE_CHECKING:
    from pathlib import Path

CONFIG_NAMES = ("wirelint.toml", ".wirelint.yaml", ".wirelint.yml", "pyproject.toml")
FAIL_ON = (*SEVERITIES, "never")


@dataclass(frozen=True, slots=True)
class Config:
    """Settings for a run; ``path`` is the file they came from (None: defaults)."""

    path: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "warning"
    include: tuple[str, ...] = ("*.txt", "*.md")
    exclude: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unsafe_fixes: bool = False
    template_source: str = "folder"

    def with_overrides(self, **values: Any) -> "Config":
        """A copy with the given (non-None) command-line values taking precedence."""
        return replace(self, **{key: value for key, value in values.items() if value is not None})


_KEYS = {
    "select": "select", "ignore": "ignore", "extend-select": "extend_select", "rules": "rules",
    "severity": "severity", "fail-on": "fail_on", "include": "include", "exclude": "exclude",
    "per-file-ignores": "per_file_ignores", "unsafe-fixes": "unsafe_fixes", "template-source": "template_source",
}
TEMPLATE_SOURCES = ("folder", "none")
PATTERN_PREFIX = "pattern:"


def check_template_source(value: object, where: str) -> str:
    """A valid ``template-source``: ``folder`` (a folder per source), ``none`` (the batch
    only) or ``pattern:REGEX`` (its first group, else its match, in the file's path)."""
    import re

    if isinstance(value, str) and value in TEMPLATE_SOURCES:
        return value
    if isinstance(value, str) and value.startswith(PATTERN_PREFIX):
        try:
            re.compile(value[len(PATTERN_PREFIX):])
        except re.error as exc:
            raise WirelintError(f"{where}: template-source {value!r}: bad regular expression ({exc})") from None
        return value
    raise WirelintError(f"{where}: template-source must be folder, none or pattern:REGEX, not {value!r}")


def _read_table(path: str | os.PathLike) -> dict | None:
    """The wirelint table of a config file, or None for a pyproject.toml without one."""
    from .source import read_file

    raw, _ = read_file(str(path))
    name = os.path.basename(path)
    dot = name.rfind(".")
    if (name[dot:] if 0 < dot < len(name) - 1 else "") in (".yaml", ".yml"):  # pathlib's suffix
        import yaml

        try:
            data = parse_yaml(str(path), raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise WirelintError(f"{path}: invalid YAML: not UTF-8") from None
        data = {} if data is None else data
    else:
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef]
        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise WirelintError(f"{path}: invalid TOML: {exc}") from None
        tool = data.get("tool")
        if name == "pyproject.toml":
            if tool is None:
                return None
            if not isinstance(tool, dict):
                raise WirelintError(f"{path}: 'tool' must be a table")
            data = tool.get("wirelint")
            if data is None:
                return None
            if not isinstance(data, dict):
                raise WirelintError(f"{path}: [tool.wirelint] must be a table of settings")
            return data
        if isinstance(tool, dict) and "wirelint" in tool:
            data = tool["wirelint"]
    if not isinstance(data, dict):
        raise WirelintError(f"{path}: config must be a table of settings")
    return data


def _strings(path: str | os.PathLike, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise WirelintError(f"{path}: config key {key!r} must be a list of strings")
    return tuple(value)


def parse_config(path: str | os.PathLike, table: dict) -> Config:
    """Validate a config table; relative ``rules`` paths are taken from the config's folder."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _KEYS:
            raise WirelintError(f"{path}: unknown config key {key!r} (known: {', '.join(_KEYS)})")
        name = _KEYS[key]
        if name in ("select", "ignore", "extend_select", "include", "exclude"):
            values[name] = _strings(path, key, value)
        elif name == "rules":
            folder = os.path.dirname(os.fspath(path))
            values[name] = tuple(os.path.realpath(os.path.join(folder, item)) for item in _strings(path, key, value))
        elif name == "severity":
            if not isinstance(value, dict) or not all(isinstance(k, str) and v in SEVERITIES for k, v in value.items()):
                raise WirelintError(f"{path}: config key 'severity' maps rule ids to one of {', '.join(SEVERITIES)}")
            values[name] = dict(value)
        elif name == "fail_on":
            if value not in FAIL_ON:
                raise WirelintError(f"{path}: config key 'fail-on' must be one of {', '.join(FAIL_ON)}")
            values[name] = value
        elif name == "per_file_ignores":
            if not isinstance(value, dict):
                raise WirelintError(f"{path}: config key 'per-file-ignores' maps globs to lists of rule ids")
            if not all(isinstance(glob, str) for glob in value):
                raise WirelintError(f"{path}: config key 'per-file-ignores' maps globs (strings) to lists of rule ids")
            values[name] = {glob: _strings(path, f"per-file-ignores.{glob}", ids) for glob, ids in value.items()}
        elif name == "template_source":
            values[name] = check_template_source(value, f"{path}: config key 'template-source'")
        else:
            if not isinstance(value, bool):
                raise WirelintError(f"{path}: config key 'unsafe-fixes' must be true or false")
            values[name] = value
    return Config(path=str(path), **values)


def find_config(paths: Sequence[str]) -> Path | None:
    """The config file closest to the common directory of ``paths`` (or the working directory)."""
    from pathlib import Path

    found = _find_config_file(paths)
    return None if found is None else Path(found)


def _find_config_file(paths: Sequence[str]) -> str | None:
    """``find_config`` as a string, with os.path: a run without a config file never imports pathlib."""
    real = [os.path.abspath(p) for p in paths if p != "-"] or [os.getcwd()]
    try:
        common = os.path.commonpath(real)
    except ValueError:
        common = os.getcwd()
    folder = common if os.path.isdir(common) else os.path.dirname(common)
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(folder, name)
            try:
                found = os.path.isfile(candidate)
            except OSError:  # a name too long for the file system, say: no config there
                found = False
            if found and _read_table(candidate) is not None:
                return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def load_config(paths: Sequence[str], explicit: str | None = None) -> Config:
    """The run's configuration: ``explicit`` if given, else the closest file, else defaults."""
    if explicit is not None:
        from pathlib import Path  # the path as given, spelt as pathlib does in messages

        path = Path(explicit)
        if not path.is_file():
            raise WirelintError(f"{explicit}: no such config file")
        table = _read_table(path)
        if table is None:
            raise WirelintError(f"{explicit}: no [tool.wirelint] table")
        return parse_config(path, table)
    found = _find_config_file(paths)
    if found is None:
        return Config()
    return parse_config(found, _read_table(found) or {})


@dataclass(frozen=True, slots=True)
class Flags:
    """What the command line said; None (or empty) means "not given": the config file decides."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] | None = None
    rules: tuple[str, ...] | None = None
    fail_on: str | None = None
    unsafe_fixes: bool | None = None
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    rule_severity: tuple[str, ...] = ()
    per_file_ignores: tuple[str, ...] = ()
    config: str | None = None
    isolated: bool = False
    no_builtin_rules: bool = False
    template_source: str | None = None


@dataclass(frozen=True, slots=True)
class PerFileIgnore:
    """Rules (ids or packs) not to run on files matching ``glob``; ``origin`` names where it was set."""

    glob: str
    names: tuple[str, ...]
    origin: str


@dataclass(frozen=True, slots=True)
class Settings:
    """A run's settings, from the config file and the command line, built once by ``build_settings``.

    ``root`` is the folder relative paths are matched from (the config file's, else the
    working folder); ``origins`` names where select/ignore/extend_select/severity came from,
    for error messages.
    """

    root: str
    config_path: str | None = None
    rules: tuple[str, ...] = ()
    builtin_rules: bool = True
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    per_file_ignores: tuple[PerFileIgnore, ...] = ()
    fail_on: str = "warning"
    include: tuple[str, ...] = ("*.txt", "*.md")
    exclude: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    template_source: str = "folder"  # which files share a template: see ``check_template_source``
    origins: tuple[tuple[str, str], ...] = ()

    def origin(self, key: str) -> str:
        """Where setting ``key`` came from: a flag such as ``--ignore``, or the config file."""
        return dict(self.origins).get(key, f"--{key.replace('_', '-')}")


def _severity(items: Sequence[str], base: dict[str, str]) -> dict[str, str]:
    severity = dict(base)
    for item in items:
        rule_id, _, level = item.partition("=")
        if level not in SEVERITIES:
            raise WirelintError(f"--rule-severity {item!r}: give ID=LEVEL with LEVEL one of {', '.join(SEVERITIES)}")
        severity[rule_id.strip()] = level
    return severity


def _per_file_ignores(config: Config, items: Sequence[str]) -> tuple[PerFileIgnore, ...]:
    where = config.path or "config"
    ignores = {glob: PerFileIgnore(glob, tuple(ids), f"{where}: per-file-ignores {glob!r}")
               for glob, ids in config.per_file_ignores.items()}
    for item in items:
        glob, _, ids = item.rpartition(":")
        names = tuple(i.strip() for i in ids.split(",") if i.strip())
        if not glob or not names:
            raise WirelintError(f"--per-file-ignores {item!r}: give GLOB:ID[,ID...]")
        ignores[glob] = PerFileIgnore(glob, names, f"--per-file-ignores {item!r}")
    return tuple(ignores.values())


def build_settings(paths: Sequence[str], flags: Flags = Flags(), stdin_name: str | None = None) -> Settings:
    """The run's Settings: the config file found for ``paths`` (unless isolated), then ``flags``.

    ``stdin_name`` (``--stdin-filename``) stands for ``-`` when the config file is looked for.
    """
    lookup = [stdin_name if p == "-" and stdin_name else p for p in paths] or ["."]
    config = Config() if flags.isolated else load_config(lookup, flags.config)
    origins = {}
    for key in ("select", "ignore", "extend_select", "severity"):
        given = getattr(flags, "rule_severity" if key == "severity" else key)
        if not given and config.path:
            origins[key] = f"{config.path}: {key.replace('_', '-')}"
    merged = config.with_overrides(
        select=flags.select, ignore=flags.ignore, extend_select=flags.extend_select, rules=flags.rules,
        fail_on=flags.fail_on, unsafe_fixes=flags.unsafe_fixes, include=flags.include, exclude=flags.exclude,
        template_source=None if flags.template_source is None else check_template_source(flags.template_source, "--template-source"),
    )
    root = os.path.dirname(os.path.abspath(config.path)) if config.path else os.getcwd()
    return Settings(
        root=root, config_path=config.path, rules=merged.rules, builtin_rules=not flags.no_builtin_rules,
        select=merged.select, ignore=merged.ignore, extend_select=merged.extend_select,
        severity=tuple(_severity(flags.rule_severity, config.severity).items()),
        per_file_ignores=_per_file_ignores(config, flags.per_file_ignores), fail_on=merged.fail_on,
        include=merged.include, exclude=merged.exclude, unsafe_fixes=merged.unsafe_fixes,
        template_source=merged.template_source, origins=tuple(origins.items()),
    )


def normalised(path: str, root: str) -> str:
    """``path`` relative to ``root`` with ``/`` separators (absolute when outside it): one
    spelling per file, whatever the working folder or ``./`` prefixes."""
    full = os.path.abspath(path)
    try:
        relative = os.path.relpath(full, root)
    except ValueError:  # another drive on Windows
        relative = full
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        relative = full
    return relative.replace(os.sep, "/")
