"""Lint the shipped packs themselves: ids sorted and unique, docs present, phrases unique."""
from collections import Counter

import pytest

from lint.document import fold_line
from lint.packs import builtin_pack_dir, load_pack, pack_files

PACKS = [load_pack(path) for path in pack_files(builtin_pack_dir())]


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.name)
def test_pack_is_documented_sorted_and_unique(pack):
    ids = [rule.id for rule in pack.rules]
    assert ids == sorted(ids), "rule ids must be sorted within a pack"
    assert len(set(ids)) == len(ids)
    assert pack.description
    for rule in pack.rules:
        assert rule.description, rule.id
        assert rule.matches and rule.non_matches, rule.id
        if rule.fix_action:
            assert any(example.fixed is not None for example in rule.matches), f"{rule.id}: show the fix in an example"


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.name)
def test_no_phrase_is_listed_twice(pack):
    import yaml

    data = yaml.safe_load(open(pack.path, encoding="utf-8"))
    for rule in data["rules"]:
        for field in ("phrases", "heading", "allow"):
            folded = Counter(fold_line(p) for p in rule.get(field, []))
            repeated = [p for p, n in folded.items() if n > 1]
            assert not repeated, f"{rule['id']}: {field} repeats {repeated}"
