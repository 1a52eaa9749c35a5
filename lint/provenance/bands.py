"""Band keys and sketches of the paragraph units of many texts, hashed in one pass.

What every engine computes per record to find shared text: ``unit_ranges`` cuts each
text into units, ``minhash`` hashes all units of the batch at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from .minhash import keys_of, signature_width, signatures, sketches_of
from .shingles import unit_ranges

if TYPE_CHECKING:
    from .reuse import ReuseSettings


@dataclass(frozen=True, slots=True)
class UnitBands:
    """A text's paragraph units: each unit's band keys (units x bands, uint64) and sketch
    (units x SKETCH_VALUES, uint8); ``length`` is the text's shingle count (what the
    single-process detector ranks representatives by)."""

    keys: Any
    sketches: Any
    length: int = 0

    def __len__(self) -> int:
        return len(self.keys)


def unit_bands(texts: Sequence[str], settings: "ReuseSettings") -> list[UnitBands]:
    """``UnitBands`` of each text, hashing the units of all of them in one pass."""
    import numpy as np

    values, starts, stops, counts, lengths, at = [], [], [], [], [], 0
    for text in texts:
        array, first, last = unit_ranges(text, settings.shingle_words, settings.unit_min_words,
                                         settings.unit_max_words, settings.unit_window_words)
        values.append(array)
        starts.extend(start + at for start in first)
        stops.extend(stop + at for stop in last)
        counts.append(len(first))
        lengths.append(len(array))
        at += len(array)
    width = signature_width(settings.bands, settings.rows, settings.num_perm)
    joined = np.concatenate(values) if values else np.empty(0, dtype=np.uint64)
    rows = signatures(joined, starts, stops, width, settings.seed)
    keys, sketches = keys_of(rows, settings.bands, settings.rows), sketches_of(rows, settings.bands, settings.rows)
    found, at = [], 0
    for count, length in zip(counts, lengths):
        found.append(UnitBands(keys[at:at + count], sketches[at:at + count], length))
        at += count
    return found
