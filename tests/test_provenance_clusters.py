"""Clusters from band keys: edges counted band by band are the edges of all links at once."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lint.provenance import clusters
from lint.provenance.reuse import _joined


@st.composite
def units(draw):
    """Units of a few documents: small key and sketch alphabets, so keys repeat and sketches agree."""
    count = draw(st.integers(0, 60))
    bands = draw(st.integers(1, 4))
    documents = draw(st.integers(1, 8))
    keys = np.array(draw(st.lists(st.integers(0, 5), min_size=count * bands, max_size=count * bands)),
                    dtype=np.uint64).reshape(count, bands)
    owners = np.sort(np.array(draw(st.lists(st.integers(0, documents - 1), min_size=count, max_size=count)),
                              dtype=np.int64))
    sketches = np.array(draw(st.lists(st.integers(0, 1), min_size=count * 32, max_size=count * 32)),
                        dtype=np.uint8).reshape(count, 32)
    return keys, owners, sketches, documents


@settings(max_examples=200, deadline=None)
@given(units(), st.sampled_from([1, 3, 1 << 16]))
def test_edges_counted_band_by_band_are_those_of_every_link_at_once(drawn, rows):
    keys, owners, sketches, documents = drawn
    old_rows = clusters._SKETCH_ROWS
    clusters._SKETCH_ROWS = rows  # sketches compared a few rows at a time, or all at once
    try:
        edges, _ = clusters.edges_and_boilerplate(keys, owners, sketches, documents, 0.5, 2)
    finally:
        clusters._SKETCH_ROWS = old_rows
    a, b = [], []
    for band in range(keys.shape[1]):
        left, right = clusters.chain_links(np.ascontiguousarray(keys[:, band]), owners, sketches, 0.5)
        a.append(left)
        b.append(right)
    expected = clusters.merge_links(np.concatenate(a), np.concatenate(b), documents)
    assert edges.a.tolist() == expected.a.tolist()
    assert edges.b.tolist() == expected.b.tolist()
    assert edges.weight.tolist() == expected.weight.tolist()


@given(st.lists(st.integers(0, 5), min_size=1, max_size=6))
def test_blocks_are_joined_as_concatenate_joins_them_and_let_go(sizes):
    blocks = [np.arange(size * 3, dtype=np.uint64).reshape(size, 3) + index for index, size in enumerate(sizes)]
    expected = np.concatenate(blocks)
    given_blocks = list(blocks)
    joined = _joined(given_blocks)
    assert given_blocks == []
    assert joined.dtype == expected.dtype and joined.tolist() == expected.tolist()
