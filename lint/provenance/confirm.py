"""Exact confirmation of one candidate pair: the ``Reuse`` two documents' shared passages make.

``prepare`` turns a text into what the comparison needs (its words with their offsets, its
five-word shingles, a line index); ``compare`` runs ``passages.shared_passages`` on two
prepared texts and places each passage in both (line and column ranges). Every engine
confirms pairs through these two functions, so they all report the same passages.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from ..document import Document
from .passages import coverage, shared_passages, similarity, sorted_index
from .shingles import Words, scan_many, shingles, words_of
from .span import Span, spans

if TYPE_CHECKING:
    from .reuse import ReuseSettings


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
    their five-word shingle sets. ``a_reports``/``b_reports`` say which sides get lint
    findings from this pair (in a cluster, the member that was confirmed against the
    other, so no file collects a finding from every copy of its story)."""

    a: str
    b: str
    similarity: float
    a_shared: float
    b_shared: float
    passages: tuple[Passage, ...]
    b_reference: bool = False
    a_reports: bool = True
    b_reports: bool = True

    @property
    def words(self) -> int:
        return sum(passage.words for passage in self.passages)

    @property
    def passage_count(self) -> int:
        return len(self.passages)


@dataclass(frozen=True, slots=True)
class Pair:
    """A confirmed pair without its passages: who shares text with whom, each side's share
    and how many passages (``compare(..., places=False)``). All the template count needs,
    and a few dozen bytes where a ``Reuse`` holds a record and two spans per passage."""

    a: str
    b: str
    a_shared: float
    b_shared: float
    passage_count: int
    b_reference: bool = False
    a_reports: bool = True
    b_reports: bool = True


@dataclass(frozen=True, slots=True)
class Prepared:
    """A text ready for exact comparison: its words, shingles, their sort order and distinct values."""

    doc: Document
    words: Words
    shingles: Any
    index: tuple[Any, Any]
    distinct: Any


def prepare(text: str, shingle_words: int = 5) -> Prepared:
    """``text`` (newlines ``\\n``) ready for ``compare``."""
    words = words_of(text)
    return _prepared(text, words, shingles(words.hashes, shingle_words))


def prepare_many(texts: Sequence[str], shingle_words: int = 5) -> list[Prepared]:
    """``prepare`` of each text, their words found in one numpy pass (``scan_many``)."""
    import numpy as np

    scanned = scan_many(texts)
    grams = shingles(scanned.hashes, shingle_words)
    found = []
    for number, text in enumerate(texts):
        low, high = int(scanned.first[number]), int(scanned.first[number + 1])
        values = grams[low:high - shingle_words + 1] if high - low >= shingle_words else np.empty(0, dtype=np.uint64)
        found.append(_prepared(text, scanned.words(number), values))
    return found


def _prepared(text: str, words: Words, values: Any) -> Prepared:
    import numpy as np

    index = sorted_index(values)
    ordered = index[1]
    distinct = ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered
    return Prepared(Document(text), words, values, index, distinct)


def compare(a: str, first: Prepared, b: str, second: Prepared, settings: "ReuseSettings", b_reference: bool = False,
            places: bool = True) -> Reuse | Pair | None:
    """The passages prepared texts ``a`` and ``b`` share, or None when none is long enough.
    Without ``places``, a ``Pair``: the same shares and number of passages, the passages
    neither placed in the texts nor kept, nor the similarity worked out."""
    matches = shared_passages(
        first.shingles, second.shingles, settings.shingle_words, settings.min_passage_words, settings.gap,
        settings.shift, first.words.breaks, second.words.breaks, first.index,
    )
    if not matches:
        return None
    if not places:
        return Pair(a, b, round(coverage([(m.a_start, m.a_end) for m in matches], len(first.words)), 4),
                    round(coverage([(m.b_start, m.b_end) for m in matches], len(second.words)), 4),
                    len(matches), b_reference)
    matches.sort(key=lambda m: (m.a_start, m.b_start))
    a_spans = spans(first.doc, first.words.starts[[m.a_start for m in matches]].tolist(),
                    first.words.ends[[m.a_end - 1 for m in matches]].tolist())
    b_spans = spans(second.doc, second.words.starts[[m.b_start for m in matches]].tolist(),
                    second.words.ends[[m.b_end - 1 for m in matches]].tolist())
    passages = tuple(Passage(m.words, here, there) for m, here, there in zip(matches, a_spans, b_spans))
    return Reuse(
        a, b,
        round(similarity(first.distinct, second.distinct, distinct=True), 4),
        round(coverage([(m.a_start, m.a_end) for m in matches], len(first.words)), 4),
        round(coverage([(m.b_start, m.b_end) for m in matches], len(second.words)), 4),
        passages, b_reference,
    )
