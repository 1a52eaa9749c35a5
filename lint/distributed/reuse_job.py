"""Text shared between records of a sharded corpus, found as a Dask computation.

The same clusters as ``wirelint provenance`` (``lint.provenance.clusters``), in stages:

1. **Signatures** (one task per slice): every paragraph unit of every record gets its
   MinHash band keys and a 32-byte sketch (``signatures.unit_bands``); the entries (key,
   record, sketch) of a slice are split into buckets by key. A record is named by a
   64-bit reference, its slice number and its byte offset in the slice, so references
   sort in corpus order. The slice also reports each record's id and length.
2. **Shuffle by band key**: ``Bag.groupby`` on the bucket (a task-based all-to-all
   shuffle) brings every entry with a given key to one task, which links next entries of
   equal key in record order whose sketches agree on at least ``unit_similarity``
   (``clusters.chain_links``): a chain through each group, never all pairs of it.
3. **Clusters** (on the driver, over the deduplicated edge list: a few numbers per record):
   union-find, representatives and each record's confirmation plan (``clusters.plan``).
4. **Confirmation**: the plans, in record order, are split into one task per slice; each
   task re-reads records by offset and runs its plans (``reuse.confirm_plans``). A second
   shuffle groups the confirmed pairs by the slice of their first record, merges a pair
   confirmed by two tasks and writes ``reuse/part-NNNNNN.jsonl``, one file per slice,
   with record ids, passages and line ranges. The clusters go to ``reuse/clusters.jsonl``.

Records are read as the lint job reads them (bad lines are skipped here: that job reports
them) and compared as they are in the input.
"""
from __future__ import annotations

import json
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any, Callable, Sequence

from ..jsonl import CorpusKeys
from ..errors import WirelintError
from ..provenance.reuse import ReuseSettings
from .outputs import REUSE, OutDir, atomic_text, clear
from ..jsonl import record_id, record_text
from .shards import Slice, SliceReader, read_slice, slice_lines

OFFSET_BITS = 40
OFFSET_MASK = (1 << OFFSET_BITS) - 1
ENTRY_BYTES = 8 + 8 + 32  # band key, record reference, sketch
CLUSTERS = "clusters.jsonl"
_BATCH = 2000  # records whose units are hashed in one numpy pass
_PREPARED = 1024  # records kept ready for comparison in a confirmation task


@dataclass(frozen=True, slots=True)
class BandChunk:
    """The entries of one slice that fall in one bucket: per (unit, band), the band key,
    the record's reference and the unit's sketch. The chunk of bucket 0 also carries the
    slice's records (references, names ``shard#id``, lengths) and counts."""

    bucket: int
    keys: Any
    refs: Any
    sketches: Any
    records: int = 0
    units: int = 0
    record_refs: Any = None
    record_names: tuple[str, ...] = ()
    lengths: Any = None


@dataclass(frozen=True, slots=True)
class LinkChunk:
    """The links one shuffle task found: pairs of references (a before b) and how many
    entries it saw."""

    a: Any
    b: Any
    entries: int = 0


@dataclass(frozen=True, slots=True)
class Confirmed:
    """What one writing task wrote."""

    shared_pairs: int = 0
    duplicates: int = 0
    files: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReuseStats:
    """How much work reuse detection did, stage by stage.

    ``band_entries`` (unit, band) entries went through the first shuffle, ``ENTRY_BYTES``
    each (``shuffle_bytes``); ``links`` joined next entries of equal key, ``edges`` are the
    distinct pairs of records among them, ``clusters`` the clusters of two or more records;
    ``candidate_pairs`` exact comparisons were made and ``shared_pairs`` confirmed.
    ``seconds`` is the wall time of each stage.
    """

    records: int
    units: int
    band_entries: int
    shuffle_bytes: int
    links: int
    edges: int
    clusters: int
    candidate_pairs: int
    shared_pairs: int
    duplicates: int
    seconds: tuple[tuple[str, float], ...]

    def as_dict(self) -> dict:
        return {
            "records": self.records, "units": self.units, "band_entries": self.band_entries,
            "shuffle_bytes": self.shuffle_bytes, "links": self.links, "edges": self.edges,
            "clusters": self.clusters, "candidate_pairs": self.candidate_pairs,
            "shared_pairs": self.shared_pairs, "duplicates": self.duplicates, "seconds": dict(self.seconds),
        }


def reference(piece: Slice, offset: int) -> int:
    """A record's 64-bit name: its slice number and its byte offset in the slice."""
    return (piece.index << OFFSET_BITS) | offset


def signature_partition(pieces: Sequence[Slice], keys: CorpusKeys, settings: ReuseSettings, buckets: int) -> list[BandChunk]:
    """Stage 1: the (unit, band) entries of every record of the slices, split into ``buckets``."""
    import numpy as np

    from .signatures import SKETCH_VALUES, unit_bands

    all_keys, all_refs, all_sketches, records, units = [], [], [], 0, 0
    record_refs, record_names, lengths = [], [], []
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
                ref = reference(piece, line.offset)
                units += len(bands)
                record_refs.append(ref)
                record_names.append(f"{piece.shard.path}#{record_id(line.record, line.number, keys)}")
                lengths.append(bands.length)
                all_keys.append(bands.keys.ravel())
                all_refs.append(np.full(bands.keys.size, ref, dtype=np.uint64))
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
            head = number == 0
            chunks.append(BandChunk(
                number, key_array[span], ref_array[span], sketch_array[span], records if head else 0,
                units if head else 0, np.array(record_refs, dtype=np.uint64) if head else None,
                tuple(record_names) if head else (), np.array(lengths, dtype=np.int64) if head else None,
            ))
        at += count
    return chunks


def _bucket_of(chunk: BandChunk) -> int:
    return chunk.bucket


def link_partition(groups: Sequence[tuple[int, list[BandChunk]]], settings: ReuseSettings) -> list[LinkChunk]:
    """Stage 2 (after the shuffle): links between next entries of equal key, in reference
    order, whose sketches agree (``clusters.chain_links``, as in one process)."""
    import numpy as np

    from ..provenance.clusters import chain_links

    firsts, seconds, entries = [], [], 0
    for _, chunks in groups:
        keys = np.concatenate([c.keys for c in chunks])
        entries += len(keys)
        if len(keys) < 2:
            continue
        refs = np.concatenate([c.refs for c in chunks])
        sketches = np.concatenate([c.sketches for c in chunks])
        a, b = chain_links(keys, refs, sketches, settings.unit_similarity)
        firsts.append(a)
        seconds.append(b)
    empty = np.empty(0, dtype=np.uint64)
    return [LinkChunk(np.concatenate(firsts) if firsts else empty, np.concatenate(seconds) if seconds else empty, entries)]


@dataclass(frozen=True, slots=True)
class _Record:
    """What a confirmation task knows of a record without reading it: its name and that it
    is no reference file (a corpus has none)."""

    name: str
    reference: bool = False


class _Records:
    """Records by number, read by offset and kept ready for comparison (a few at a time)."""

    def __init__(self, slices: Sequence[Slice], refs: dict[int, int], keys: CorpusKeys, settings: ReuseSettings) -> None:
        self.slices, self.refs, self.keys, self.settings = slices, refs, keys, settings
        self.readers: dict[int, SliceReader] = {}
        self.ready: OrderedDict[int, Any] = OrderedDict()

    def get(self, number: int):
        """The prepared text of record ``number``, or None."""
        from .signatures import prepare

        if number in self.ready:
            self.ready.move_to_end(number)
            return self.ready[number]
        ref = self.refs[number]
        piece = ref >> OFFSET_BITS
        reader = self.readers.get(piece)
        if reader is None:
            reader = self.readers[piece] = SliceReader(self.slices[piece])
        found = reader.record(ref & OFFSET_MASK, self.keys)
        item = None if found is None else prepare(found[1], self.settings)
        self.ready[number] = item
        if len(self.ready) > _PREPARED:
            self.ready.popitem(last=False)
        return item

    def close(self) -> None:
        for reader in self.readers.values():
            reader.close()


def confirm_partition(
    tasks: Sequence[tuple[list[tuple[int, tuple[int, ...], int]], dict[int, tuple[int, str]]]],
    slices: Sequence[Slice], keys: CorpusKeys, settings: ReuseSettings,
) -> list[tuple[int, tuple[int, int], Any]]:
    """Stage 4a: run a run of plans; each confirmed pair as (slice of its first record,
    (a, b) record numbers, Reuse)."""
    from ..provenance.clusters import Plan
    from ..provenance.reuse import confirm_plans

    found = []
    for plans, named in tasks:
        refs = {number: ref for number, (ref, _) in named.items()}
        sources = {number: _Record(name) for number, (_, name) in named.items()}
        records = _Records(slices, refs, keys, settings)
        try:
            pairs, comparisons = confirm_plans([Plan(*p) for p in plans], sources, records.get, settings)
        finally:
            records.close()
        found.append((-1, (comparisons, 0), None))
        found += [(refs[a] >> OFFSET_BITS, (a, b), reuse) for (a, b), reuse in pairs.items()]
    return found


def reuse_line(reuse, a: tuple[str, str], b: tuple[str, str], duplicate: bool) -> str:
    """One confirmed pair as a JSON line: ``wirelint provenance``'s pair object plus the
    shards and record ids of both sides, and which sides the pair reports on."""
    from ..provenance.output import reuse_to_dict

    item = {**reuse_to_dict(reuse), "a_shard": a[0], "a_record": a[1], "b_shard": b[0], "b_record": b[1],
            "duplicate": duplicate, "a_reports": reuse.a_reports, "b_reports": reuse.b_reports}
    return json.dumps(item, ensure_ascii=False) + "\n"


def write_partition(groups: Sequence[tuple[int, list]], settings: ReuseSettings, out: OutDir) -> list[Confirmed]:
    """Stage 4b (after the second shuffle): merge pairs confirmed twice, write one file per slice."""
    from ..provenance.checks import is_duplicate

    shared = duplicates = 0
    files = []
    for dest, items in sorted(groups, key=lambda g: g[0]):
        if dest < 0:
            continue
        merged: dict[tuple[int, int], Any] = {}
        for _, key, reuse in items:
            known = merged.get(key)
            merged[key] = reuse if known is None else replace(
                known, a_reports=known.a_reports or reuse.a_reports, b_reports=known.b_reports or reuse.b_reports)
        lines = []
        for key in sorted(merged):
            reuse = merged[key]
            duplicate = is_duplicate(reuse, settings)
            duplicates += duplicate
            lines.append(reuse_line(reuse, _split(reuse.a), _split(reuse.b), duplicate))
        shared += len(lines)
        url = out.reuse(dest)
        with atomic_text(url) as handle:
            handle.write("".join(lines))
        files.append(url)
    return [Confirmed(shared, duplicates, tuple(files))]


def _split(name: str) -> tuple[str, str]:
    shard, _, record = name.rpartition("#")
    return shard, record


def _dest_of(item: tuple) -> int:
    return item[0]


Progress = Callable[[str, list], None]


def cluster_plans(refs: Any, lengths: Any, links: Sequence[LinkChunk], settings: ReuseSettings):
    """Stage 3 (driver): records in reference order, their clusters, representatives and plans."""
    import numpy as np

    from ..provenance import clusters as cl

    order = np.argsort(refs, kind="stable")
    refs, lengths = refs[order], lengths[order]
    a = np.concatenate([c.a for c in links]) if links else np.empty(0, dtype=np.uint64)
    b = np.concatenate([c.b for c in links]) if links else np.empty(0, dtype=np.uint64)
    edges = cl.merge_links(np.searchsorted(refs, a), np.searchsorted(refs, b), max(len(refs), 1))
    labels = cl.components(len(refs), edges)
    reference = np.zeros(len(refs), dtype=bool)
    chosen = cl.representatives(labels, reference, reference, lengths)
    plans = cl.plan(labels, chosen, edges, reference, settings.neighbours, settings.bands)
    return order, refs, labels, chosen, edges, plans, len(a)


def run_reuse(
    client, slices: Sequence[Slice], out: OutDir, keys: CorpusKeys = CorpusKeys(),
    settings: ReuseSettings | None = None, watch: Progress | None = None,
    on_stories: Callable[[Any, Any], None] | None = None,
) -> ReuseStats:
    """Find the records that share text, on ``client``'s cluster; write ``reuse/`` under ``out``.

    ``on_stories(refs, labels)``, when given, gets the sorted record references and the
    article each counts as for template lines (``provenance.stories.article_labels``).

    ``watch(stage, futures)`` is called for each stage with its futures (for a progress
    display) and must return once they are done; by default the stage is simply waited for.
    """
    import dask
    import dask.bag as db
    import numpy as np
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
    heads = client.compute(signatures.filter(lambda c: c.bucket == 0)).result()
    seconds.append(("signatures", round(time.perf_counter() - started, 3)))

    started = time.perf_counter()
    links = signatures.groupby(_bucket_of, shuffle="tasks").map_partitions(link_partition, settings)
    links = client.persist(links)
    watch("band shuffle", futures_of(links))
    found_links = client.compute(links).result()
    seconds.append(("band shuffle", round(time.perf_counter() - started, 3)))
    del signatures, links

    started = time.perf_counter()
    names, refs, lengths = [], [], []
    for head in heads:
        if head.record_refs is not None:
            refs.append(head.record_refs)
            lengths.append(head.lengths)
            names += head.record_names
    all_refs = np.concatenate(refs) if refs else np.empty(0, dtype=np.uint64)
    all_lengths = np.concatenate(lengths) if lengths else np.empty(0, dtype=np.int64)
    order, sorted_refs, labels, chosen, edges, plans, link_count = cluster_plans(all_refs, all_lengths, found_links, settings)
    names = [names[i] for i in order.tolist()]
    clusters = _write_clusters(out, labels, chosen, names)
    seconds.append(("clusters", round(time.perf_counter() - started, 3)))

    started = time.perf_counter()
    tasks = []
    per_task = max(len(plans) // max(len(slices), 1) + 1, 1)
    for at in range(0, len(plans), per_task):
        chunk = plans[at:at + per_task]
        wanted = {n for p in chunk for n in (p.document, *p.targets)}
        named = {n: (int(sorted_refs[n]), names[n]) for n in wanted}
        tasks.append(([(p.document, p.targets, p.required) for p in chunk], named))
    confirmed = client.persist(db.from_sequence(tasks, npartitions=max(len(tasks), 1)).map_partitions(
        confirm_partition, listing, keys, settings))
    if on_stories is not None:
        from ..provenance.stories import article_labels

        sides = confirmed.filter(lambda item: item[0] >= 0).map(lambda item: item[1]).flatten().distinct()
        on_stories(sorted_refs, article_labels(labels, client.compute(sides).result()))
    written = confirmed.groupby(_dest_of, shuffle="tasks").map_partitions(write_partition, settings, out)
    comparisons = client.compute(confirmed.filter(lambda item: item[0] < 0).map(lambda item: item[1][0]).sum())
    futures = client.compute(written.to_delayed())
    watch("confirmation", futures)
    found = [item for part in client.gather(futures) for item in part]
    seconds.append(("confirmation", round(time.perf_counter() - started, 3)))
    entries = sum(c.entries for c in found_links)
    return ReuseStats(
        records=sum(h.records for h in heads), units=sum(h.units for h in heads), band_entries=entries,
        shuffle_bytes=ENTRY_BYTES * entries, links=link_count, edges=len(edges), clusters=clusters,
        candidate_pairs=int(comparisons.result()) if tasks else 0,
        shared_pairs=sum(c.shared_pairs for c in found), duplicates=sum(c.duplicates for c in found),
        seconds=tuple(seconds),
    )


def _write_clusters(out: OutDir, labels: Any, chosen: Any, names: Sequence[str]) -> int:
    """``reuse/clusters.jsonl``: one line per cluster of two or more records, as
    ``wirelint provenance --format json`` lists them; returns how many."""
    import numpy as np

    from ..provenance.output import cluster_to_dict
    from ..provenance.reuse import Cluster

    sizes = np.bincount(labels) if len(labels) else np.empty(0, dtype=np.int64)
    members: dict[int, list[int]] = {}
    for number in np.flatnonzero(sizes[labels] > 1).tolist() if len(labels) else []:
        members.setdefault(int(labels[number]), []).append(number)
    lines = [
        json.dumps(cluster_to_dict(Cluster(tuple(names[n] for n in numbers), names[int(chosen[numbers[0]])])),
                   ensure_ascii=False) + "\n"
        for numbers in members.values()
    ]
    with atomic_text(out.join(REUSE, CLUSTERS)) as handle:
        handle.write("".join(lines))
    return len(lines)
