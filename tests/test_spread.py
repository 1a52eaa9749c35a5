"""One long text checked by several processes: the same findings as one process."""
from __future__ import annotations

import os

import pytest

from conftest import SEEDS
from lint import spread
from lint.document import Document
from lint.engine import check_document
from lint.packs import load_rules
from lint.runner import Options, process_files


def long_text(repeats: int) -> str:
    pieces = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    return ("\n\n".join(pieces) + "\n") * repeats


def test_spread_rules_give_the_findings_of_one_process():
    rules = load_rules()
    text = long_text(3)
    expected = check_document(Document(text), rules, "long.txt")
    assert len(expected) > 50
    assert spread.check_spread(text, rules, 2, "long.txt") == expected


def test_layout_rules_stay_in_one_task_and_the_costly_kinds_come_first():
    groups = spread.tasks(load_rules())
    kinds = [{rule.kind_name for rule in group} for group in groups]
    assert sum("layout" in found for found in kinds) == 1 and {"layout"} in kinds
    assert kinds[0] == {"repetition"} and kinds[-1] <= {"pattern", "phrases", "ending"}
    assert sum(len(group) for group in groups) == len(load_rules())


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_long_file_is_spread_only_with_jobs_and_gives_the_same_results(tmp_path, monkeypatch, jobs):
    path = tmp_path / "long.txt"
    path.write_text(long_text(2), encoding="utf-8")
    rules = load_rules()
    alone = list(process_files([str(path)], rules, Options(), jobs=1))
    monkeypatch.setattr(spread, "SPREAD_TEXT", 1000)
    calls = []
    real = spread.check_spread
    monkeypatch.setattr(spread, "check_spread", lambda *args: calls.append(args) or real(*args))
    assert list(process_files([str(path)], rules, Options(), jobs=jobs)) == alone
    assert len(calls) == (1 if jobs == 2 else 0)


def test_short_texts_are_not_spread():
    assert not spread.worth_spreading("short text", 2)
    assert not spread.worth_spreading("x" * spread.SPREAD_TEXT, 1)


def _die(index: int) -> None:
    os._exit(9)  # as the kernel's out-of-memory killer would end a worker


def test_a_worker_that_dies_is_a_clear_error(monkeypatch):
    from lint.errors import WirelintError

    monkeypatch.setattr(spread, "_run", _die)
    with pytest.raises(WirelintError, match="long.txt: a worker process died"):
        spread.check_spread(long_text(1), load_rules(), 2, "long.txt")
