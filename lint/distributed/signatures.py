"""Reuse signatures of single texts, for finding shared text across a corpus in any engine.

The public, engine-free half of corpus-scale reuse detection (Dask, Spark or Ray jobs can
call it per record; it needs numpy, not Dask):

- ``band_keys(text)``: the LSH band keys of a text. Each paragraph unit (as
  ``wirelint provenance`` cuts them) gets MinHash values of its five-word shingles
  (``lint.provenance.minhash``); each band of ``rows`` values becomes one 64-bit key. Two
  texts that share a key share a paragraph at least roughly, so grouping records by key
  (a shuffle) yields the candidate links without comparing every pair.
- ``unit_bands(texts)``: per unit, the band keys and a 32-byte sketch; ``agreement`` of
  two sketches estimates how similar the two units are, so a key shared by chance
  between unrelated paragraphs is dropped, as ``wirelint provenance`` drops such links.
- ``confirm(a, text_a, b, text_b)``: the exact comparison of one pair, with the same
  passages, line ranges and similarity as ``wirelint provenance``.

The values are those of the single-process detector (same permutations, same seed), so
the clusters built from them are the same.
"""
from __future__ import annotations

from typing import Any, Sequence

from ..provenance.bands import UnitBands
from ..provenance.bands import unit_bands as bands_of
from ..provenance.confirm import Prepared, Reuse, compare
from ..provenance.confirm import prepare as prepare_text
from ..provenance.minhash import SKETCH_VALUES, agreement, signature_width, signatures
from ..provenance.reuse import ReuseSettings

__all__ = ["SKETCH_VALUES", "UnitBands", "agreement", "band_keys", "confirm", "confirm_prepared", "prepare",
           "unit_bands", "unit_signatures"]


def unit_signatures(units: Sequence[Sequence[int]], settings: ReuseSettings | None = None, width: int | None = None) -> Any:
    """The first ``width`` MinHash values (as uint64) of each unit of 32-bit shingle hashes
    (default: enough for the bands and the sketch); every unit must be non-empty."""
    import numpy as np

    settings = settings or ReuseSettings()
    width = width or signature_width(settings.bands, settings.rows, settings.num_perm)
    lengths = [len(unit) for unit in units]
    values = np.fromiter((v for unit in units for v in unit), dtype=np.uint64, count=sum(lengths))
    stops = np.cumsum(lengths, dtype=np.int64)
    return signatures(values, stops - np.asarray(lengths, dtype=np.int64), stops, width, settings.seed)


def unit_bands(texts: Sequence[str], settings: ReuseSettings | None = None) -> list[UnitBands]:
    """``UnitBands`` of each text, hashing the units of all of them in one pass."""
    return bands_of(texts, settings or ReuseSettings())


def band_keys(text: str, settings: ReuseSettings | None = None) -> Any:
    """The distinct LSH band keys of ``text`` (newlines ``\\n``), a sorted uint64 array.

    Texts that share a key are reuse candidates; a text without a paragraph of
    ``unit_min_words`` words has none.
    """
    import numpy as np

    return np.unique(unit_bands([text], settings)[0].keys)


def prepare(text: str, settings: ReuseSettings | None = None) -> Prepared:
    """A text ready for ``confirm_prepared`` (when one text is compared with several)."""
    return prepare_text(text, (settings or ReuseSettings()).shingle_words)


def confirm(a: str, text_a: str, b: str, text_b: str, settings: ReuseSettings | None = None) -> Reuse | None:
    """The passages texts ``a`` and ``b`` share (exact five-word matching), or None.

    The result is the ``Reuse`` that ``wirelint provenance`` reports for such a pair: the
    passages with their line ranges in both texts, the shingle similarity and the share of
    each text inside the passages.
    """
    settings = settings or ReuseSettings()
    return confirm_prepared(a, prepare(text_a, settings), b, prepare(text_b, settings), settings)


def confirm_prepared(a: str, first: Prepared, b: str, second: Prepared, settings: ReuseSettings | None = None) -> Reuse | None:
    """``confirm`` for texts already passed through ``prepare``."""
    return compare(a, first, b, second, settings or ReuseSettings())
