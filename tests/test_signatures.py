"""The vectorised MinHash signatures equal datasketch's own, value for value."""
from __future__ import annotations

import random

import numpy as np

from lint.distributed import signatures
from lint.provenance.reuse import ReuseSettings


def test_vectorised_signatures_equal_datasketch_one_by_one():
    settings = ReuseSettings()
    rng = random.Random(7)
    units = [[rng.getrandbits(32) for _ in range(rng.randint(1, 40))] for _ in range(50)]
    width = settings.num_perm
    assert np.array_equal(signatures._vectorised(units, width, settings), signatures._one_by_one(units, width, settings))


def test_murmur_finalizer_is_a_bijection_that_mixes():
    values = np.arange(1 << 12, dtype=np.uint32)
    mixed = signatures.murmur_finalizer(values)
    assert len(np.unique(mixed)) == len(values)
    assert mixed[0] == 0 and (mixed[1:] != values[1:]).all()
