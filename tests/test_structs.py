"""lint.structs records behave as the dataclasses they replace: each is checked against a
real dataclass made from the same class body."""
from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from lint import structs


def _point(field):
    """The class body both are made from; ``field`` is the module's own ``field``."""

    class Point:
        """A point, for the test."""

        x: int
        y: int = 0
        tags: list = field(default_factory=list)
        label: str | None = None

        def norm(self) -> int:
            return abs(self.x) + abs(self.y)

    return Point


def _pair(frozen: bool, eq: bool = True):
    """The same class body as a record and as a dataclass."""
    record = structs.dataclass(frozen=frozen, slots=True, eq=eq)(_point(structs.field))
    real = dataclasses.dataclass(frozen=frozen, slots=True, eq=eq)(_point(dataclasses.field))
    return record, real


CALLS = [((1,), {}), ((1, 2), {}), ((), {"x": 3, "label": "a"}), ((1, 2, [5], "b"), {}), ((1,), {"tags": [1, 2]})]
BAD_CALLS = [((), {}), ((1, 2, [], "a", 5), {}), ((1,), {"x": 2}), ((1,), {"z": 2}), ((), {"y": 1})]


@pytest.mark.parametrize("frozen", [True, False])
def test_a_record_matches_the_dataclass_of_the_same_body(frozen):
    record, real = _pair(frozen)
    for args, kwargs in CALLS:
        ours, theirs = record(*args, **kwargs), real(*args, **kwargs)
        assert repr(ours) == repr(theirs)
        assert dataclasses.astuple(ours) == dataclasses.astuple(theirs)
        assert ours == record(*args, **kwargs) and ours != record(99) and ours.norm() == theirs.norm()
        assert (ours == theirs) is False  # another class: not equal, as between two dataclasses
        if frozen:
            assert hash(dataclasses.replace(ours, tags=(1,))) == hash(dataclasses.replace(theirs, tags=(1,)))
            with pytest.raises(TypeError, match="unhashable"):
                hash(ours)  # a list field, as with the dataclass
            with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'x'"):
                ours.x = 5
            with pytest.raises(dataclasses.FrozenInstanceError):
                del ours.y
        else:
            ours.x = 7
            assert ours.x == 7
        with pytest.raises(AttributeError):
            ours.other = 1  # slotted: no other attributes
    for args, kwargs in BAD_CALLS:
        with pytest.raises(TypeError) as ours:
            record(*args, **kwargs)
        with pytest.raises(TypeError) as theirs:
            real(*args, **kwargs)
        assert str(ours.value).split("()", 1)[1] == str(theirs.value).split("()", 1)[1]
    assert record.__slots__ == real.__slots__ == record.__match_args__ == real.__match_args__
    assert record.__doc__ == real.__doc__
    assert (record.__hash__ is None) == (real.__hash__ is None) == (not frozen)
    assert record(1).tags is not record(1).tags


@pytest.mark.parametrize("frozen", [True, False])
def test_dataclasses_functions_work_on_records(frozen):
    record, real = _pair(frozen)
    ours, theirs = record(1, 2, [3], "z"), real(1, 2, [3], "z")
    assert dataclasses.is_dataclass(ours) and dataclasses.is_dataclass(record)
    assert [f.name for f in dataclasses.fields(ours)] == [f.name for f in dataclasses.fields(theirs)]
    assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
    assert dataclasses.replace(ours, y=5) == record(1, 5, [3], "z")
    assert structs.replace(ours, label=None) == record(1, 2, [3])
    with pytest.raises(TypeError):
        structs.replace(ours, nothing=1)
    assert record.__dataclass_params__.frozen is frozen


@structs.dataclass(frozen=True, slots=True)
class Stored:
    name: str
    parts: tuple = ()
    notes: list = structs.field(default_factory=list)


@structs.dataclass(slots=True)
class Loose:
    name: str
    notes: list = structs.field(default_factory=list)


@pytest.mark.parametrize("value", [Stored("a", (1,), ["n"]), Loose("b", [1])])
def test_records_pickle_and_copy_as_dataclasses_do(value):
    assert copy.deepcopy(value) == value and copy.copy(value) == value
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(value, protocol=protocol)) == value


def test_the_compiled_init_takes_over_and_behaves_the_same():
    record, real = _pair(True)
    general = record.__init__
    made = [record(i, 1) for i in range(structs.COMPILE_AFTER + 2)]
    assert record.__init__ is not general  # compiled now
    assert made[-1] == record(structs.COMPILE_AFTER + 1, 1)
    for args, kwargs in CALLS:
        assert repr(record(*args, **kwargs)) == repr(real(*args, **kwargs))
    for args, kwargs in BAD_CALLS:
        with pytest.raises(TypeError):
            record(*args, **kwargs)
    assert record(1).tags is not record(1).tags


def test_eq_false_keeps_identity_equality_and_hash():
    record, real = _pair(True, eq=False)
    one = record(1)
    assert one != record(1) and one == one and hash(one) == object.__hash__(one)
    assert real(1) != real(1)


def test_what_records_do_not_support_is_refused():
    with pytest.raises(TypeError):
        structs.dataclass(slots=False)

    class Late:
        a: int = 0
        b: int

    with pytest.raises(TypeError, match="non-default argument 'b'"):
        structs.dataclass(Late)


def test_the_project_records_are_dataclasses_to_dataclasses():
    from lint.config import Settings
    from lint.engine import Rule
    from lint.finding import Edit, Finding, Fix

    edit = Edit(0, 1, "", 1, 1, 1, 2)
    finding = Finding("a.txt", "x/y", "error", "m", 1, 1, 1, 2, 0, 1, Fix("safe", (edit,)))
    assert dataclasses.asdict(finding)["fix"]["edits"][0]["end_column"] == 2
    assert dataclasses.replace(finding, line=3).line == 3
    assert [f.name for f in dataclasses.fields(Settings)][0] == "root"
    assert "kind" in {f.name for f in dataclasses.fields(Rule)}
