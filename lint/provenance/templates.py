"""Template lines learned from a batch: lines one source prints on many different articles.

A partner's page template (newsletter box, footer, "Follow us on ...") recurs across
*different* articles; article text does not, except in copies of one story. So each line
is normalised as CCNet does (case folded, digits to 0, punctuation and whitespace folded),
hashed to 8 bytes (BLAKE2b, stable everywhere) and counted by distinct *articles*: the
members of one reuse cluster (``reuse.find_reuse``) count once, so a syndicated
paragraph never looks like chrome. Counts are kept per source (when known) and for the
whole batch. A short line (``max_words``; longer lines need more articles) seen in at
least ``min_articles`` distinct articles of its group is a template line, unless it is a
credit line.

``TemplateCounter`` holds two 64-bit integers per distinct line of each article (sorted
numpy arrays) and a readable sample only for lines that may be frequent. ``Templates``
is the saved, versioned plain JSON. The template rule that flags them in ``check`` is in
``templates_check``.
"""
from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..errors import WirelintError

FORMAT = "wirelint-templates"
VERSION = 1
BATCH = ""  # the group of the whole batch


class _Fold(dict):
    """``str.translate`` table built as characters are met: digits to 0, punctuation,
    symbols and spaces to a space, every other character kept (the rule of ``normalise``)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isdigit():
            folded = "0"
        elif char.isspace() or unicodedata.category(char)[0] in "PS":
            folded = " "
        else:
            folded = char
        self[code] = folded
        return folded


_FOLD = _Fold()


def normalise(line: str) -> str:
    """A line's CCNet-style key: casefolded, digits as 0, punctuation and runs of space as one space."""
    return " ".join(line.casefold().translate(_FOLD).split())


def line_hash(key: str) -> int:
    """8 bytes of BLAKE2b of a normalised line, as an unsigned integer."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


@dataclass(frozen=True, slots=True)
class TemplateSettings:
    min_articles: int = 3
    single_word_articles: int = 6  # one word ("Advertisement", a brand name) needs more articles
    max_words: int = 12
    articles_per_extra_word: float = 0.5  # a longer line needs this many more articles per word


SKETCH_BITS = 24  # 16 MB of 8-bit counters: which lines may be frequent, so only those keep a sample
FIRST_COMPACTION = 1 << 20  # rows buffered before the first sort


class TemplateCounter:
    """Distinct articles per (group, line hash), in memory linear in the distinct lines.

    Feed the lines of one article at a time with ``add``; ``article`` names the article
    (its reuse cluster's representative, so copies of one story count once; any hashable
    value), ``source`` its source (None: the batch only). Each distinct line of an article
    is one row of two 64-bit integers (line hash; article and source numbers), sorted and
    deduplicated in numpy as rows pile up, so copies need not arrive together. A readable
    sample is kept only for lines a small counting sketch says were seen on at least
    ``min_articles`` articles (``sample_from`` lowers that). ``merge`` adds another
    counter's rows: a partition's counter made with ``sample_from=1`` keeps a sample of
    every line, so the merged counter has one for each line frequent over the whole batch.
    """

    def __init__(self, settings: TemplateSettings | None = None, sample_from: int | None = None) -> None:
        from array import array

        self.settings = settings or TemplateSettings()
        self.sample_from = self.settings.min_articles if sample_from is None else sample_from
        self.samples: dict[int, str] = {}
        self._articles: dict[object, int] = {}
        self._sources: dict[str, int] = {}
        self._hashes, self._tags = array("Q"), array("Q")
        self._sketch = bytearray(1 << SKETCH_BITS)
        self._sorted: tuple | None = None  # (hashes, tags) numpy arrays, sorted, without repeats

    def add(self, lines: Iterable[str], article: object, source: str | None = None) -> None:
        """Count each distinct line of one article once for it (blank and number-only lines are skipped)."""
        number = self._articles.setdefault(article, len(self._articles))
        tag = (number << 32) | (self._sources.setdefault(source, len(self._sources) + 1) if source else 0)
        seen: dict[int, None] = {}
        sketch, mask, floor = self._sketch, (1 << SKETCH_BITS) - 1, self.sample_from
        for line in lines:
            key = normalise(line)
            if not any(char.isalpha() for char in key):
                continue  # a list number or a blank: nothing to tell chrome by
            value = line_hash(key)
            if value in seen:
                continue
            seen[value] = None
            slot = value & mask
            count = sketch[slot]
            if count < 255:
                sketch[slot] = count = count + 1
            if count >= floor and value not in self.samples:
                self.samples[value] = line.strip()
        self._hashes.extend(seen)
        self._tags.extend([tag] * len(seen))
        if len(self._hashes) >= max(FIRST_COMPACTION, len(self._sorted[0]) if self._sorted else 0):
            self._compact()

    def _compact(self):
        """Sort the buffered rows into the stored ones, dropping repeats; return (hashes, tags)."""
        import numpy as np

        if self._hashes or self._sorted is None:
            hashes = np.frombuffer(self._hashes, dtype=np.uint64).copy() if self._hashes else np.empty(0, np.uint64)
            tags = np.frombuffer(self._tags, dtype=np.uint64).copy() if self._tags else np.empty(0, np.uint64)
            del self._hashes[:], self._tags[:]
            if self._sorted is not None:
                hashes, tags = np.concatenate((self._sorted[0], hashes)), np.concatenate((self._sorted[1], tags))
                self._sorted = None
            order = np.lexsort((tags, hashes))
            hashes, tags = hashes[order], tags[order]
            del order
            keep = np.ones(len(hashes), dtype=bool)
            keep[1:] = (hashes[1:] != hashes[:-1]) | (tags[1:] != tags[:-1])
            self._sorted = (hashes[keep], tags[keep])
        return self._sorted

    def merge(self, other: "TemplateCounter") -> None:
        """Add ``other``'s counts (another partition of the same batch): an article both
        saw (the same ``article`` value) still counts once."""
        import numpy as np

        hashes, tags = other._compact()
        articles = np.zeros(max(len(other._articles), 1), dtype=np.uint64)
        for name, number in other._articles.items():
            articles[number] = self._articles.setdefault(name, len(self._articles))
        sources = np.zeros(len(other._sources) + 1, dtype=np.uint64)
        for name, number in other._sources.items():
            sources[number] = self._sources.setdefault(name, len(self._sources) + 1)
        mapped = (articles[(tags >> np.uint64(32)).astype(np.int64)] << np.uint64(32)) | sources[(tags & np.uint64(0xFFFFFFFF)).astype(np.int64)]
        self._compact()
        self._hashes.extend(hashes.tolist())
        self._tags.extend(mapped.tolist())
        mine = np.frombuffer(self._sketch, dtype=np.uint8)
        mine[:] = np.minimum(mine.astype(np.uint16) + np.frombuffer(other._sketch, dtype=np.uint8), 255)
        mask = (1 << SKETCH_BITS) - 1
        for value, sample in other.samples.items():
            if self._sketch[value & mask] >= self.sample_from:
                self.samples.setdefault(value, sample)
        self._compact()

    @property
    def counts(self) -> dict:
        """Distinct articles per ``(group, line hash)`` (the batch's group is ``BATCH``).
        Builds a dict of every line: for inspection and tests, not for large batches."""
        return {(group, value): count for value, groups in self._group_counts(0).items() for group, count in groups.items()}

    def _group_counts(self, floor: int) -> dict[int, dict[str, int]]:
        """{line hash: {group: distinct articles}} for the lines on at least ``floor`` articles batch-wide."""
        import numpy as np

        hashes, tags = self._compact()
        if not len(hashes):
            return {}
        articles = tags >> np.uint64(32)
        first = np.ones(len(hashes), dtype=bool)  # first row of each (hash, article)
        first[1:] = (hashes[1:] != hashes[:-1]) | (articles[1:] != articles[:-1])
        values, batch = np.unique(hashes[first], return_counts=True)
        chosen = values[batch >= floor]
        out = {int(v): {BATCH: int(c)} for v, c in zip(chosen.tolist(), batch[batch >= floor].tolist())}
        if not self._sources or not len(chosen):
            return out
        rows = np.isin(hashes, chosen)
        names = {number: name for name, number in self._sources.items()}
        sources = (tags[rows] & np.uint64(0xFFFFFFFF))
        pairs = np.stack((hashes[rows], sources), axis=1)
        kept = sources != 0
        found, counts = np.unique(pairs[kept], axis=0, return_counts=True)
        for (value, source), count in zip(found.tolist(), counts.tolist()):
            out[int(value)][names[int(source)]] = int(count)
        return out

    def needed(self, words: int) -> float:
        """Distinct articles a line of ``words`` words needs to count as template."""
        if words == 1:
            return self.settings.single_word_articles
        extra = max(words - self.settings.max_words, 0)
        return self.settings.min_articles + extra * self.settings.articles_per_extra_word * self.settings.min_articles

    def frequent(self) -> "Templates":
        """The template lines: frequent enough in their group, and not a credit line (a
        wire sign-off or contributor line says where the text comes from: never chrome)."""
        from .report import is_credited

        lines = {}
        for value, groups in self._group_counts(self.settings.min_articles).items():
            sample = self.samples.get(value, "")
            need = self.needed(len(normalise(sample).split()))
            counts = {group: count for group, count in groups.items() if count >= need}
            if counts and not is_credited(sample):
                lines[value] = {"sample": sample, "articles": counts}
        return Templates(lines, self.settings)


@dataclass(frozen=True, slots=True)
class Templates:
    """Frequent line hashes with a readable sample and the distinct-article count per group."""

    lines: dict
    settings: TemplateSettings = TemplateSettings()

    def match(self, line: str, source: str | None = None) -> int | None:
        """How many articles carry this line in its group (its source, else the batch), or None."""
        key = normalise(line)
        entry = self.lines.get(line_hash(key)) if key else None
        if entry is None:
            return None
        counts = entry["articles"]
        return counts.get(source) if source and source in counts else counts.get(BATCH)

    def flagged(self, text: str, source: str | None = None) -> Iterator[tuple[int, int]]:
        """(0-based line index, articles) of each template line of ``text``."""
        for index, line in enumerate(text.split("\n")):
            count = self.match(line, source)
            if count is not None:
                yield index, count

    def union(self, other: "Templates") -> "Templates":
        """These lines and ``other``'s (a saved file and the batch's): a line in both keeps
        the larger count of each group. The settings are this one's."""
        lines = {value: {"sample": entry["sample"], "articles": dict(entry["articles"])} for value, entry in self.lines.items()}
        for value, entry in other.lines.items():
            mine = lines.setdefault(value, {"sample": entry["sample"], "articles": {}})["articles"]
            for group, count in entry["articles"].items():
                mine[group] = max(mine.get(group, 0), count)
        return Templates(lines, self.settings)

    def to_json(self) -> str:
        payload = {
            "format": FORMAT, "version": VERSION,
            "settings": {"min_articles": self.settings.min_articles, "max_words": self.settings.max_words},
            "lines": [{"hash": f"{value:016x}", "sample": entry["sample"], "articles": entry["articles"]}
                      for value, entry in sorted(self.lines.items())],
        }
        return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str, where: str) -> "Templates":
        """Read a saved file; anything else is a one-line WirelintError naming ``where``."""
        try:
            payload = json.loads(text)
        except ValueError as exc:
            raise WirelintError(f"{where}: not a templates file (invalid JSON: {exc.msg}, line {exc.lineno})") from None
        if not isinstance(payload, dict) or payload.get("format") != FORMAT:
            raise WirelintError(f"{where}: not a wirelint templates file (no \"format\": \"{FORMAT}\")")
        if payload.get("version") != VERSION:
            raise WirelintError(f"{where}: templates file version {payload.get('version')!r}, this wirelint reads {VERSION}")
        lines = {}
        try:
            for item in payload["lines"]:
                counts = {str(k): int(v) for k, v in item["articles"].items()}
                lines[int(item["hash"], 16)] = {"sample": str(item.get("sample", "")), "articles": counts}
            settings = TemplateSettings(int(payload["settings"]["min_articles"]), int(payload["settings"]["max_words"]))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise WirelintError(f"{where}: damaged templates file (entry {len(lines) + 1} of \"lines\" or \"settings\")") from None
        return cls(lines, settings)


RULE = "residue/template-line"
