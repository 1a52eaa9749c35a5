"""Reuse signatures of single texts, for finding shared text across a corpus in any engine.

The public, engine-free half of corpus-scale reuse detection (Dask, Spark or Ray jobs can
call it per record; it needs numpy and datasketch, not Dask):

- ``band_keys(text)``: the LSH band keys of a text. Each paragraph unit (as
  ``wirelint provenance`` cuts them) gets a datasketch MinHash of its five-word shingles;
  each band of ``rows`` values becomes one 64-bit key. Two texts that share a key share a
  paragraph at least roughly, so grouping records by key (a shuffle) yields the candidate
  pairs without comparing every pair.
- ``unit_bands(texts)``: per unit, the band keys and a 32-byte sketch (the low byte of 32
  more MinHash values, after those of the bands); ``agreement`` of two sketches estimates how similar the two units are,
  so a key shared by chance between unrelated paragraphs (they are many in a large
  corpus) is dropped before the exact comparison, as ``wirelint provenance`` drops
  index hits whose signatures agree on less than ``unit_similarity`` of their values.
- ``confirm(a, text_a, b, text_b)``: the exact comparison of one candidate pair, with the
  same passages, line ranges and similarity as ``wirelint provenance``.

Signatures are datasketch's MinHash values (same seed and permutations as the
single-machine index). Many units are hashed in one numpy pass with datasketch's own
permutations; that pass is checked against ``MinHash.update_batch`` once per process and
replaced by it if they ever disagree.
"""
from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from typing import Any, Sequence

from ..provenance.reuse import Reuse, ReuseSettings, Source
from ..provenance.shingles import unit_shingles

_MIX_1 = 0xBF58476D1CE4E5B9
_MIX_2 = 0x94D049BB133111EB
_BAND = 0x9E3779B97F4A7C15
SKETCH_VALUES = 32
_CHUNK = 1 << 16  # shingles hashed in one numpy pass: width x 64 Ki values stay a few tens of MB


def _identity(value: int) -> int:
    """Shingles are hashed already; MinHash only permutes them."""
    return value


@functools.lru_cache(maxsize=8)
def _blank(num_perm: int, seed: int):
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity)


def _units(text: str, settings: ReuseSettings) -> list[list[int]]:
    return unit_shingles(text, settings.shingle_words, settings.unit_min_words,
                         settings.unit_max_words, settings.unit_window_words)


def _one_by_one(units: Sequence[Sequence[int]], width: int, settings: ReuseSettings) -> Any:
    import numpy as np

    blank = _blank(settings.num_perm, settings.seed)
    rows = np.empty((len(units), width), dtype=np.uint64)
    for number, unit in enumerate(units):
        signature = blank.copy()
        signature.update_batch(unit)
        rows[number] = signature.hashvalues[:width]
    return rows


_FMIX = {32: (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16), 64: (33, 0xFF51AFD7ED558CCD, 33, 0xC4CEB9FE1A85EC53, 33)}


def murmur_finalizer(values: Any) -> Any:
    """MurmurHash3's 32- or 64-bit finalizer (by the array's dtype), element by element.

    datasketch pre-mixes each hash value with it before its affine permutations; the
    vectorised signatures must do the same to give the same values (``_method`` checks).
    """
    import numpy as np

    dtype = values.dtype.type
    s1, m1, s2, m2, s3 = (dtype(c) for c in _FMIX[values.dtype.itemsize * 8])
    with np.errstate(over="ignore"):
        values = values ^ (values >> s1)
        values = values * m1
        values = values ^ (values >> s2)
        values = values * m2
        return values ^ (values >> s3)


def _vectorised(units: Sequence[Sequence[int]], width: int, settings: ReuseSettings) -> Any:
    """The first ``width`` MinHash values of each unit in numpy passes of about
    ``_CHUNK`` shingles (datasketch's affine schemes: pre-mix each value, permute with the
    sketch's own (a, b), take each unit's minima)."""
    import numpy as np

    lengths = np.fromiter((len(u) for u in units), dtype=np.int64, count=len(units))
    if not len(units) or lengths.min() == 0:
        return _one_by_one(units, width, settings)  # an empty unit keeps datasketch's initial values
    blank = _blank(settings.num_perm, settings.seed)
    a, b = blank.permutations
    dtype = blank.hashvalues.dtype
    rows = np.empty((len(units), width), dtype=np.uint64)
    first = 0
    while first < len(units):
        last = first + 1
        total = lengths[first]
        while last < len(units) and total + lengths[last] <= _CHUNK:
            total += lengths[last]
            last += 1
        values = np.fromiter(itertools.chain.from_iterable(units[first:last]), dtype=dtype, count=int(total))
        permuted = murmur_finalizer(values.reshape(-1, 1)) * a[:width] + b[:width]
        starts = np.concatenate(([0], np.cumsum(lengths[first:last])[:-1]))
        rows[first:last] = np.minimum.reduceat(permuted, starts, axis=0)
        first = last
    return rows


@functools.lru_cache(maxsize=8)
def _method(settings: ReuseSettings):
    """The vectorised pass when it gives datasketch's values on a probe, else one by one."""
    import numpy as np

    width = settings.num_perm
    probe = [list(range(7, 300, 7)), [3], list(range(1 << 31, (1 << 31) + 4000, 97))]
    try:
        if getattr(_blank(settings.num_perm, settings.seed), "scheme", "legacy") != "legacy":
            if np.array_equal(_vectorised(probe, width, settings), _one_by_one(probe, width, settings)):
                return _vectorised
    except (ImportError, AttributeError, TypeError, ValueError):
        pass
    return _one_by_one


def unit_signatures(units: Sequence[Sequence[int]], settings: ReuseSettings | None = None, width: int | None = None) -> Any:
    """The first ``width`` MinHash values (as uint64) of each unit of shingle hashes
    (default: enough for the bands and the sketch)."""
    import numpy as np

    settings = settings or ReuseSettings()
    width = width or min(settings.bands * settings.rows + SKETCH_VALUES, settings.num_perm)
    if not units:
        return np.empty((0, width), dtype=np.uint64)
    return _method(settings)(units, width, settings)


def keys_of(signatures: Any, settings: ReuseSettings) -> Any:
    """One 64-bit key per (unit, band): the band's values and its number, mixed."""
    import numpy as np

    count = len(signatures)
    keys = np.empty((count, settings.bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(settings.bands):
            key = np.full(count, (band + 1) * _BAND & 0xFFFFFFFFFFFFFFFF, dtype=np.uint64)
            for row in range(settings.rows):
                key = (key ^ signatures[:, band * settings.rows + row]) * np.uint64(_MIX_1)
                key ^= key >> np.uint64(31)
            key = (key ^ (key >> np.uint64(30))) * np.uint64(_MIX_2)
            keys[:, band] = key ^ (key >> np.uint64(31))
    return keys


def sketches_of(signatures: Any, settings: ReuseSettings) -> Any:
    """The low byte of ``SKETCH_VALUES`` MinHash values of each unit (b-bit minwise
    hashing): 32 bytes that still estimate how similar two units are. The values come
    after those the bands use: two units that share a band agree on its values by
    construction, which would make every such pair look similar."""
    import numpy as np

    first = settings.bands * settings.rows
    if signatures.shape[1] - first < SKETCH_VALUES:
        first = max(signatures.shape[1] - SKETCH_VALUES, 0)
    padded = np.zeros((len(signatures), SKETCH_VALUES), dtype=np.uint8)
    values = (signatures[:, first:first + SKETCH_VALUES] & np.uint64(0xFF)).astype(np.uint8)
    padded[:, :values.shape[1]] = values
    return padded


def agreement(a: Any, b: Any) -> Any:
    """Estimated share of equal MinHash values of sketches ``a`` and ``b`` (rows of
    ``sketches_of``), corrected for low bytes that agree by chance (1 in 256)."""
    import numpy as np

    observed = (np.asarray(a) == np.asarray(b)).mean(axis=-1)
    return np.clip((observed - 1 / 256) / (1 - 1 / 256), 0.0, 1.0)


@dataclass(frozen=True, slots=True)
class UnitBands:
    """A text's paragraph units: each unit's band keys (units x bands, uint64) and sketch
    (units x SKETCH_VALUES, uint8)."""

    keys: Any
    sketches: Any

    def __len__(self) -> int:
        return len(self.keys)


def unit_bands(texts: Sequence[str], settings: ReuseSettings | None = None) -> list[UnitBands]:
    """``UnitBands`` of each text, hashing the units of all of them in one pass."""
    settings = settings or ReuseSettings()
    per_text = [_units(text, settings) for text in texts]
    signatures = unit_signatures([unit for units in per_text for unit in units], settings)
    keys, sketches = keys_of(signatures, settings), sketches_of(signatures, settings)
    found, at = [], 0
    for units in per_text:
        found.append(UnitBands(keys[at:at + len(units)], sketches[at:at + len(units)]))
        at += len(units)
    return found


def band_keys(text: str, settings: ReuseSettings | None = None) -> Any:
    """The distinct LSH band keys of ``text`` (newlines ``\\n``), a sorted uint64 array.

    Texts that share a key are reuse candidates; a text without a paragraph of
    ``unit_min_words`` words has none.
    """
    import numpy as np

    return np.unique(unit_bands([text], settings)[0].keys)


def confirm(a: str, text_a: str, b: str, text_b: str, settings: ReuseSettings | None = None) -> Reuse | None:
    """The passages texts ``a`` and ``b`` share (exact five-word matching), or None.

    The result is the ``Reuse`` that ``wirelint provenance`` reports for such a pair: the
    passages with their line ranges in both texts, the shingle similarity and the share of
    each text inside the passages.
    """
    settings = settings or ReuseSettings()
    return confirm_prepared(a, prepare(text_a, settings), b, prepare(text_b, settings), settings)


def prepare(text: str, settings: ReuseSettings | None = None):
    """A text ready for ``confirm_prepared`` (when one text is compared with several)."""
    from ..provenance.reuse import prepare_document

    return prepare_document(text, settings or ReuseSettings())


def confirm_prepared(a: str, first, b: str, second, settings: ReuseSettings | None = None) -> Reuse | None:
    """``confirm`` for texts already passed through ``prepare``."""
    from ..provenance.reuse import compare_prepared

    return compare_prepared(Source.of(a, ""), first, Source.of(b, ""), second, settings or ReuseSettings())
