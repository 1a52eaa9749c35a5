"""MinHash signatures of many paragraph units at once, their LSH band keys and sketches.

A unit is a run of 32-bit shingle hashes. Permutation ``i`` maps a hash ``x`` to
``((A_i * x + B_i) mod 2**64) >> 32`` (multiply-add-shift, a universal family for 32-bit
keys); a unit's MinHash value for ``i`` is the least of its mapped hashes. All units of a
batch are mapped in numpy passes of about ``CHUNK`` shingles and reduced per unit with
``minimum.reduceat``, so hashing costs a few numpy calls per thousand documents, not a
Python object per paragraph. The constants come from a fixed SplitMix64 stream: the
same values in every run, on every machine and in every engine (single process, Dask).

From the first ``bands * rows`` values each band becomes one 64-bit key (two units that
share a key are reuse candidates); the low byte of the next ``SKETCH_VALUES`` values is
a 32-byte sketch whose ``agreement`` estimates how similar two units are. numpy is
imported only when reuse detection runs.
"""
from __future__ import annotations

import functools
from typing import Any, Sequence

SKETCH_VALUES = 32
CHUNK = 1 << 14  # shingles mapped in one numpy pass: 48 x 16 Ki values, 6 MB
_GOLDEN = 0x9E3779B97F4A7C15
_MIX_1 = 0xBF58476D1CE4E5B9
_MIX_2 = 0x94D049BB133111EB
_MASK = (1 << 64) - 1


def _splitmix(state: int) -> tuple[int, int]:
    """The next SplitMix64 output and state (a tiny, well-known generator with a fixed stream)."""
    state = (state + _GOLDEN) & _MASK
    value = state
    value = ((value ^ (value >> 30)) * _MIX_1) & _MASK
    value = ((value ^ (value >> 27)) * _MIX_2) & _MASK
    return value ^ (value >> 31), state


@functools.lru_cache(maxsize=8)
def permutations(width: int, seed: int) -> tuple[Any, Any]:
    """The (A, B) constants of ``width`` permutations for ``seed`` (A odd), as uint64 rows."""
    import numpy as np

    state, a, b = seed, [], []
    for _ in range(width):
        value, state = _splitmix(state)
        a.append(value | 1)
        value, state = _splitmix(state)
        b.append(value)
    return np.array(a, dtype=np.uint64).reshape(1, -1), np.array(b, dtype=np.uint64).reshape(1, -1)


def signature_width(bands: int, rows: int, num_perm: int) -> int:
    """Values each unit needs: those of the bands, then those of the sketch."""
    return min(bands * rows + SKETCH_VALUES, num_perm)


def signatures(values: Any, starts: Any, stops: Any, width: int, seed: int) -> Any:
    """MinHash values (units x ``width``, uint64 below 2**32) of the units ``values[start:stop]``.

    ``values`` holds 32-bit shingle hashes; every unit must be non-empty. Units may overlap.
    Each pass maps a chunk of shingles into one reused (permutations x shingles) buffer,
    in place and row by row, which keeps the work in the processor's cache.
    """
    import numpy as np

    starts = np.asarray(starts, dtype=np.int64)
    stops = np.asarray(stops, dtype=np.int64)
    rows = np.empty((width, len(starts)), dtype=np.uint64)
    if not len(starts):
        return rows.T
    a, b = permutations(width, seed)
    a, b = a[0, :width].reshape(-1, 1), b[0, :width].reshape(-1, 1)
    lengths = stops - starts
    ends = np.cumsum(lengths)
    buffer = np.empty((width, max(CHUNK, int(lengths.max()))), dtype=np.uint64)
    shift = np.uint64(32)
    first = 0
    while first < len(starts):
        base = ends[first - 1] if first else 0
        last = max(int(np.searchsorted(ends, base + CHUNK, side="right")), first + 1)
        count = lengths[first:last]
        offsets = np.concatenate(([0], np.cumsum(count)[:-1]))
        index = np.repeat(starts[first:last] - offsets, count) + np.arange(int(count.sum()))
        mapped = buffer[:, :len(index)]
        np.multiply(a, values[index].reshape(1, -1), out=mapped)
        np.add(mapped, b, out=mapped)
        np.right_shift(mapped, shift, out=mapped)
        rows[:, first:last] = np.minimum.reduceat(mapped, offsets, axis=1)
        first = last
    return np.ascontiguousarray(rows.T)


def keys_of(rows: Any, bands: int, band_rows: int) -> Any:
    """One 64-bit key per (unit, band): the band's values and its number, mixed."""
    import numpy as np

    count = len(rows)
    keys = np.empty((count, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(bands):
            key = np.full(count, (band + 1) * _GOLDEN & _MASK, dtype=np.uint64)
            for row in range(band_rows):
                key = (key ^ rows[:, band * band_rows + row]) * np.uint64(_MIX_1)
                key ^= key >> np.uint64(31)
            key = (key ^ (key >> np.uint64(30))) * np.uint64(_MIX_2)
            keys[:, band] = key ^ (key >> np.uint64(31))
    return keys


def sketches_of(rows: Any, bands: int, band_rows: int) -> Any:
    """The low byte of ``SKETCH_VALUES`` MinHash values of each unit (b-bit minwise hashing).

    The values come after those the bands use: two units that share a band agree on its
    values by construction, which would make every such pair look similar.
    """
    import numpy as np

    first = bands * band_rows
    if rows.shape[1] - first < SKETCH_VALUES:
        first = max(rows.shape[1] - SKETCH_VALUES, 0)
    padded = np.zeros((len(rows), SKETCH_VALUES), dtype=np.uint8)
    values = (rows[:, first:first + SKETCH_VALUES] & np.uint64(0xFF)).astype(np.uint8)
    padded[:, :values.shape[1]] = values
    return padded


def agreement(a: Any, b: Any) -> Any:
    """Estimated share of equal MinHash values of sketches ``a`` and ``b``, corrected for
    low bytes that agree by chance (1 in 256)."""
    import numpy as np

    observed = (np.asarray(a) == np.asarray(b)).mean(axis=-1)
    return np.clip((observed - 1 / 256) / (1 - 1 / 256), 0.0, 1.0)


def reference_signature(unit: Sequence[int], width: int, seed: int) -> list[int]:
    """One unit's MinHash values the slow, obvious way (what ``signatures`` must equal)."""
    a, b = permutations(width, seed)
    return [min(((int(x) * int(p) + int(q)) & _MASK) >> 32 for x in unit) for p, q in zip(a[0].tolist(), b[0].tolist())]
