"""Cross-document reuse: which documents share passages, found without comparing every pair.

Candidates (phase 1): each paragraph of each document gets a MinHash signature
(datasketch) of its five-word shingles and goes into a datasketch MinHash LSH index banded
for low similarity (8 bands of 2 rows), so a single shared paragraph, even an edited one,
makes two documents candidates; whole-document similarity is never the gate, because
rewritten wire copy shares well under half of its shingles with its source. Paragraphs
the index returns are kept only if their signatures agree on at least ``unit_similarity``
of their values (the MinHash estimate of Jaccard similarity): two reports of the same
story that merely share a stock phrase are not worth an exact comparison. Each document
queries the index before adding its own paragraphs. A paragraph that already matches
more than ``max_fanout`` documents (or whose query returns more than ``max_bucket``
paragraphs) is boilerplate: it is paired with the most similar of them and not added,
which bounds every bucket, every query and the candidate pairs per paragraph. The cost is
linear in the number of paragraphs.

Confirmation (phase 2): each candidate pair is compared exactly (``passages``); a pair
without a passage of ``min_passage_words`` words is dropped. Documents are loaded again
for this phase (a few at a time), so a large reference corpus is never held in memory.
datasketch and numpy are imported only here, when reuse detection runs.
"""
from __future__ import annotations

from array import array
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Iterable

from ..document import Document
from ..errors import WirelintError
from .passages import coverage, shared_passages, similarity
from .shingles import Words, shingles, unit_shingles, words_of
from .span import Span


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
    max_fanout: int = 32
    max_bucket: int = 256
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
class Passage:
    """Text shared by documents a and b, with where it is in each."""

    words: int
    a: Span
    b: Span


@dataclass(frozen=True, slots=True)
class Reuse:
    """Two documents that share passages. ``a`` is always a checked document; ``b`` may be a
    reference (``--against``) document. ``a_shared``/``b_shared`` are the shares of each
    document's words inside the passages; ``similarity`` is the Jaccard similarity of
    their five-word shingle sets."""

    a: str
    b: str
    similarity: float
    a_shared: float
    b_shared: float
    passages: tuple[Passage, ...]
    b_reference: bool = False

    @property
    def words(self) -> int:
        return sum(passage.words for passage in self.passages)


@dataclass(frozen=True, slots=True)
class ReuseStats:
    """How much work a run did: the candidate pairs show that it did not compare all pairs."""

    documents: int
    references: int
    units: int
    boilerplate_units: int
    candidate_pairs: int
    shared_pairs: int


@dataclass(frozen=True, slots=True)
class ReuseResult:
    pairs: tuple[Reuse, ...]
    stats: ReuseStats
    errors: tuple[str, ...] = ()


def _identity(value: int) -> int:
    """Shingles are hashed already; MinHash only permutes them."""
    return value


class _Signatures:
    """MinHash values of every indexed paragraph, by key, in fixed-size numpy blocks.

    64 values per paragraph cost 256 bytes, far less than keeping MinHash objects, and a
    block list grows without copying what it holds.
    """

    BLOCK = 1 << 14

    def __init__(self, width: int) -> None:
        self.width, self.count, self.blocks = width, 0, []

    def add(self, values) -> int:
        import numpy as np

        key, row = divmod(self.count, self.BLOCK)
        if row == 0:
            self.blocks.append(np.empty((self.BLOCK, self.width), dtype=values.dtype))
        self.blocks[key][row] = values
        self.count += 1
        return self.count - 1

    def agreement(self, keys: list[int], values) -> list[float]:
        """Share of equal MinHash values between each keyed paragraph and ``values``."""
        import numpy as np

        rows = np.stack([self.blocks[key // self.BLOCK][key % self.BLOCK] for key in keys])
        return (rows == values).mean(axis=1).tolist()


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A document ready for exact comparison."""

    doc: Document
    words: Words
    shingles: object


class _Loaded:
    """Documents for phase 2, loaded on demand and kept a few at a time."""

    def __init__(self, sources: list[Source], settings: ReuseSettings, errors: list[str]) -> None:
        self.sources, self.settings, self.errors = sources, settings, errors
        self.cache: OrderedDict[int, _Prepared] = OrderedDict()
        self.failed: set[int] = set()

    def get(self, index: int) -> _Prepared | None:
        if index in self.cache:
            self.cache.move_to_end(index)
            return self.cache[index]
        if index in self.failed:
            return None
        try:
            text = self.sources[index].load()
        except WirelintError as exc:
            self.failed.add(index)
            self.errors.append(str(exc))
            return None
        words = words_of(text)
        prepared = self.cache[index] = _Prepared(Document(text), words, shingles(words.hashes, self.settings.shingle_words))
        if len(self.cache) > self.settings.cached_documents:
            self.cache.popitem(last=False)
        return prepared


def _compare(a: Source, first: _Prepared, b: Source, second: _Prepared, settings: ReuseSettings) -> Reuse | None:
    matches = shared_passages(
        first.shingles, second.shingles, settings.shingle_words, settings.min_passage_words, settings.gap,
        settings.shift, first.words.breaks, second.words.breaks,
    )
    if not matches:
        return None
    matches.sort(key=lambda m: (m.a_start, m.b_start))
    passages = tuple(
        Passage(
            m.words,
            Span.of(first.doc, first.words.starts[m.a_start], first.words.ends[m.a_end - 1]),
            Span.of(second.doc, second.words.starts[m.b_start], second.words.ends[m.b_end - 1]),
        )
        for m in matches
    )
    return Reuse(
        a.name, b.name,
        round(similarity(first.shingles, second.shingles), 4),
        round(coverage([(m.a_start, m.a_end) for m in matches], len(first.words)), 4),
        round(coverage([(m.b_start, m.b_end) for m in matches], len(second.words)), 4),
        passages, b.reference,
    )


def _candidates(ordered: list[Source], settings: ReuseSettings, errors: list[str]) -> tuple[set[tuple[int, int]], int, int]:
    """Phase 1: candidate pairs (earlier, later) of document numbers, units indexed, boilerplate units."""
    from datasketch import MinHash, MinHashLSH  # here, not at the top: it costs start-up time

    index = MinHashLSH(num_perm=settings.num_perm, params=(settings.bands, settings.rows))
    blank = MinHash(num_perm=settings.num_perm, seed=settings.seed, hashfunc=_identity)
    owner = array("q")  # unit key -> document number
    stored = _Signatures(settings.num_perm)
    candidates: set[tuple[int, int]] = set()
    units = boilerplate = 0
    for number, source in enumerate(ordered):
        try:
            text = source.load()
        except WirelintError as exc:
            errors.append(str(exc))
            continue
        signatures = []
        for unit in unit_shingles(text, settings.shingle_words, settings.unit_min_words,
                                  settings.unit_max_words, settings.unit_window_words):
            signature = blank.copy()
            signature.update_batch(unit)
            signatures.append(signature)
        units += len(signatures)
        keep = []
        for signature in signatures:
            keys = index.query(signature)
            closest: dict[int, float] = {}
            if keys:
                for key, agree in zip(keys, stored.agreement(keys, signature.hashvalues)):
                    if agree >= settings.unit_similarity and agree > closest.get(owner[key], -1.0):
                        closest[owner[key]] = agree
            others = sorted(closest, key=lambda doc: (-closest[doc], doc))
            if len(keys) > settings.max_bucket or len(others) > settings.max_fanout:
                boilerplate += 1
                others = others[:settings.max_fanout]
            else:
                keep.append(signature)
            if not source.reference:
                candidates.update((other, number) for other in others)
        for signature in keep:
            index.insert(stored.add(signature.hashvalues), signature, check_duplication=False)
            owner.append(number)
    return candidates, units, boilerplate


def find_reuse(sources: Iterable[Source], settings: ReuseSettings | None = None) -> ReuseResult:
    """Pairs of documents that share passages; reference documents are only compared with
    the others, never with each other. A source that cannot be loaded is an error line."""
    settings = settings or ReuseSettings()
    given = list(sources)
    order = sorted(range(len(given)), key=lambda i: not given[i].reference)  # references go in first
    ordered = [given[i] for i in order]
    errors: list[str] = []
    candidates, units, boilerplate = _candidates(ordered, settings, errors)

    loaded = _Loaded(ordered, settings, errors)
    pairs: list[tuple[tuple[int, int], Reuse]] = []
    for left, right in sorted(candidates):
        a, b = (right, left) if ordered[left].reference else (left, right)
        first, second = loaded.get(a), loaded.get(b)
        if first is None or second is None:
            continue
        reuse = _compare(ordered[a], first, ordered[b], second, settings)
        if reuse is not None:
            pairs.append(((order[a], order[b]), reuse))
    pairs.sort(key=lambda item: item[0])
    stats = ReuseStats(
        documents=sum(not s.reference for s in given), references=sum(s.reference for s in given),
        units=units, boilerplate_units=boilerplate, candidate_pairs=len(candidates), shared_pairs=len(pairs),
    )
    return ReuseResult(tuple(reuse for _, reuse in pairs), stats, tuple(errors))


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


def prepare_document(text: str, settings: ReuseSettings) -> _Prepared:
    """A text ready for ``compare_prepared`` (its words and shingles computed once)."""
    words = words_of(text)
    return _Prepared(Document(text), words, shingles(words.hashes, settings.shingle_words))


def compare_prepared(a: Source, first: _Prepared, b: Source, second: _Prepared, settings: ReuseSettings) -> Reuse | None:
    """The passages two prepared documents share, as ``find_reuse`` confirms a candidate pair."""
    return _compare(a, first, b, second, settings)
