"""Template lines learned from a sharded corpus: the count of ``templates learn``, on Dask.

One process feeds ``provenance.templates.TemplateCounter`` one article at a time, the
copies of one story (a reuse cluster) counting as one article. Here the same count is a
map, a shuffle and a reduce, and gives the same ``Templates``:

1. **Map** (one task per slice): each record's lines become integer rows: (line hash,
   article, record reference, line number, words) for the whole batch, and (source,
   line hash, article) for the record's source with ``--source-key``. A record's article
   is the reference of its reuse cluster's first record (``reuse_job.run_reuse``
   gives the clusters), or its own reference when it is in no cluster. A line repeated in
   a record gives one row. Rows are split into buckets by line hash.
2. **Reduce by hash** (``Bag.groupby``, a task-based shuffle): per bucket, the distinct
   articles of each (group, hash), and the hashes that reach the article count
   ``TemplateCounter.needed`` asks for their word count. For each frequent hash the
   reduce also names the line one process keeps as its sample: the line of the article
   whose count reached ``min_articles``, articles taken in the order of their first
   record.
3. **Samples** (one task per slice holding one): only frequent lines are read as text;
   credit lines are left out as ``TemplateCounter.frequent`` leaves them out.

Rows are numpy arrays of integers, never strings; the frequent set is what the driver
keeps and what the lint pass gets (broadcast once).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from ..errors import WirelintError
from ..jsonl import CorpusKeys, record_source, record_text
from ..provenance.templates import BATCH, TemplateCounter, Templates, TemplateSettings
from .line_keys import row_key
from .reuse_job import OFFSET_BITS, OFFSET_MASK, reference
from .shards import Slice, SliceReader, read_slice, slice_lines


def group_id(source: str) -> int:
    """A source's group as a nonzero 64-bit integer (0 is the whole batch)."""
    return int.from_bytes(hashlib.blake2b(source.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big") or 1


def _collision(one: str, other: str) -> WirelintError:
    return WirelintError(f"sources {one!r} and {other!r} have the same 64-bit group id; rename one")


def article_ids(refs: Any, labels: Any) -> dict[int, tuple[Any, Any]]:
    """For each slice, the records whose article is another record: (offsets, article refs).

    ``refs`` are sorted record references and ``labels`` their reuse clusters; a
    cluster's article is its first record. Records not listed are their own article.
    """
    import numpy as np

    if not len(refs):
        return {}
    _, first = np.unique(labels, return_index=True)
    head = np.empty(labels.max() + 1, dtype=np.uint64)
    head[labels[first]] = refs[first]
    article = head[labels]
    others = np.flatnonzero(article != refs)
    found: dict[int, tuple[Any, Any]] = {}
    slices = (refs[others] >> np.uint64(OFFSET_BITS)).astype(np.int64)
    for number in np.unique(slices).tolist():
        chosen = others[slices == number]
        found[number] = ((refs[chosen] & np.uint64(OFFSET_MASK)), article[chosen])
    return found


@dataclass(frozen=True, slots=True)
class RowChunk:
    """The rows of one slice that fall in one bucket. The chunk of bucket 0 also carries
    the slice's source names by group id."""

    bucket: int
    hashes: Any
    articles: Any
    refs: Any
    lines: Any
    words: Any
    groups: Any
    group_hashes: Any
    group_articles: Any
    sources: tuple[tuple[int, str], ...] = ()
    records: int = 0


class _Rows:
    """Rows of one slice as they are made (lists of ints, made arrays once)."""

    def __init__(self) -> None:
        self.batch: tuple[list, ...] = ([], [], [], [], [])
        self.source: tuple[list, ...] = ([], [], [])
        self.sources: dict[int, str] = {}
        self.records = 0

    def add(self, ref: int, article: int, text: str, source: str | None) -> None:
        group = 0
        if source is not None:
            group = group_id(source)
            known = self.sources.setdefault(group, source)
            if known != source:
                raise _collision(known, source)
        hashes, articles, refs, lines, words = self.batch
        seen = set()
        self.records += 1
        for number, line in enumerate(text.split("\n")):
            found = row_key(line)
            if found is None or found[0] in seen:
                continue
            seen.add(found[0])
            hashes.append(found[0])
            articles.append(article)
            refs.append(ref)
            lines.append(number)
            words.append(min(found[1], 65535))
            if group:
                self.source[0].append(group)
                self.source[1].append(found[0])
                self.source[2].append(article)

    def chunks(self, buckets: int) -> list[RowChunk]:
        import numpy as np

        kinds = (np.uint64, np.uint64, np.uint64, np.uint32, np.uint16)
        batch = [np.array(column, dtype=kind) for column, kind in zip(self.batch, kinds)]
        source = [np.array(column, dtype=np.uint64) for column in self.source]
        split = [_split(batch[0], buckets), _split(source[1], buckets)]
        chunks = []
        for number in range(buckets):
            mine, theirs = split[0][number], split[1][number]
            if number and not len(mine) and not len(theirs):
                continue
            chunks.append(RowChunk(
                number, *(column[mine] for column in batch), *(column[theirs] for column in source),
                tuple(sorted(self.sources.items())) if number == 0 else (), self.records if number == 0 else 0,
            ))
        return chunks


def _split(hashes: Any, buckets: int) -> list[Any]:
    """The row numbers of each bucket (by line hash)."""
    import numpy as np

    bucket = (hashes % np.uint64(buckets)).astype(np.int64)
    order = np.argsort(bucket, kind="stable")
    bounds = np.concatenate(([0], np.cumsum(np.bincount(bucket, minlength=buckets))))
    return [order[bounds[n]:bounds[n + 1]] for n in range(buckets)]


def count_partition(items: Sequence[tuple[Slice, Any]], keys: CorpusKeys, source_key: str | None,
                    buckets: int) -> list[RowChunk]:
    """Stage 1: the rows of every record of the slices, split into ``buckets``."""
    rows = _Rows()
    for piece, members in items:
        try:
            lines = [line for line in slice_lines(piece, read_slice(piece), keys) if line.record is not None]
        except WirelintError:
            continue  # the lint job reports an unreadable slice
        lookup = dict(zip(members[0].tolist(), members[1].tolist())) if members is not None else {}
        for line in lines:
            ref = reference(piece, line.offset)
            rows.add(ref, lookup.get(line.offset, ref), record_text(line.record, keys),
                     record_source(line.record, source_key))
    return rows.chunks(buckets)


def _bucket_of(chunk: RowChunk) -> int:
    return chunk.bucket


@dataclass(frozen=True, slots=True)
class Frequent:
    """What one reduce task found: frequent hashes with their batch count and the
    (record reference, line number) of their sample, and frequent (source, hash) counts."""

    hashes: Any
    counts: Any
    sample_refs: Any
    sample_lines: Any
    groups: Any
    group_hashes: Any
    group_counts: Any
    sources: tuple[tuple[int, str], ...] = ()
    records: int = 0
    rows: int = 0


def _runs(*columns: Any) -> Any:
    """Where a new run of equal values starts in sorted ``columns`` (a boolean array)."""
    import numpy as np

    size = len(columns[0])
    starts = np.zeros(size, dtype=bool)
    if size:
        starts[0] = True
        for column in columns:
            starts[1:] |= column[1:] != column[:-1]
    return starts


def _needed(words: Any, settings: TemplateSettings) -> Any:
    """``TemplateCounter.needed`` for each word count."""
    import numpy as np

    counter = TemplateCounter(settings)
    values, inverse = np.unique(words, return_inverse=True)
    return np.array([counter.needed(int(w)) for w in values.tolist()], dtype=np.float64)[inverse]


def frequent_partition(groups: Sequence[tuple[int, list[RowChunk]]], settings: TemplateSettings) -> list[Frequent]:
    """Stage 2 (after the shuffle): the frequent hashes of each bucket and their samples."""
    import numpy as np

    found = []
    for _, chunks in groups:
        hashes = np.concatenate([c.hashes for c in chunks])
        articles = np.concatenate([c.articles for c in chunks])
        refs = np.concatenate([c.refs for c in chunks])
        lines = np.concatenate([c.lines for c in chunks])
        words = np.concatenate([c.words for c in chunks])
        order = np.lexsort((lines, refs, articles, hashes))
        hashes, articles, refs, lines, words = (c[order] for c in (hashes, articles, refs, lines, words))
        first = np.flatnonzero(_runs(hashes, articles))  # an article's first row of a hash
        run_of = np.cumsum(_runs(hashes[first])) - 1
        per_hash = np.flatnonzero(_runs(hashes[first]))
        counts = np.bincount(run_of) if len(first) else np.empty(0, dtype=np.int64)
        head = first[per_hash]
        frequent = counts >= _needed(words[head], settings) if len(head) else np.empty(0, dtype=bool)
        sample = first[per_hash[frequent] + settings.min_articles - 1]
        top = hashes[head[frequent]]
        group_rows = [np.concatenate([getattr(c, name) for c in chunks]) for name in ("groups", "group_hashes", "group_articles")]
        keep = np.isin(group_rows[1], top)
        g, h, a = (column[keep] for column in group_rows)
        order = np.lexsort((a, h, g))
        g, h, a = g[order], h[order], a[order]
        distinct = _runs(g, h, a)
        pair_starts = np.flatnonzero(_runs(g[distinct], h[distinct]))
        pair_counts = np.diff(np.concatenate((pair_starts, [int(distinct.sum())])))
        pg, ph = g[distinct][pair_starts], h[distinct][pair_starts]
        need = _needed(words[head[frequent]][np.searchsorted(top, ph)], settings) if len(ph) else np.empty(0)
        ok = pair_counts >= need
        found.append(Frequent(
            top, counts[frequent], refs[sample], lines[sample], pg[ok], ph[ok], pair_counts[ok],
            tuple(item for c in chunks for item in c.sources), sum(c.records for c in chunks), len(hashes),
        ))
    return found


def sample_partition(tasks: Sequence[tuple[Slice, list[tuple[int, int, int]]]], keys: CorpusKeys) -> list[tuple[int, str]]:
    """Stage 3: (hash, sample line) for each (hash, offset, line number) asked of a slice."""
    found = []
    for piece, wanted in tasks:
        reader = SliceReader(piece)
        try:
            for value, offset, number in wanted:
                record = reader.record(offset, keys)
                text = record[1] if record is not None else ""
                parts = text.split("\n")
                found.append((value, parts[number].strip() if number < len(parts) else ""))
        finally:
            reader.close()
    return found


Progress = Callable[[str, list], None]


@dataclass(frozen=True, slots=True)
class TemplateStats:
    """What the count did: records read, rows shuffled, template lines found."""

    records: int
    rows: int
    lines: int

    def as_dict(self) -> dict:
        return {"records": self.records, "rows": self.rows, "lines": self.lines}


def learn_templates(
    client, slices: Sequence[Slice], refs: Any, labels: Any, keys: CorpusKeys = CorpusKeys(),
    source_key: str | None = None, settings: TemplateSettings | None = None, watch: Progress | None = None,
) -> tuple[Templates, TemplateStats]:
    """The template lines of the corpus, counted on ``client``'s cluster, as
    ``TemplateCounter`` counts them with the reuse clusters ``labels`` of ``refs``."""
    import dask.bag as db
    import numpy as np
    from dask.distributed import futures_of, wait

    from ..provenance.report import is_credited

    settings = settings or TemplateSettings()
    watch = watch or (lambda stage, futures: wait(futures))
    buckets = max(len(slices), 1)
    members = article_ids(refs, labels)
    items = [(piece, members.get(piece.index)) for piece in slices]
    rows = db.from_sequence(items, npartitions=max(len(items), 1)).map_partitions(
        count_partition, keys, source_key, buckets)
    reduced = rows.groupby(_bucket_of, shuffle="tasks").map_partitions(frequent_partition, settings)
    reduced = client.persist(reduced)
    watch("template count", futures_of(reduced))
    parts: list[Frequent] = client.compute(reduced).result()
    names = {0: BATCH}
    for part in parts:
        for group, name in part.sources:
            if names.setdefault(group, name) != name:
                raise _collision(names[group], name)
    wanted: dict[int, list[tuple[int, int, int]]] = {}
    for part in parts:
        for value, ref, number in zip(part.hashes.tolist(), part.sample_refs.tolist(), part.sample_lines.tolist()):
            wanted.setdefault(ref >> OFFSET_BITS, []).append((value, ref & OFFSET_MASK, number))
    tasks = [(slices[number], asked) for number, asked in sorted(wanted.items())]
    samples = dict(client.compute(db.from_sequence(tasks, npartitions=max(len(tasks), 1)).map_partitions(
        sample_partition, keys)).result()) if tasks else {}
    lines: dict[int, dict] = {}
    for part in parts:
        for value, count in zip(part.hashes.tolist(), part.counts.tolist()):
            if not is_credited(samples[value]):
                lines[value] = {"sample": samples[value], "articles": {BATCH: count}}
        for group, value, count in zip(part.groups.tolist(), part.group_hashes.tolist(), part.group_counts.tolist()):
            if value in lines:
                lines[value]["articles"][names[group]] = count
    stats = TemplateStats(sum(p.records for p in parts), sum(p.rows for p in parts), len(lines))
    return Templates(dict(sorted(lines.items())), settings), stats

