"""Clusters of documents that share text, from LSH band keys, and the comparisons they need.

Every engine (one process, Dask) feeds the same arrays through these functions, so they
find the same clusters:

1. ``edges_and_boilerplate``: the units (paragraphs) of all documents, with their band keys and
   sketches, sorted by (key, document) band by band. Next entries with the same key from
   two documents whose sketches agree on at least ``unit_similarity`` are an edge: a
   chain through each group of equal keys, never all pairs of it, so a paragraph printed
   by 2,000 outlets costs 2,000 edges, not two million. An edge's weight is how many
   (unit, band) links join its two documents.
2. ``components``: connected components of the edges (union-find), one cluster label
   per document.
3. ``representatives``: per cluster the document the others are compared with: a
   reference (``--against``) file if there is one, else the longest of the few longest
   files (``candidates``) with a credit line for their text, else the longest, else the
   earliest.
4. ``plan``: for each checked member, the representative, then its strongest direct
   neighbours: a bounded list of documents to confirm against, so the exact comparisons
   are linear in the documents.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..heap import release
from .minhash import agreement

_SKETCH_ROWS = 1 << 14  # pairs of sketches compared at once: 1 MB of gathered sketches, not all of them


@dataclass(frozen=True, slots=True)
class Edges:
    """Distinct document pairs (a < b) that share band keys, with the number of links."""

    a: Any
    b: Any
    weight: Any

    def __len__(self) -> int:
        return len(self.a)


def chain_links(keys: Any, owners: Any, sketches: Any, unit_similarity: float) -> tuple[Any, Any]:
    """The links (document, later document) between next entries of equal key.

    ``keys`` is one band's key per unit, ``owners`` each unit's document number and
    ``sketches`` each unit's sketch; entries are taken in (key, document) order.
    """
    _, _, a, b = _ordered_links(keys, owners, sketches, unit_similarity)
    return a, b


def _ordered_links(keys: Any, owners: Any, sketches: Any, unit_similarity: float) -> tuple[Any, Any, Any, Any]:
    """``chain_links``, with the (key, document) order and where each run of equal keys
    starts in it. Each sorted array is let go as soon as it has been read: a band's pass
    is the reuse pass's peak of memory."""
    import numpy as np

    order = np.lexsort((owners, keys))
    ordered = keys[order]
    equal = ordered[1:] == ordered[:-1]
    del ordered
    starts = np.flatnonzero(np.concatenate(([True], ~equal))) if len(order) else np.empty(0, dtype=np.int64)
    by = owners[order]
    equal &= by[1:] != by[:-1]
    spots = np.flatnonzero(equal)
    del equal
    similar = np.empty(len(spots), dtype=bool)
    for begin in range(0, len(spots), _SKETCH_ROWS):  # the sketches gathered a block at a time
        part = spots[begin : begin + _SKETCH_ROWS]
        similar[begin : begin + len(part)] = agreement(sketches[order[part]], sketches[order[part + 1]]) >= unit_similarity
    spots = spots[similar]
    return order, starts, by[spots], by[spots + 1]


def _band_pass(keys: Any, owners: Any, sketches: Any, documents: int, unit_similarity: float,
               fanout: int) -> tuple[Any, Any]:
    """One band's links, coded ``a * documents + b``, and its units whose key more than
    ``fanout`` others share (from the same sort: runs of equal keys)."""
    import numpy as np

    order, starts, a, b = _ordered_links(keys, owners, sketches, unit_similarity)
    codes = a.astype(np.uint64) * np.uint64(documents) + b.astype(np.uint64)
    if not len(order):
        return codes, order
    runs = np.diff(np.concatenate((starts, [len(order)])))
    return codes, order[np.repeat(runs > fanout + 1, runs)]


def edges_and_boilerplate(keys: Any, owners: Any, sketches: Any, documents: int, unit_similarity: float,
                          fanout: int, map_bands: Callable = map) -> tuple[Edges, int]:
    """``band_edges`` and ``shared_key_units`` of the same units, from one sort per band;
    ``map_bands`` runs the bands (``map``, or a thread pool's: numpy sorts without the GIL)."""
    import numpy as np

    def one(band: int) -> tuple[Any, Any]:
        return _band_pass(np.ascontiguousarray(keys[:, band]), owners, sketches, documents, unit_similarity, fanout)

    wide = np.zeros(len(keys), dtype=bool)
    distinct, weight = np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64)
    for links, units in map_bands(one, range(keys.shape[1])):
        wide[units] = True
        # Each band's links are counted as they come, so the bands' links are never all held
        # at once (a batch where every article shares paragraphs has millions).
        distinct, weight = _added(distinct, weight, *np.unique(links, return_counts=True))
        del links, units
        release()  # the band's sorts are freed: give their pages back before the next band's
    return _edges(distinct, weight, documents), int(wide.sum())


def _added(codes: Any, counts: Any, more: Any, more_counts: Any) -> tuple[Any, Any]:
    """Two sorted sets of distinct link codes with their counts, as one."""
    import numpy as np

    if not len(codes):
        return more, more_counts.astype(np.int64)
    joined = np.concatenate((codes, more))
    order = np.argsort(joined, kind="stable")
    joined = joined[order]
    starts = np.flatnonzero(np.concatenate(([True], joined[1:] != joined[:-1])))
    return joined[starts], np.add.reduceat(np.concatenate((counts, more_counts))[order], starts)


def merge_links(a: Any, b: Any, documents: int) -> Edges:
    """Count repeated links into weighted edges."""
    import numpy as np

    return _counted(np.asarray(a, dtype=np.uint64) * np.uint64(documents) + np.asarray(b, dtype=np.uint64), documents)


def _counted(codes: Any, documents: int) -> Edges:
    """Weighted edges of links coded ``a * documents + b``."""
    import numpy as np

    return _edges(*np.unique(codes, return_counts=True), documents)


def _edges(distinct: Any, weight: Any, documents: int) -> Edges:
    """Edges from distinct link codes ``a * documents + b`` and their counts."""
    import numpy as np

    return Edges((distinct // np.uint64(documents)).astype(np.int64),
                 (distinct % np.uint64(documents)).astype(np.int64), weight.astype(np.int64))


def components(documents: int, edges: Edges) -> Any:
    """A cluster label per document: the least document number of its cluster.

    Union-find in numpy: every round hooks the greater root of each edge under the lesser
    one, then compresses paths by pointer jumping, until every edge joins one root. Roots
    only ever point to lesser numbers, so no cycle can form.
    """
    import numpy as np

    parent = np.arange(documents, dtype=np.int64)
    a, b = edges.a, edges.b
    while len(a):
        left, right = parent[a], parent[b]
        apart = left != right
        if not apart.any():
            break
        a, b, left, right = a[apart], b[apart], left[apart], right[apart]
        np.minimum.at(parent, np.maximum(left, right), np.minimum(left, right))
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped
    return parent


def candidates(labels: Any, reference: Any, length: Any, count: int) -> list[int]:
    """The ``count`` longest checked documents of each cluster of two or more without a
    reference file: those whose credit line is looked for to choose a representative."""
    import numpy as np

    if not len(labels):
        return []
    sizes = np.bincount(labels)
    refs = np.bincount(labels, weights=np.asarray(reference, dtype=float))
    wanted = np.flatnonzero((sizes[labels] > 1) & (refs[labels] == 0))
    order = wanted[np.lexsort((wanted, -np.asarray(length)[wanted], labels[wanted]))]
    group = labels[order]
    starts = np.flatnonzero(np.concatenate(([True], group[1:] != group[:-1])))
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.concatenate((starts, [len(order)]))))
    return sorted(order[rank < count].tolist())


def representatives(labels: Any, reference: Any, credited: Any, length: Any) -> Any:
    """The representative document of each document's cluster (an array like ``labels``)."""
    import numpy as np

    if not len(labels):
        return np.empty(0, dtype=np.int64)
    numbers = np.arange(len(labels))
    order = np.lexsort((numbers, -np.asarray(length), ~np.asarray(credited, dtype=bool),
                        ~np.asarray(reference, dtype=bool), labels))
    first = np.concatenate(([True], labels[order][1:] != labels[order][:-1]))
    chosen = np.empty(labels.max() + 1 if len(labels) else 0, dtype=np.int64)
    chosen[labels[order][first]] = order[first]
    return chosen[labels]


@dataclass(frozen=True, slots=True)
class Plan:
    """For one checked document: whom to confirm it against, in order.

    The first ``required`` targets are always compared; the others only while nothing has
    been confirmed. A member's targets are its cluster's representative, then its
    strongest direct neighbours (the first of them is required too when it is clearly
    stronger than the representative: the two may share only a footer while the member
    copies the neighbour); the representative's only target is its strongest neighbour.
    """

    document: int
    targets: tuple[int, ...]
    required: int


def plan(labels: Any, chosen: Any, edges: Edges, reference: Any, neighbours: int, margin: int) -> list[Plan]:
    """A ``Plan`` for every checked document in a cluster of two or more, in document order.

    A neighbour counts as stronger than the representative when it has at least
    ``margin`` more links with the member (with one link per band, about one more
    shared paragraph)."""
    import numpy as np

    documents = len(labels)
    sizes = np.bincount(labels, minlength=int(labels.max()) + 1 if documents else 0)
    ends = np.concatenate((edges.a, edges.b))
    others = np.concatenate((edges.b, edges.a))
    weights = np.concatenate((edges.weight, edges.weight))
    order = np.lexsort((others, -weights, ends))
    ends, others, weights = ends[order], others[order], weights[order]
    bounds = np.searchsorted(ends, np.arange(documents + 1))
    plans = []
    for number in np.flatnonzero((sizes[labels] > 1) & ~np.asarray(reference, dtype=bool)).tolist():
        rep = int(chosen[number])
        low, high = int(bounds[number]), int(bounds[number + 1])
        near = list(zip(others[low:high].tolist(), weights[low:high].tolist()))
        kept = [n for n, _ in near if n != rep][:neighbours]
        if rep == number:
            plans.append(Plan(number, tuple(kept[:1]), 1))
            continue
        to_rep = next((w for n, w in near if n == rep), 0)
        stronger = next((w for n, w in near if n != rep), 0) >= to_rep + margin
        plans.append(Plan(number, (rep, *kept), 2 if stronger else 1))
    return plans
