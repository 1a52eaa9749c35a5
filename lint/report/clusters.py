"""Reuse pairs into clusters: files joined by shared passages, with a representative.

Today's reuse detectors report pairs (``wirelint provenance --format json``'s ``reuse``
list, ``corpus check --reuse``'s ``reuse/part-*.jsonl``, the pairs behind ``check``'s
reuse findings). Connected pairs are one cluster (union-find). The representative is
the credited member that shares the most words, else the member sharing the most words.
"""
from __future__ import annotations

from typing import Iterable, Mapping

from .model import Cluster, Link, Member


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, name: str) -> str:
        root = self.parent.setdefault(name, name)
        while root != self.parent[root]:
            root = self.parent[root]
        while name != root:  # path halving keeps later finds short
            self.parent[name], name = root, self.parent[name]
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def link_of(pair: Mapping) -> Link:
    """A reuse pair (the documented JSON shape) as a link; near-duplicate as the reuse rules
    decide it when the pair does not say."""
    duplicate = pair.get("duplicate")
    if duplicate is None:
        from types import SimpleNamespace

        from ..provenance.checks import is_duplicate
        from ..provenance.reuse import ReuseSettings

        shares = SimpleNamespace(**{key: float(pair.get(key, 0)) for key in ("similarity", "a_shared", "b_shared")})
        duplicate = is_duplicate(shares, ReuseSettings())
    return Link(str(pair["a"]), str(pair["b"]), int(pair.get("words", 0)), bool(duplicate))


def from_links(links: Iterable[Link], credited: Mapping[str, bool | None]) -> list[Cluster]:
    """Clusters of linked files, largest first; ``credited`` says which files credit their text."""
    union = _Union()
    kept = list(links)
    for link in kept:
        union.join(link.a, link.b)
    groups: dict[str, list[Link]] = {}
    for link in kept:
        groups.setdefault(union.find(link.a), []).append(link)
    clusters = []
    for group in groups.values():
        words: dict[str, int] = {}
        for link in group:
            words[link.a] = words.get(link.a, 0) + link.words
            words[link.b] = words.get(link.b, 0) + link.words
        members = sorted(words, key=lambda path: (-words[path], path))
        credited_members = [path for path in members if credited.get(path)]
        representative = (credited_members or members)[0]
        clusters.append((members, representative, group))
    clusters.sort(key=lambda c: (-len(c[0]), c[1]))
    return [
        Cluster(number, tuple(Member(path, credited.get(path)) for path in sorted(members)), representative, tuple(group))
        for number, (members, representative, group) in enumerate(clusters, 1)
    ]
