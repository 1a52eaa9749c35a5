"""Text shared between records of a sharded corpus, found as a Dask computation.

Three stages, each a dask.bag over the run's slices:

1. **Signatures** (one task per slice): every paragraph unit of every record gets its
   MinHash band keys and a 32-byte sketch (``signatures.unit_bands``); the entries (key,
   record, sketch) of a slice are split into buckets by key. A record is named by a
   64-bit reference, its slice number and its byte offset in the slice, so no table of
   records is needed anywhere.
2. **Shuffle by band key**: ``Bag.groupby`` on the bucket (a task-based all-to-all
   shuffle) brings every entry with a given key to one task, which pairs the records
   whose units share the key and whose sketches agree on at least ``unit_similarity``
   (as ``wirelint provenance`` filters its index hits: in a large corpus most shared keys
   join unrelated paragraphs). Never all pairs of the corpus: a key shared by more than
   ``max_bucket`` units is boilerplate, and its units are paired only with the first
   ``max_fanout`` of them (in corpus order).
3. **Confirmation**: a second shuffle groups the pairs by the slice of their first
   record, drops duplicates (two records usually share several keys), re-reads each
   record by its offset and compares the pair exactly (``signatures.confirm``). Confirmed
   pairs are written to ``reuse/part-NNNNNN.jsonl``, one file per slice of first records,
   with record ids, passages and line ranges.

Records are read as the lint job reads them (bad lines are skipped here: that job reports
them) and compared as they are in the input.
"""
from __future__ import annotations

import json
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from ..jsonl import CorpusKeys
from ..errors import WirelintError
from ..provenance.reuse import ReuseSettings
from .outputs import REUSE, OutDir, atomic_text, clear
from ..jsonl import record_text
from .shards import Slice, SliceReader, read_slice, slice_lines

OFFSET_BITS = 40
OFFSET_MASK = (1 << OFFSET_BITS) - 1
ENTRY_BYTES = 8 + 8 + 32  # band key, record reference, sketch
_BATCH = 2000  # records whose units are hashed in one numpy pass
_PREPARED = 1024  # records kept ready for comparison in a confirmation task


@dataclass(frozen=True, slots=True)
class BandChunk:
    """The entries of one slice that fall in one bucket: per (unit, band), the band key,
    the record's reference and the unit's sketch. The chunk of bucket 0 also carries the
    slice's counts."""

    bucket: int
    keys: Any
    refs: Any
    sketches: Any
    records: int = 0
    units: int = 0


@dataclass(frozen=True, slots=True)
class PairChunk:
    """Candidate pairs (a < b) whose first record is in slice ``dest``; one chunk per
    shuffle task also carries that task's counts."""

    dest: int
    a: Any
    b: Any
    entries: int = 0
    shared_keys: int = 0
    boilerplate_keys: int = 0
    unit_pairs: int = 0


@dataclass(frozen=True, slots=True)
class Confirmed:
    """What one confirmation task found."""

    distinct_pairs: int = 0
    shared_pairs: int = 0
    duplicates: int = 0
    files: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReuseStats:
    """How much work reuse detection did, stage by stage.

    ``band_entries`` (unit, band) entries went through the first shuffle, ``ENTRY_BYTES``
    each (``shuffle_bytes``); ``unit_pairs`` of units shared a key, ``candidate_pairs`` of
    them had sketches similar enough (``distinct_pairs`` of records after dropping
    repeats) and ``shared_pairs`` were confirmed. ``seconds`` is the wall time of each stage.
    """

    records: int
    units: int
    band_entries: int
    shuffle_bytes: int
    shared_keys: int
    boilerplate_keys: int
    unit_pairs: int
    candidate_pairs: int
    distinct_pairs: int
    shared_pairs: int
    duplicates: int
    seconds: tuple[tuple[str, float], ...]

    def as_dict(self) -> dict:
        return {
            "records": self.records, "units": self.units, "band_entries": self.band_entries,
            "shuffle_bytes": self.shuffle_bytes, "shared_keys": self.shared_keys,
            "boilerplate_keys": self.boilerplate_keys, "unit_pairs": self.unit_pairs,
            "candidate_pairs": self.candidate_pairs,
            "distinct_pairs": self.distinct_pairs, "shared_pairs": self.shared_pairs,
            "duplicates": self.duplicates, "seconds": dict(self.seconds),
        }


def reference(piece: Slice, offset: int) -> int:
    """A record's 64-bit name: its slice number and its byte offset in the slice."""
    return (piece.index << OFFSET_BITS) | offset


def signature_partition(pieces: Sequence[Slice], keys: CorpusKeys, settings: ReuseSettings, buckets: int) -> list[BandChunk]:
    """Stage 1: the (unit, band) entries of every record of the slices, split into ``buckets``."""
    import numpy as np

    from .signatures import SKETCH_VALUES, unit_bands

    all_keys, all_refs, all_sketches, records, units = [], [], [], 0, 0
    for piece in pieces:
        try:
            lines = [line for line in slice_lines(piece, read_slice(piece), keys) if line.record is not None]
        except WirelintError:
            continue  # the lint job reports an unreadable slice
        records += len(lines)
        for at in range(0, len(lines), _BATCH):
            batch = lines[at:at + _BATCH]
            for line, bands in zip(batch, unit_bands([record_text(line.record, keys) for line in batch], settings)):
                if not len(bands):
                    continue
                units += len(bands)
                all_keys.append(bands.keys.ravel())
                all_refs.append(np.full(bands.keys.size, reference(piece, line.offset), dtype=np.uint64))
                all_sketches.append(np.repeat(bands.sketches, settings.bands, axis=0))
    key_array = np.concatenate(all_keys) if all_keys else np.empty(0, dtype=np.uint64)
    ref_array = np.concatenate(all_refs) if all_refs else np.empty(0, dtype=np.uint64)
    sketch_array = np.concatenate(all_sketches) if all_sketches else np.empty((0, SKETCH_VALUES), dtype=np.uint8)
    bucket = (key_array % np.uint64(buckets)).astype(np.int64)
    order = np.argsort(bucket, kind="stable")
    counts = np.bincount(bucket, minlength=buckets)
    chunks, at = [], 0
    for number, count in enumerate(counts.tolist()):
        if count or number == 0:
            span = order[at:at + count]
            chunks.append(BandChunk(number, key_array[span], ref_array[span], sketch_array[span],
                                    records if number == 0 else 0, units if number == 0 else 0))
        at += count
    return chunks


def _bucket_of(chunk: BandChunk) -> int:
    return chunk.bucket


def _dest_of(chunk: PairChunk) -> int:
    return chunk.dest


def _pairs_of_group(count: int, settings: ReuseSettings) -> tuple[Any, Any, bool]:
    """Index pairs (i < j) of the ``count`` entries sharing one key; for boilerplate (more
    than ``max_bucket`` entries) only those with one of the first ``max_fanout``, built
    without ever listing all pairs of a huge group."""
    import numpy as np

    if count <= settings.max_bucket:
        first, second = np.triu_indices(count, 1)
        return first, second, False
    heads = min(settings.max_fanout, count)
    first = np.concatenate([np.full(count - 1 - i, i) for i in range(heads)])
    second = np.concatenate([np.arange(i + 1, count) for i in range(heads)])
    return first, second, True


def candidate_partition(groups: Sequence[tuple[int, list[BandChunk]]], settings: ReuseSettings) -> list[PairChunk]:
    """Stage 2 (after the shuffle): pairs of records with units that share a key and whose
    sketches agree on at least ``unit_similarity``, split by the first record's slice."""
    import numpy as np

    from .signatures import agreement

    firsts, seconds = [], []
    entries = shared = boilerplate = unit_pairs = 0
    for _, chunks in groups:
        keys = np.concatenate([c.keys for c in chunks])
        entries += len(keys)
        if len(keys) < 2:
            continue
        refs = np.concatenate([c.refs for c in chunks])
        sketches = np.concatenate([c.sketches for c in chunks])
        order = np.lexsort((refs, keys))
        keys, refs, sketches = keys[order], refs[order], sketches[order]
        starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        sizes = np.diff(np.concatenate((starts, [len(keys)])))
        pairs = [(starts[sizes == 2], starts[sizes == 2] + 1)]  # most shared keys join two units
        shared += int((sizes == 2).sum())
        for start, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist()):
            first, second, capped = _pairs_of_group(size, settings)
            pairs.append((first + start, second + start))
            shared += 1
            boilerplate += capped
        left = np.concatenate([p[0] for p in pairs])
        right = np.concatenate([p[1] for p in pairs])
        distinct = refs[left] != refs[right]  # one record's repeated paragraph is no pair
        left, right = left[distinct], right[distinct]
        unit_pairs += len(left)
        similar = agreement(sketches[left], sketches[right]) >= settings.unit_similarity
        firsts.append(refs[left[similar]])
        seconds.append(refs[right[similar]])
    a = np.concatenate(firsts) if firsts else np.empty(0, dtype=np.uint64)
    b = np.concatenate(seconds) if seconds else np.empty(0, dtype=np.uint64)
    if len(a):  # two records usually share several keys: send each pair once from here
        a, b = np.unique(np.stack([a, b], axis=1), axis=0).T
    dest = (a >> np.uint64(OFFSET_BITS)).astype(np.int64)
    order = np.argsort(dest, kind="stable")
    a, b, dest = a[order], b[order], dest[order]
    chunks = []
    if len(dest):
        cuts = np.flatnonzero(np.concatenate(([True], dest[1:] != dest[:-1], [True])))
        for start, end in zip(cuts[:-1].tolist(), cuts[1:].tolist()):
            chunks.append(PairChunk(int(dest[start]), a[start:end], b[start:end]))
    head = chunks[0] if chunks else PairChunk(0, a, b)
    return [PairChunk(head.dest, head.a, head.b, entries, shared, boilerplate, unit_pairs), *chunks[1:]]


class _Records:
    """Records by reference, read by offset and kept ready for comparison (a few at a time)."""

    def __init__(self, slices: Sequence[Slice], keys: CorpusKeys, settings: ReuseSettings) -> None:
        self.slices, self.keys, self.settings = slices, keys, settings
        self.readers: dict[int, SliceReader] = {}
        self.ready: OrderedDict[int, tuple[str, str, Any] | None] = OrderedDict()

    def get(self, ref: int) -> tuple[str, str, Any] | None:
        """(shard path, record id, prepared text) of a reference, or None."""
        from .signatures import prepare

        if ref in self.ready:
            self.ready.move_to_end(ref)
            return self.ready[ref]
        number = ref >> OFFSET_BITS
        reader = self.readers.get(number)
        if reader is None:
            reader = self.readers[number] = SliceReader(self.slices[number])
        found = reader.record(ref & OFFSET_MASK, self.keys)
        item = None
        if found is not None:
            item = (self.slices[number].shard.path, found[0], prepare(found[1], self.settings))
        self.ready[ref] = item
        if len(self.ready) > _PREPARED:
            self.ready.popitem(last=False)
        return item

    def close(self) -> None:
        for reader in self.readers.values():
            reader.close()


def reuse_line(reuse, a: tuple[str, str], b: tuple[str, str], duplicate: bool) -> str:
    """One confirmed pair as a JSON line: ``wirelint provenance``'s pair object plus the
    shards and record ids of both sides."""
    from ..provenance.output import reuse_to_dict

    item = {**reuse_to_dict(reuse), "a_shard": a[0], "a_record": a[1], "b_shard": b[0], "b_record": b[1],
            "duplicate": duplicate}
    return json.dumps(item, ensure_ascii=False) + "\n"


def confirm_partition(
    groups: Sequence[tuple[int, list[PairChunk]]], slices: Sequence[Slice], keys: CorpusKeys,
    settings: ReuseSettings, out: OutDir,
) -> list[Confirmed]:
    """Stage 3 (after the second shuffle): confirm each distinct pair; write one file per slice."""
    import numpy as np

    from ..provenance.checks import is_duplicate
    from .signatures import confirm_prepared

    records = _Records(slices, keys, settings)
    distinct = shared = duplicates = 0
    files = []
    try:
        for dest, chunks in sorted(groups, key=lambda g: g[0]):
            a = np.concatenate([c.a for c in chunks])
            b = np.concatenate([c.b for c in chunks])
            if not len(a):
                continue
            pairs = np.unique(np.stack([a, b], axis=1), axis=0)
            distinct += len(pairs)
            lines = []
            for first, second in pairs.tolist():
                left, right = records.get(first), records.get(second)
                if left is None or right is None:
                    continue
                reuse = confirm_prepared(f"{left[0]}#{left[1]}", left[2], f"{right[0]}#{right[1]}", right[2], settings)
                if reuse is None:
                    continue
                duplicate = is_duplicate(reuse, settings)
                duplicates += duplicate
                lines.append(reuse_line(reuse, left[:2], right[:2], duplicate))
            shared += len(lines)
            if lines:
                url = out.reuse(dest)
                with atomic_text(url) as handle:
                    handle.write("".join(lines))
                files.append(url)
    finally:
        records.close()
    return [Confirmed(distinct, shared, duplicates, tuple(files))]


Progress = Callable[[str, list], None]


def run_reuse(
    client, slices: Sequence[Slice], out: OutDir, keys: CorpusKeys = CorpusKeys(),
    settings: ReuseSettings | None = None, watch: Progress | None = None,
) -> ReuseStats:
    """Find the records that share text, on ``client``'s cluster; write ``reuse/`` under ``out``.

    ``watch(stage, futures)`` is called for each stage with its futures (for a progress
    display) and must return once they are done; by default the stage is simply waited for.
    """
    import dask
    import dask.bag as db
    from dask.distributed import futures_of, wait

    settings = settings or ReuseSettings()
    watch = watch or (lambda stage, futures: wait(futures))
    clear(out, REUSE)
    seconds: list[tuple[str, float]] = []
    buckets = max(len(slices), 1)
    listing = dask.delayed(tuple(slices), pure=True)

    started = time.perf_counter()
    signatures = db.from_sequence(slices, npartitions=len(slices)).map_partitions(
        signature_partition, keys, settings, buckets)
    signatures = client.persist(signatures)
    watch("signatures", futures_of(signatures))
    seconds.append(("signatures", round(time.perf_counter() - started, 3)))

    started = time.perf_counter()
    candidates = signatures.groupby(_bucket_of, shuffle="tasks").map_partitions(candidate_partition, settings)
    candidates = client.persist(candidates)
    watch("band shuffle", futures_of(candidates))
    seconds.append(("band shuffle", round(time.perf_counter() - started, 3)))
    counted = client.compute(signatures.map(lambda c: (c.records, c.units, len(c.keys))).fold(_add, initial=(0, 0, 0)))
    records, units, entries = counted.result()
    del signatures

    started = time.perf_counter()
    pair_counts = client.compute(candidates.map(
        lambda c: (len(c.a), c.shared_keys, c.boilerplate_keys, c.unit_pairs)).fold(_add, initial=(0, 0, 0, 0)))
    confirmed = candidates.groupby(_dest_of, shuffle="tasks").map_partitions(
        confirm_partition, listing, keys, settings, out)
    futures = client.compute(confirmed.to_delayed())
    watch("confirmation", futures)
    found = [item for part in client.gather(futures) for item in part]
    seconds.append(("confirmation", round(time.perf_counter() - started, 3)))
    candidate_pairs, shared_keys, boilerplate, unit_pairs = pair_counts.result()
    return ReuseStats(
        records=records, units=units, band_entries=entries, shuffle_bytes=ENTRY_BYTES * entries,
        shared_keys=shared_keys, boilerplate_keys=boilerplate, unit_pairs=unit_pairs, candidate_pairs=candidate_pairs,
        distinct_pairs=sum(c.distinct_pairs for c in found), shared_pairs=sum(c.shared_pairs for c in found),
        duplicates=sum(c.duplicates for c in found), seconds=tuple(seconds),
    )


def _add(x: tuple[int, ...], y: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(a + b for a, b in zip(x, y))
