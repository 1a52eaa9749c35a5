"""Copies of one story: the confirmed reuse pairs that make two texts one article.

A reuse *cluster* joins every text that shares band keys with another; a partner's
footer paragraph of eight words or more is enough to put all of that partner's
articles in one cluster. Template lines are counted by distinct articles, so they need
a stricter grouping: two texts are one story when a confirmed pair shows that one of
them is mostly (``SAME_STORY_SHARE``) inside the other, as syndicated and abridged
copies are. The groups are the connected components of those pairs.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from .clusters import Edges, components

SAME_STORY_SHARE = 0.5  # of the smaller side's words inside shared passages


def same_story(reuse: Any) -> bool:
    """Whether a confirmed pair is two copies of one story (not a shared footer or quote)."""
    return max(reuse.a_shared, reuse.b_shared) >= SAME_STORY_SHARE


def story_labels(documents: int, pairs: Iterable[tuple[int, int]]) -> Any:
    """A label per document (the least document number of its story) from same-story pairs."""
    import numpy as np

    found = [(min(a, b), max(a, b)) for a, b in pairs if a != b]
    a = np.array([p[0] for p in found], dtype=np.int64)
    b = np.array([p[1] for p in found], dtype=np.int64)
    return components(documents, Edges(a, b, np.ones(len(found), dtype=np.int64)))


def story_of(names: Sequence[str], pairs: Iterable[Any]) -> dict[str, str]:
    """Each name of a story with a copy, mapped to the story's first name in ``names``;
    ``pairs`` are confirmed ``Reuse`` pairs (``a``, ``b`` name the texts)."""
    number = {name: index for index, name in enumerate(names)}
    edges = [(number[p.a], number[p.b]) for p in pairs if same_story(p) and p.a in number and p.b in number]
    if not edges:
        return {}
    labels = story_labels(len(names), edges)
    grouped = {int(n) for edge in edges for n in edge}
    return {names[n]: names[int(labels[n])] for n in sorted(grouped)}
