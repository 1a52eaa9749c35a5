"""The YAML side of every rule file (packs and provenance vocabularies): one safe loader
and the checks their schemas share.

The loader builds no Python objects, refuses duplicate keys and keys that are not plain
values, remembers the line each mapping starts on, and bounds alias expansion so that an
"alias bomb" is one error line, not megabytes of output or a hang. Every message quotes
values through ``quote``, which keeps them short.
"""
from __future__ import annotations

import functools
from typing import Any, Iterable

from .errors import WirelintError

MAX_NODES = 1_000_000  # values a document may stand for once its aliases are expanded
QUOTE_LIMIT = 80


class Mapping(dict):
    """A dict that remembers the YAML line it started on (``line``, 1-based)."""

    line = 0


class TooLarge(Exception):
    """The document expands to more nodes than MAX_NODES."""


def expanded_size(root: Any) -> int:
    """How many nodes the composed YAML graph ``root`` stands for once aliases are expanded.

    Raises TooLarge past MAX_NODES. Shared (aliased) nodes are measured once and counted
    at every use; a node that contains itself counts once.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = node.value if isinstance(node.value, list) else []
        pairs = [item for child in children for item in (child if isinstance(child, tuple) else (child,))]
        if done:
            sizes[key] = 1 + sum(sizes.get(id(child), 1) for child in pairs)
            if sizes[key] > MAX_NODES:
                raise TooLarge()
        elif key not in sizes:
            sizes[key] = 1  # in progress: a node inside itself counts once
            stack.append((node, True))
            stack.extend((child, False) for child in pairs if id(child) not in sizes)
    return sizes[id(root)]


def quote(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)`` cut to ``limit`` characters, for error messages."""
    if isinstance(value, (list, dict)) and len(value) > limit:
        return f"<a {type(value).__name__} of {len(value)} items>"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 5] + "...'"


@functools.lru_cache(maxsize=1)
def loader() -> type:
    """The safe YAML loader class (built on first use: a cached run never imports yaml)."""
    import yaml

    class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        def construct_document(self, node):
            expanded_size(node)
            return super().construct_document(node)

    def construct_mapping(loader, node):
        data = Mapping()
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
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {quote(key)}", key_node.start_mark)
            data[key] = loader.construct_object(value_node, deep=True)

    LineLoader.add_constructor("tag:yaml.org,2002:map", construct_mapping)
    return LineLoader


def parse_yaml(path: str, text: str) -> Any:
    """The document in ``text``; any problem is a WirelintError naming ``path`` (and line)."""
    import yaml

    try:
        return yaml.load(text, Loader=loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark else path
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise WirelintError(f"{where}: invalid YAML: {problem[:200]}") from None
    except yaml.YAMLError as exc:
        raise WirelintError(f"{path}: invalid YAML: {str(exc).splitlines()[0][:200]}") from None
    except TooLarge:
        raise WirelintError(f"{path}: invalid YAML: expands to more than {MAX_NODES} values (aliases?)") from None
    except RecursionError:
        raise WirelintError(f"{path}: invalid YAML: nested too deeply") from None
    except (ValueError, TypeError, OverflowError, IndexError, KeyError, AttributeError) as exc:
        # a tagged scalar the constructor cannot build ("2024-02-30", "!!int x")
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise WirelintError(f"{path}: invalid YAML value: {reason}") from None


def unknown_field(where: str, name: Any, allowed: Iterable[str]) -> WirelintError:
    """The error for a field the schema does not have, with the closest allowed name."""
    import difflib  # only for this error

    allowed = list(allowed)
    shown = name if isinstance(name, str) else str(name)
    close = difflib.get_close_matches(shown, allowed, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (allowed: {', '.join(allowed)})"
    return WirelintError(f"{where}: unknown field {quote(shown)}{hint}")


def check_fields(where: str, entry: dict, allowed: Iterable[str], required: Iterable[str] = ()) -> None:
    """Refuse fields outside ``allowed`` and missing ``required`` ones."""
    allowed = tuple(allowed)
    for name in entry:
        if name not in allowed:
            raise unknown_field(where, name, allowed)
    for name in required:
        if name not in entry:
            raise WirelintError(f"{where}: missing field {name!r}")


def line_span(where: str, entry: dict) -> tuple[int | None, int | None]:
    """The ``where: {first: N}`` or ``{last: N}`` limit of an entry, as (first, last)."""
    if "where" not in entry:
        return None, None
    value = entry["where"]
    if not isinstance(value, dict) or len(value) != 1 or not set(value) <= {"first", "last"}:
        raise WirelintError(f"{where}: field 'where' must be {{first: N}} or {{last: N}}")
    count = next(iter(value.values()))
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise WirelintError(f"{where}: field 'where' needs a whole number of lines of at least 1")
    return value.get("first"), value.get("last")


def example_lists(where: str, examples: Any) -> tuple[list, list]:
    """The ``match`` and ``no_match`` lists of an ``examples`` mapping (both non-empty)."""
    if not isinstance(examples, dict):
        raise WirelintError(f"{where}: field 'examples' must be a mapping with 'match' and 'no_match' lists")
    for key in examples:
        if key not in ("match", "no_match"):
            raise unknown_field(f"{where}: examples", key, ("match", "no_match"))
    matches, non_matches = examples.get("match"), examples.get("no_match")
    if not isinstance(matches, list) or not matches:
        raise WirelintError(f"{where}: examples need a non-empty 'match' list")
    if not isinstance(non_matches, list) or not non_matches:
        raise WirelintError(f"{where}: examples need a non-empty 'no_match' list")
    if not all(isinstance(text, str) for text in non_matches):
        raise WirelintError(f"{where}: each 'no_match' example must be a string")
    return matches, non_matches
