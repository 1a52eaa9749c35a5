"""Line-level recall and precision of the shipped packs on the labelled seed articles."""
from __future__ import annotations

import difflib
from collections import Counter

import pytest
import yaml

from conftest import SEEDS
from lint.document import Document
from lint.engine import check_document
from lint.fixes import fix_text

LABELS = yaml.safe_load((SEEDS / "LABELS.yaml").read_text(encoding="utf-8"))
NAMES = sorted(LABELS)


def residue_lines(findings, rules_by_id) -> set[int]:
    """Lines covered by findings of rules whose fix removes lines: what wirelint calls residue."""
    lines: set[int] = set()
    for f in findings:
        if rules_by_id[f.rule].fix_action == "remove-lines":
            lines.update(range(f.line, f.end_line + 1))
    return lines


def body_lines(name: str, text: str) -> dict[int, str]:
    labels = LABELS[name]
    residue = set(labels.get("residue") or {})
    return {
        number: line for number, line in enumerate(text.split("\n"), 1)
        if line.strip() and number not in residue
    }


@pytest.fixture(scope="module")
def by_id(shipped_rules):
    return {rule.id: rule for rule in shipped_rules}


@pytest.mark.parametrize("name", NAMES)
def test_every_residue_line_is_flagged_and_no_body_line_is(name, shipped_rules, by_id):
    text = (SEEDS / name).read_text(encoding="utf-8")
    findings = check_document(Document(text), shipped_rules, name)
    flagged = residue_lines(findings, by_id)
    residue = set(LABELS[name].get("residue") or {})
    assert residue - flagged == set(), "residue lines not flagged"
    assert flagged & set(body_lines(name, text)) == set(), "body lines flagged as residue"


@pytest.mark.parametrize("name", NAMES)
def test_every_artifact_is_flagged_where_it_stands(name, shipped_rules):
    text = (SEEDS / name).read_text(encoding="utf-8")
    lines = text.split("\n")
    findings = check_document(Document(text), shipped_rules, name)
    for number, fragment in LABELS[name].get("artifacts") or []:
        column = lines[number - 1].find(fragment) + 1
        assert column > 0, f"label {fragment!r} not on line {number}"
        end = column + len(fragment)
        hits = [f for f in findings if f.line == number and f.column < end and f.end_column > column]
        assert hits, f"artifact {fragment!r} at {number}:{column} not flagged"


@pytest.mark.parametrize("name", NAMES)
def test_fix_removes_all_residue_and_loses_no_body_line(name, shipped_rules):
    text = (SEEDS / name).read_text(encoding="utf-8")
    fixed = fix_text(text, shipped_rules, unsafe=True)
    assert fixed.refused is None
    kept = [line.strip() for line in fixed.text.split("\n") if line.strip()]
    body = body_lines(name, text)
    assert surviving_residue(name, text, kept) == set()
    for number, line in body.items():
        best = max(difflib.SequenceMatcher(None, line.strip(), k, autojunk=False).ratio() for k in kept)
        assert best > 0.95, f"body line {number} lost: {line[:60]!r}"


def surviving_residue(name: str, text: str, kept: list[str], may_stay: tuple[str, ...] = ()) -> set[int]:
    """Residue lines whose text is still there more often than the lines that may stay."""
    original = text.split("\n")
    allowed = Counter(line.strip() for line in body_lines(name, text).values())
    allowed.update(
        original[number - 1].strip() for number, kind in (LABELS[name].get("residue") or {}).items() if kind in may_stay
    )
    left = Counter(kept)
    return {
        number for number in LABELS[name].get("residue") or {}
        if left[original[number - 1].strip()] > allowed[original[number - 1].strip()]
    }


@pytest.mark.parametrize("name", NAMES)
def test_safe_fix_removes_everything_but_captions(name, shipped_rules):
    text = (SEEDS / name).read_text(encoding="utf-8")
    kept = [line.strip() for line in fix_text(text, shipped_rules).text.split("\n") if line.strip()]
    assert surviving_residue(name, text, kept, may_stay=("caption",)) == set()
