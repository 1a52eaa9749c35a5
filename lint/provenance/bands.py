"""Band keys and sketches of the paragraph units of many texts, hashed in one pass.

What every engine computes per record to find shared text: ``paragraph_units`` cuts each
text into units (``scan_many`` finds the words of a few hundred texts in one numpy
pass), ``minhash`` hashes all units of the batch at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from .minhash import keys_of, signature_width, signatures, sketches_of
from .shingles import paragraph_units, scan_many, shingles

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


SCAN_CHARACTERS = 1 << 17  # text scanned in one numpy pass: big enough to pay for the calls, small in memory


def unit_bands(texts: Sequence[str], settings: "ReuseSettings") -> list[UnitBands]:
    """``UnitBands`` of each text, hashing the units of all of them in one pass."""
    import numpy as np

    values, starts, stops, counts, lengths, at = [], [], [], [], [], 0
    for group in _groups(texts, SCAN_CHARACTERS):
        scanned = scan_many(group)
        grams = shingles(scanned.hashes, settings.shingle_words) >> np.uint64(32)
        for number in range(len(group)):
            low, high = int(scanned.first[number]), int(scanned.first[number + 1])
            first, last = paragraph_units(high - low, scanned.breaks[number], settings.shingle_words,
                                          settings.unit_min_words, settings.unit_max_words, settings.unit_window_words)
            starts.extend(start + at + low for start in first)
            stops.extend(stop + at + low for stop in last)
            counts.append(len(first))
            lengths.append(max(high - low - settings.shingle_words + 1, 0))
        values.append(grams)
        at += len(grams)
    width = signature_width(settings.bands, settings.rows, settings.num_perm)
    joined = np.concatenate(values) if values else np.empty(0, dtype=np.uint64)
    rows = signatures(joined, starts, stops, width, settings.seed)
    keys, sketches = keys_of(rows, settings.bands, settings.rows), sketches_of(rows, settings.bands, settings.rows)
    found, at = [], 0
    for count, length in zip(counts, lengths):
        found.append(UnitBands(keys[at:at + count], sketches[at:at + count], length))
        at += count
    return found


def _groups(texts: Sequence[str], characters: int) -> list[Sequence[str]]:
    """``texts`` in runs of about ``characters`` characters (at least one text each)."""
    groups, begin, size = [], 0, 0
    for number, text in enumerate(texts):
        size += len(text)
        if size >= characters:
            groups.append(texts[begin:number + 1])
            begin, size = number + 1, 0
    if begin < len(texts):
        groups.append(texts[begin:])
    return groups
