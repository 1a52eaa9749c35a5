"""Reuse pairs into clusters (lint/report/clusters.py) and a cluster's credit status."""
from __future__ import annotations

from lint.report.clusters import from_links, link_of
from lint.report.model import Cluster, Link, Member


def test_chained_pairs_are_one_cluster_and_separate_pairs_another():
    links = [Link("a", "b", 50), Link("b", "c", 40), Link("x", "y", 30)]
    clusters = from_links(links, {})
    assert [sorted(m.path for m in c.members) for c in clusters] == [["a", "b", "c"], ["x", "y"]]
    assert [c.number for c in clusters] == [1, 2]


def test_the_representative_is_the_credited_member_else_the_one_sharing_most():
    links = [Link("copy1", "hub", 100), Link("copy2", "hub", 100), Link("copy1", "orig", 10)]
    assert from_links(links, {})[0].representative == "hub"
    credited = {"orig": True, "hub": False, "copy1": False, "copy2": False}
    assert from_links(links, credited)[0].representative == "orig"


def test_credit_status_of_a_cluster():
    def cluster(*states):
        return Cluster(1, tuple(Member(str(i), s) for i, s in enumerate(states)), "0", ())

    assert cluster(True, True).credit == "credited"
    assert cluster(False, False).credit == "uncredited"
    assert cluster(True, False).credit == "mixed"
    assert cluster(None, None).credit == "unknown"
    assert cluster(True, None).credit == "mixed"


def test_a_reuse_pair_in_the_json_shape_is_a_link():
    pair = {"a": "x.txt", "b": "y.txt", "words": 120, "duplicate": True, "passages": []}
    assert link_of(pair) == Link("x.txt", "y.txt", 120, True)


def test_a_pair_that_does_not_say_is_near_duplicate_as_the_reuse_rules_decide():
    assert link_of({"a": "x", "b": "y", "words": 9, "similarity": 0.95, "a_shared": 1, "b_shared": 1}).duplicate
    assert not link_of({"a": "x", "b": "y", "words": 9, "similarity": 0.2, "a_shared": 0.3, "b_shared": 0.9}).duplicate
