"""Slotted record classes, as ``dataclasses.dataclass(slots=True)`` makes them, without its start-up cost.

``dataclasses`` writes each class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__`` and ``__delattr__`` as source text and compiles it when the module is
imported: about 1 ms a class, and a one-file ``wirelint check`` imports some thirty such
classes (with ``inspect``, which ``dataclasses`` imports). Here those methods are plain
functions shared by every class; only ``__init__`` is compiled, and only once a class has
made ``COMPILE_AFTER`` instances (before that a general one binds the arguments), so a
short run compiles nothing and a long one gets the same fast ``__init__`` as a dataclass.

The classes behave as dataclasses do: the same signature, defaults and errors, value
equality, a hash when frozen, ``repr``, pickling, ``match`` positions, and
``dataclasses.fields``, ``replace``, ``asdict`` and ``is_dataclass`` work on them (their
``__dataclass_fields__`` is built from a twin dataclass when first asked for, so
``dataclasses`` is imported only then). Supported: ``frozen``, ``eq`` and ``slots=True``
(every record here is slotted), defaults and ``field(default_factory=...)``; no base
records, no ``order``, ``kw_only``, ``InitVar`` or ``ClassVar`` fields.
"""
from __future__ import annotations

from operator import attrgetter
from typing import Any, Callable

COMPILE_AFTER = 32  # instances made with the general __init__ before the compiled one takes over


class _Factory:
    """A field's ``default_factory``: a new default value for each instance."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], Any]) -> Any:
    """A field whose default is made anew for each instance (a list, a dict)."""
    return _Factory(default_factory)


def dataclass(cls: type | None = None, /, *, frozen: bool = False, eq: bool = True, slots: bool = True) -> Any:
    """Make ``cls`` a slotted record class; used as ``@dataclass(frozen=True, slots=True)``."""
    if not slots:
        raise TypeError("lint.structs records are always slotted: give slots=True")

    def wrap(cls: type) -> type:
        return _build(cls, frozen, eq)

    return wrap if cls is None else wrap(cls)


def replace(obj: Any, /, **changes: Any) -> Any:
    """A copy of the record ``obj`` with ``changes`` (``dataclasses.replace``)."""
    for name in type(obj)._record_fields:
        if name not in changes:
            changes[name] = getattr(obj, name)
    return type(obj)(**changes)


def _build(cls: type, frozen: bool, eq: bool) -> type:
    annotations = cls.__dict__.get("__annotations__", {})
    names = tuple(annotations)
    if "__post_init__" in cls.__dict__:
        raise TypeError(f"{cls.__qualname__}: records here have no __post_init__")
    for base in cls.__mro__[1:]:
        if "_record_fields" in base.__dict__:
            raise TypeError(f"{cls.__qualname__}: records here do not inherit fields from a base record")
    namespace = {key: value for key, value in cls.__dict__.items() if key not in names and key not in ("__dict__", "__weakref__")}
    defaults = {name: cls.__dict__[name] for name in names if name in cls.__dict__}
    seen_default = False
    for name in names:
        if name in defaults:
            seen_default = True
        elif seen_default:
            raise TypeError(f"non-default argument {name!r} follows default argument")
    namespace["__slots__"] = names
    namespace["_record_fields"] = names
    namespace["_record_defaults"] = defaults
    namespace["_record_frozen"] = frozen
    namespace["_record_eq"] = eq
    methods = {"__init__": _general_init(names, defaults), "__repr__": _repr(names)}
    if "__doc__" not in namespace or namespace["__doc__"] is None:
        namespace["__doc__"] = cls.__name__ + "(" + ", ".join(_described(name, annotations[name], defaults) for name in names) + ")"
    if eq:
        methods["__eq__"] = _eq(names)
    explicit_hash = "__hash__" in cls.__dict__ and not (cls.__dict__["__hash__"] is None and "__eq__" in cls.__dict__)
    if not explicit_hash and eq:
        namespace["__hash__"] = _hash(names) if frozen else None
    if frozen:
        methods["__setattr__"], methods["__delattr__"] = _frozen_methods(names)
        methods["__getstate__"], methods["__setstate__"] = _getstate(names), _setstate(names)
    methods["__match_args__"] = names
    for key, value in methods.items():
        if callable(value):
            value.__qualname__ = f"{cls.__qualname__}.{key}"
        if key not in cls.__dict__:
            namespace[key] = value
    namespace["__dataclass_fields__"] = _DataclassView("__dataclass_fields__")
    namespace["__dataclass_params__"] = _DataclassView("__dataclass_params__")
    built = type(cls)(cls.__name__, cls.__bases__, namespace)
    built.__qualname__ = cls.__qualname__
    built._record_class = built
    return built


def _described(name: str, annotation: Any, defaults: dict) -> str:
    text = f"{name}: {annotation!r}"
    if name in defaults:
        default = defaults[name]
        text += " = <factory>" if isinstance(default, _Factory) else f" = {default!r}"
    return text


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    """A function giving an instance's field values as a tuple (what eq and hash compare)."""
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    if not names:
        return lambda obj: ()
    return attrgetter(*names)


def _general_init(names: tuple[str, ...], defaults: dict) -> Callable[..., None]:
    """The ``__init__`` of a record's first instances: binds arguments as the compiled one does."""
    count = len(names)
    known = frozenset(names)
    made = [0]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        cls = self._record_class
        made[0] += 1
        if made[0] > COMPILE_AFTER and cls.__init__ is __init__:
            cls.__init__ = _compiled_init(cls)
            cls.__init__(self, *args, **kwargs)
            return
        where = f"{cls.__qualname__}.__init__()"
        if len(args) > count:
            least = count + 1 - len(defaults)
            takes = f"from {least} to {count + 1}" if defaults else str(count + 1)
            raise TypeError(f"{where} takes {takes} positional argument{'s' if count else ''} but {len(args) + 1} were given")
        values = dict(zip(names, args))
        for key, value in kwargs.items():
            if key not in known:
                raise TypeError(f"{where} got an unexpected keyword argument {key!r}")
            if key in values:
                raise TypeError(f"{where} got multiple values for argument {key!r}")
            values[key] = value
        missing = [name for name in names if name not in values and name not in defaults]
        if missing:
            quoted = [repr(name) for name in missing]
            listed = quoted[0] if len(quoted) == 1 else " and ".join(quoted) if len(quoted) == 2 else ", ".join(quoted[:-1]) + ", and " + quoted[-1]
            raise TypeError(f"{where} missing {len(missing)} required positional argument{'s' if len(missing) > 1 else ''}: {listed}")
        setter = object.__setattr__
        for name in names:
            if name in values:
                value = values[name]
            else:
                value = defaults[name]
                if isinstance(value, _Factory):
                    value = value.make()
            setter(self, name, value)

    return __init__


def _compiled_init(cls: type) -> Callable[..., None]:
    """The ``__init__`` a dataclass would have, compiled (for records that make many instances)."""
    names, defaults = cls._record_fields, cls._record_defaults
    scope: dict[str, Any] = {"_set": object.__setattr__, "_Factory": _Factory}
    params = []
    for name in names:
        if name in defaults:
            scope[f"_default_{name}"] = defaults[name]
            params.append(f"{name}=_default_{name}")
        else:
            params.append(name)
    lines = []
    for name in names:
        if isinstance(defaults.get(name), _Factory):
            lines.append(f"    if {name} is _default_{name}: {name} = _default_{name}.make()")
        lines.append(f"    _set(self, {name!r}, {name})" if cls._record_frozen else f"    self.{name} = {name}")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(lines) or "    pass") + "\n"
    exec(source, scope)  # noqa: S102 - generated from the class's own field names
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        return f"{type(self).__qualname__}(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in names) + ")"

    return __repr__


def _eq(names: tuple[str, ...]) -> Callable[[Any, Any], Any]:
    values = _values(names)

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hash(names: tuple[str, ...]) -> Callable[[Any], int]:
    values = _values(names)

    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__


def _frozen_error(message: str) -> Exception:
    from dataclasses import FrozenInstanceError  # only on this error path: the same exception type

    return FrozenInstanceError(message)


def _frozen_methods(names: tuple[str, ...]) -> tuple[Callable, Callable]:
    fields = frozenset(names)

    def __setattr__(self: Any, name: str, value: Any) -> None:
        cls = self._record_class
        if type(self) is cls or name in fields:
            raise _frozen_error(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        cls = self._record_class
        if type(self) is cls or name in fields:
            raise _frozen_error(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __setattr__, __delattr__


def _getstate(names: tuple[str, ...]) -> Callable[[Any], list]:
    def __getstate__(self: Any) -> list:
        return [getattr(self, name) for name in names]

    return __getstate__


def _setstate(names: tuple[str, ...]) -> Callable[[Any, Any], None]:
    def __setstate__(self: Any, state: Any) -> None:
        setter = object.__setattr__
        for name, value in zip(names, state):
            setter(self, name, value)

    return __setstate__


class _DataclassView:
    """``__dataclass_fields__`` or ``__dataclass_params__`` of a record, made when first read.

    They come from a twin class that ``dataclasses.make_dataclass`` builds with the same
    fields, so the functions of ``dataclasses`` see what they would on a dataclass.
    """

    def __init__(self, attribute: str) -> None:
        self.attribute = attribute

    def __get__(self, obj: Any, owner: type) -> Any:
        import dataclasses

        defaults, annotations = owner._record_defaults, owner.__annotations__
        specs = []
        for name in owner._record_fields:
            if name not in defaults:
                specs.append((name, annotations[name]))
            elif isinstance(defaults[name], _Factory):
                specs.append((name, annotations[name], dataclasses.field(default_factory=defaults[name].make)))
            else:
                specs.append((name, annotations[name], dataclasses.field(default=defaults[name])))
        twin = dataclasses.make_dataclass(owner.__name__, specs, frozen=owner._record_frozen, eq=owner._record_eq)
        for attribute in ("__dataclass_fields__", "__dataclass_params__"):
            setattr(owner, attribute, getattr(twin, attribute))
        return getattr(owner, self.attribute)
