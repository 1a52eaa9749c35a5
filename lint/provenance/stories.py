"""Copies of one story: which texts of a batch count as one article for template lines.

A reuse *cluster* joins every text that shares band keys with another, and a partner's
footer paragraph of eight words or more is enough to join all of that partner's
articles: counted by cluster, the very lines the template pass looks for would vanish.
So a text counts with its cluster only when the reuse pass confirmed a pair for it
(it shares passages of at least ``min_reuse_words`` with a member); a member joined
by a shorter shared line alone is an article of its own. This keeps the cautious
grouping wherever text is really shared (copies of a wire story, one page extracted
six times), so their body paragraphs never look like chrome.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence


def articles(clusters: Iterable[Any], pairs: Iterable[Any]) -> dict[str, str]:
    """Each text that counts with its cluster, mapped to the cluster's first member;
    ``clusters`` have ``members``, ``pairs`` name texts ``a`` and ``b``."""
    paired = {name for pair in pairs for name in (pair.a, pair.b)}
    return {member: cluster.members[0] for cluster in clusters for member in cluster.members if member in paired}


def article_labels(labels: Any, paired: Sequence[int]) -> Any:
    """``articles`` over document numbers: the cluster label of each document in a
    confirmed pair (``paired``), else the document's own number."""
    import numpy as np

    own = np.arange(len(labels), dtype=np.int64)
    keep = np.zeros(len(labels), dtype=bool)
    keep[np.asarray(list(paired), dtype=np.int64)] = True
    return np.where(keep, np.asarray(labels, dtype=np.int64), own)
