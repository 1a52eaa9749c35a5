"""Cross-document reuse: which documents share passages, found in clusters, never in all pairs.

Candidates (phase 1): each document is read once. Each of its paragraphs (a *unit*) gets
MinHash values of its five-word shingles (``minhash``, all units of a batch in a few
numpy passes), cut into 8 bands of 2 rows: a single shared paragraph, even an edited
one, gives two documents a shared band key. Whole-document similarity is never the gate,
because rewritten wire copy shares well under half of its shingles with its source.
Only compact arrays are kept: 8 band keys, a 32-byte sketch and the document number per
unit, and per document its length and whether it has a credit line.

Clusters: next entries of equal band key (in document order) whose sketches agree on at
least ``unit_similarity`` link their documents; the linked documents form clusters
(connected components, ``clusters``). A cluster is a set of files joined by shared text:
the copies of one syndicated story, or articles that share a paragraph.

Confirmation (phase 2): each checked member of a cluster is compared exactly
(``passages``) with the cluster's representative (a reference file, else a credited file,
else the longest, else the earliest) and, when that finds nothing or a direct neighbour
shares more with it, with up to ``neighbours`` of its strongest neighbours; the
representative is compared with its strongest neighbour. So the comparisons are linear
in the documents, even when 2,000 files are copies of one story. A pair without a passage
of ``min_passage_words`` words is dropped. Documents are loaded again for this phase, a
block of plans at a time (their words found in one numpy pass), so a large corpus is
never held in memory.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..errors import WirelintError
from ..heap import release
from .confirm import Pair, Passage, Prepared, Reuse, compare, prepare_many

__all__ = ["Cluster", "InProcess", "Passage", "Reuse", "ReuseResult", "ReuseSettings", "ReuseStats", "Source",
           "UnitBlock", "Units", "confirm_found", "confirmed_pairs", "corpus_sources", "find_reuse", "Loaded",
           "text_loader", "unit_block"]


@dataclass(frozen=True, slots=True)
class ReuseSettings:
    """Tuning of reuse detection; the defaults suit news articles of a few hundred words."""

    shingle_words: int = 5
    min_passage_words: int = 10
    unit_min_words: int = 8
    unit_max_words: int = 80
    unit_window_words: int = 50
    num_perm: int = 64
    bands: int = 8
    rows: int = 2
    seed: int = 1
    unit_similarity: float = 0.1
    max_fanout: int = 32  # a unit whose key more units share is counted as boilerplate (statistics)
    neighbours: int = 3
    representative_candidates: int = 4
    covered: float = 0.5
    batch_characters: int = 1 << 19
    gap: int = 10
    shift: int = 4
    cached_documents: int = 128
    duplicate_similarity: float = 0.8
    duplicate_shared: float = 0.9
    min_reuse_words: int = 30


@dataclass(frozen=True, slots=True)
class Source:
    """A document to compare: its name and how to get its text (again). Newlines are ``\\n``."""

    name: str
    load: Callable[[], str]
    reference: bool = False

    @classmethod
    def of(cls, name: str, text: str, reference: bool = False) -> "Source":
        return cls(name, lambda: text, reference)


@dataclass(frozen=True, slots=True)
class Cluster:
    """Files joined by shared text (directly or through each other), in input order, and
    the representative the others were compared with."""

    members: tuple[str, ...]
    representative: str
    references: int = 0

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True, slots=True)
class ReuseStats:
    """How much work a run did: the comparisons show that it did not compare all pairs.

    ``candidate_pairs`` is the number of exact comparisons, ``edges`` the distinct pairs
    of documents that share band keys, ``clusters`` the clusters of two or more files."""

    documents: int
    references: int
    units: int
    boilerplate_units: int
    candidate_pairs: int
    shared_pairs: int
    edges: int = 0
    clusters: int = 0


@dataclass(frozen=True, slots=True)
class ReuseResult:
    pairs: tuple[Reuse | Pair, ...]
    stats: ReuseStats
    errors: tuple[str, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    credited: dict[str, bool] = field(default_factory=dict)

    def cluster_of(self) -> dict[str, Cluster]:
        """Each clustered file's cluster, by name."""
        return {name: cluster for cluster in self.clusters for name in cluster.members}


@dataclass(slots=True)
class Units:
    """Phase 1's compact record of every unit: band keys, sketch and document number, in
    numpy blocks; and per document its length (in shingles)."""

    keys: list
    sketches: list
    owners: list
    length: list

    def add(self, block: "UnitBlock") -> None:
        """Keep a block of documents' units (blocks come in document order)."""
        for number, length in zip(block.numbers, block.lengths):
            self.length[number] = length
        if block.numbers:
            self.keys.append(block.keys)
            self.sketches.append(block.sketches)
            self.owners.append(block.owners)


@dataclass(frozen=True, slots=True)
class UnitBlock:
    """The units of a run of documents, hashed together: what phase 1 keeps of them
    (``numbers`` are the documents, ``lengths`` their shingle counts)."""

    numbers: tuple[int, ...]
    keys: Any
    sketches: Any
    owners: Any
    lengths: tuple[int, ...]


def unit_block(batch: Sequence[tuple[int, str]], settings: ReuseSettings) -> UnitBlock:
    """Hash the units of a batch of (document number, text) together."""
    import numpy as np

    from .bands import unit_bands

    found = unit_bands([text for _, text in batch], settings)
    numbers = tuple(number for number, _ in batch)
    if not found:
        return UnitBlock(numbers, None, None, None, ())
    return UnitBlock(
        numbers, np.concatenate([bands.keys for bands in found]), np.concatenate([bands.sketches for bands in found]),
        np.repeat(np.array(numbers, dtype=np.int64), [len(b) for b in found]), tuple(b.length for b in found),
    )


def _read_units(sources: Sequence[Source], settings: ReuseSettings, errors: list[str]) -> tuple[Units, list[bool]]:
    """Phase 1: read each document once and keep its units' band keys and sketches."""
    units = Units([], [], [], [0] * len(sources))
    loaded: list[bool] = []
    batch: list[tuple[int, str]] = []
    pending = 0
    for number, source in enumerate(sources):
        try:
            text = source.load()
        except WirelintError as exc:
            errors.append(str(exc))
            loaded.append(False)
            continue
        loaded.append(True)
        batch.append((number, text))
        pending += len(text)
        if pending >= settings.batch_characters:
            units.add(unit_block(batch, settings))
            batch, pending = [], 0
            release()  # the batch's texts and hashing arrays, freed around the block it keeps
    if batch:
        units.add(unit_block(batch, settings))
    return units, loaded


class Loaded:
    """Documents for phase 2, loaded on demand and kept a few at a time."""

    def __init__(self, sources: Sequence[Source], settings: ReuseSettings, errors: list[str],
                 failed: set[int] | None = None) -> None:
        self.sources, self.settings, self.errors = sources, settings, errors
        self.cache: OrderedDict[int, Prepared] = OrderedDict()
        self.failed: set[int] = set() if failed is None else failed

    def get(self, index: int) -> Prepared | None:
        if index not in self.cache:
            self.prefetch([index])
        if index in self.failed:
            return None
        self.cache.move_to_end(index)
        return self.cache[index]

    def prefetch(self, numbers: Iterable[int]) -> None:
        """Load and prepare the documents ``numbers`` not yet in the cache, together (one
        numpy pass for all their words)."""
        wanted = [n for n in dict.fromkeys(numbers) if n not in self.cache and n not in self.failed]
        texts = []
        for index in wanted:
            try:
                texts.append((index, self.sources[index].load()))
            except WirelintError as exc:
                self.failed.add(index)
                self.errors.append(str(exc))
        if not texts:
            return
        for (index, _), prepared in zip(texts, prepare_many([text for _, text in texts], self.settings.shingle_words)):
            self.cache[index] = prepared
        while len(self.cache) > max(self.settings.cached_documents, len(texts)):
            self.cache.popitem(last=False)


def confirm_plans(plans: Iterable[Any], sources: Sequence[Source], get: Callable[[int], Prepared | None],
                  settings: ReuseSettings, credit: Callable[[Any], bool] | None = None,
                  credited: dict[str, bool] | None = None,
                  prefetch: Callable[[list[int]], None] | None = None) -> tuple[dict[tuple[int, int], Reuse], int]:
    """Phase 2: run each ``clusters.Plan``; confirmed pairs by (a, b) document numbers, and
    the number of comparisons made. ``a`` is the earlier document unless it is a reference.

    A required target after the first is skipped when a confirmed pair already explains
    the document's links: it shares more than one passage, or ``covered`` of its words.
    Only a pair that shares one short passage (a footer, a stock paragraph) leaves room
    for a neighbour the document really copies. A pair asked
    for twice (each side's plan names the other) is compared once; the sides whose plan
    asked for it are the sides it reports on. A document that reports gets
    ``credit`` of its text into ``credited`` (while it is still loaded). ``prefetch``, when
    given, is called with the documents and first targets of each block of plans before
    they run, so their texts can be loaded and prepared together.
    """
    found, asked = confirm_found(plans, sources, get, settings, credit, credited, prefetch)
    return confirmed_pairs(found, asked), len(found)


def confirm_found(plans: Iterable[Any], sources: Sequence[Source], get: Callable[[int], Prepared | None],
                  settings: ReuseSettings, credit: Callable[[Any], bool] | None = None,
                  credited: dict[str, bool] | None = None,
                  prefetch: Callable[[list[int]], None] | None = None,
                  places: bool = True) -> tuple[dict, dict]:
    """``confirm_plans`` before its pairs are made: (each pair compared, by (a, b), its Reuse
    or None; the documents whose plans asked for it). Runs of plans confirmed apart (in
    worker processes) merge into the same result: the dicts' union, the askers' too.
    Without ``places`` each comparison is a ``confirm.Pair`` (``compare``'s): the same
    pairs are compared and confirmed, their passages are not kept."""
    found: dict[tuple[int, int], Reuse | None] = {}
    asked: dict[tuple[int, int], set[int]] = {}
    for item in _prefetched(plans, prefetch, settings.cached_documents // 3):
        confirmed, explained = False, False
        for place, target in enumerate(item.targets):
            if confirmed and (place >= item.required or explained):
                break
            first, second = sorted((item.document, target))
            if sources[first].reference:
                first, second = second, first
            key = (first, second)
            if key not in found:
                left, right = get(first), get(second)
                found[key] = None if left is None or right is None else compare(
                    sources[first].name, left, sources[second].name, right, settings, sources[second].reference,
                    places)
            asked.setdefault(key, set()).add(item.document)
            reuse = found[key]
            if reuse is not None:
                confirmed = True
                share = reuse.a_shared if key[0] == item.document else reuse.b_shared
                explained = explained or reuse.passage_count > 1 or share >= settings.covered
        name = sources[item.document].name
        if confirmed and credit is not None and credited is not None and name not in credited:
            prepared = get(item.document)
            if prepared is not None:
                credited[name] = bool(credit(prepared.doc))
    return found, asked


def confirmed_pairs(found: dict, asked: dict) -> dict[tuple[int, int], Reuse | Pair]:
    """The confirmed pairs of ``confirm_found``, each reporting on the sides that asked for it."""
    return {
        key: replace(reuse, a_reports=key[0] in asked[key], b_reports=key[1] in asked[key] and not reuse.b_reference)
        for key, reuse in found.items() if reuse is not None
    }


def _prefetched(plans: Iterable[Any], prefetch: Callable[[list[int]], None] | None, size: int) -> Iterator[Any]:
    """``plans`` in order, ``prefetch`` called on each block of ``size`` first."""
    if prefetch is None:
        yield from plans
        return
    remaining = iter(plans)
    while block := list(islice(remaining, max(size, 1))):
        prefetch([n for plan in block for n in (plan.document, *plan.targets[:1])])
        yield from block


class InProcess:
    """How ``find_reuse`` reads, credits and confirms documents: here, one after another.
    ``provenance.workers.InWorkers`` does the same three steps in worker processes and
    gives the same results."""

    def read_units(self, given: Sequence[Source], settings: ReuseSettings, errors: list[str]) -> tuple[Units, list[bool]]:
        """Phase 1: every document's units, and which documents could be read."""
        return _read_units(given, settings, errors)

    def map_bands(self, function: Callable, bands: Iterable[int]) -> Iterator:
        """``function`` of each band, in order (the clusters' sorts, ``clusters.edges_and_boilerplate``)."""
        return map(function, bands)

    def credited(self, numbers: Sequence[int], given: Sequence[Source], failed: set[int], errors: list[str],
                 credit: Callable[[Any], bool] | None) -> dict[str, bool]:
        """``credit`` of the documents ``numbers`` (those not ``failed``), by name, in that order."""
        return _credited(numbers, given, failed, errors, credit)

    def confirm(self, plans: Sequence[Any], given: Sequence[Source], settings: ReuseSettings,
                credit: Callable[[Any], bool] | None, credited: dict[str, bool], failed: set[int],
                errors: list[str], places: bool = True) -> tuple[dict, dict]:
        """Phase 2: ``confirm_found`` of the plans."""
        loader = Loaded(given, settings, errors, failed)
        return confirm_found(plans, given, loader.get, settings, credit, credited, loader.prefetch, places)


def find_reuse(sources: Iterable[Source], settings: ReuseSettings | None = None,
               credit: Callable[[Any], bool] | None = None, engine: InProcess | None = None,
               places: bool = True) -> ReuseResult:
    """Clusters of documents that share text and the confirmed pairs in them.

    Reference documents are only compared with the others, never with each other. A
    source that cannot be loaded is an error line. ``credit(text)``, when given, says
    whether a checked text (a str or a ``Document``) credits its source; a credited file is
    preferred as a cluster's representative, and an uncredited one is what
    ``provenance/uncredited-reuse`` reports. ``engine`` does the reading and comparing
    (``InProcess``, the default, or in worker processes). Without ``places`` the pairs are
    ``confirm.Pair``s: the same pairs and clusters, no passages (the template count's pass).
    """
    import numpy as np

    from . import clusters as cl

    settings = settings or ReuseSettings()
    engine = engine or InProcess()
    given = list(sources)
    errors: list[str] = []
    units, loaded = engine.read_units(given, settings, errors)
    count = len(given)
    reference = np.array([s.reference for s in given], dtype=bool)
    if units.keys:
        keys, sketches, owners = _joined(units.keys), _joined(units.sketches), _joined(units.owners)
    else:
        keys = np.empty((0, settings.bands), dtype=np.uint64)
        sketches = np.empty((0, 32), dtype=np.uint8)
        owners = np.empty(0, dtype=np.int64)
    units.keys = units.sketches = units.owners = []
    release()  # the blocks just joined leave holes in the heap, as large as the joined arrays
    edges, boilerplate = cl.edges_and_boilerplate(keys, owners, sketches, max(count, 1), settings.unit_similarity,
                                                  settings.max_fanout, engine.map_bands)
    unit_count = len(keys)
    del keys, sketches, owners
    release()
    labels = cl.components(count, edges)
    failed = {i for i, ok in enumerate(loaded) if not ok}
    credited = engine.credited(cl.candidates(labels, reference, units.length, settings.representative_candidates),
                               given, failed, errors, credit)
    chosen = cl.representatives(labels, reference, [credited.get(s.name, False) for s in given], units.length)
    plans = cl.plan(labels, chosen, edges, reference, settings.neighbours, settings.bands)
    compared, asked = engine.confirm(plans, given, settings, credit, credited, failed, errors, places)
    pairs, comparisons = confirmed_pairs(compared, asked), len(compared)
    del compared, asked
    found = _clusters(labels, chosen, given, reference)
    stats = ReuseStats(
        documents=int((~reference).sum()), references=int(reference.sum()), units=unit_count,
        boilerplate_units=boilerplate, candidate_pairs=comparisons, shared_pairs=len(pairs),
        edges=len(edges), clusters=len(found),
    )
    return ReuseResult(tuple(pairs[key] for key in sorted(pairs)), stats, tuple(errors), found, credited)


def _joined(blocks: list) -> Any:
    """``np.concatenate(blocks)``, emptying ``blocks`` as it goes: each block is let go once
    copied, so the units are held about once, not twice, while they are joined."""
    import numpy as np

    joined = np.empty((sum(len(block) for block in blocks), *blocks[0].shape[1:]), dtype=blocks[0].dtype)
    at = 0
    blocks.reverse()
    while blocks:
        block = blocks.pop()
        joined[at : at + len(block)] = block
        at += len(block)
        del block
        release()  # the copied block's pages, now a hole below the joined array
    return joined


def _credited(numbers: Iterable[int], given: Sequence[Source], failed: set[int], errors: list[str],
              credit: Callable[[str], bool] | None) -> dict[str, bool]:
    """``credit`` of the given documents (read once more for it); one that cannot be read joins ``failed``."""
    if credit is None:
        return {}
    found: dict[str, bool] = {}
    for number in numbers:
        if number in failed:
            continue
        try:
            found[given[number].name] = bool(credit(given[number].load()))
        except WirelintError as exc:
            failed.add(number)
            errors.append(str(exc))
    return found


def _clusters(labels: Any, chosen: Any, given: Sequence[Source], reference: Any) -> tuple[Cluster, ...]:
    """The clusters of two or more files with at least one checked file, in order of their first member."""
    import numpy as np

    sizes = np.bincount(labels) if len(labels) else np.empty(0, dtype=np.int64)
    checked = np.bincount(labels, weights=~reference) if len(labels) else sizes
    members: dict[int, list[int]] = {}
    for number in np.flatnonzero((sizes[labels] > 1) & (checked[labels] > 0)).tolist():
        members.setdefault(int(labels[number]), []).append(number)
    return tuple(
        Cluster(tuple(given[n].name for n in numbers), given[int(chosen[numbers[0]])].name, int(reference[numbers].sum()))
        for numbers in members.values()
    )


def text_loader(path: str) -> Callable[[], str]:
    """A loader that reads and decodes an article file each time it is called."""

    def load() -> str:
        from ..source import decode_article, read_file

        data, _ = read_file(path)
        return decode_article(data, path).text

    return load


def corpus_sources(paths: Iterable[str], errors: list[str], skip: Iterable[str] = ()) -> list[Source]:
    """Reference sources for the article files under ``paths`` (read lazily, when needed).

    Files that are also in ``skip`` (the checked files) are left out, so no file is
    compared with itself; discovery problems are appended to ``errors``.
    """
    import os

    from ..discover import discover

    found = discover(list(paths))
    errors.extend(found.errors)
    checked = {os.path.realpath(path) for path in skip if path != "-"}
    return [
        Source(path, text_loader(path), reference=True)
        for path in found.files
        if path != "-" and os.path.realpath(path) not in checked
    ]
