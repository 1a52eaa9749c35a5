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
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Sequence

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


# ``normalise`` of many lines at once. ``str.translate`` looks each character of a non-ASCII
# string up in ``_FOLD`` (most articles have curly quotes: 4 us a line); here the few
# non-ASCII characters are folded first, by ``_FOLD`` itself, and the ASCII ones by a bytes
# table made from it. Casefolding keeps line breaks, and UTF-8 puts no ASCII byte inside
# another character, so the lines and their words come out as ``normalise`` gives them.
_FOLD_CHUNK_LINES = 4096  # lines normalised together: a 50 MB text is never folded whole
_COMMON = "’“”‘–—…«»\xa0"  # the non-ASCII characters news text is full of (all fold to a space)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ASCII_FOLD = bytes(ord("\n") if code == 10 else ord(_FOLD[code]) for code in range(128)) + bytes(range(128, 256))
_ASCII_LETTER = re.compile(rb"[a-z]")


def _fold_run(found: "re.Match[str]") -> str:
    return found.group().translate(_FOLD)


def normalised_keys(lines: Sequence[str]) -> list[bytes]:
    """``normalise`` of each line, UTF-8 encoded (``surrogatepass``), all lines at once."""
    keys: list[bytes] = []
    for begin in range(0, len(lines), _FOLD_CHUNK_LINES):
        folded = "\n".join(lines[begin : begin + _FOLD_CHUNK_LINES]).casefold()
        if not folded.isascii():
            for char in _COMMON:
                folded = folded.replace(char, _FOLD[ord(char)])
            if not folded.isascii():  # a rarer character left: search for it (a scan, 10 ns a character)
                folded = _NON_ASCII.sub(_fold_run, folded)
        data = folded.encode("utf-8", "surrogatepass").translate(_ASCII_FOLD)
        keys.extend(b" ".join(line.split()) for line in data.split(b"\n"))
    return keys


def has_letter(key: bytes) -> bool:
    """Whether a normalised key (UTF-8) has a letter: a line without one tells no chrome apart."""
    if key.isascii():
        return _ASCII_LETTER.search(key) is not None
    return any(char.isalpha() for char in key.decode("utf-8", "surrogatepass"))


def key_hash(key: bytes) -> int:
    """``line_hash`` of a key ``normalised_keys`` gave."""
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")


def line_hash(key: str) -> int:
    """8 bytes of BLAKE2b of a normalised line, as an unsigned integer."""
    return key_hash(key.encode("utf-8", "surrogatepass"))


def line_keys(lines: Sequence[str]) -> list[int]:
    """The hashes ``TemplateCounter.add`` counts for one file's lines: each distinct one
    once, in the order they first appear (work a worker process can do for the counter)."""
    seen: dict[int, None] = {}
    for key in normalised_keys(lines):
        if has_letter(key):
            seen.setdefault(key_hash(key))
    return list(seen)


@dataclass(frozen=True, slots=True)
class TemplateSettings:
    min_articles: int = 3
    single_word_articles: int = 6  # one word ("Advertisement", a brand name) needs more articles
    max_words: int = 12
    articles_per_extra_word: float = 0.5  # a longer line needs this many more articles per word


SKETCH_BITS = 24  # 16 MB of 8-bit counters: which lines may be frequent, so only those keep a sample
CHUNK = 1 << 18  # rows matched against the frequent hashes at a time (bounded temporary arrays)


class TemplateCounter:
    """Distinct articles per (group, line hash), in memory linear in the lines counted.

    Feed the lines of one file (one article's text) at a time with ``add``; ``article``
    names the article (its reuse cluster's representative, so copies of one story count
    once; any hashable value), ``source`` its source (None: the batch only). Each distinct
    line of a file is one row: its 8-byte hash and the file's 4-byte number; each file
    keeps its article and source numbers. Copies need not arrive together: distinct
    articles are counted at the end, by sorting, and only for lines on enough files. A
    readable sample is kept only for lines a small counting sketch says were seen on at
    least ``min_articles`` files (``sample_from`` lowers that). ``merge`` adds another
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
        self._hashes, self._files = array("Q"), array("I")
        self._file_article, self._file_source = array("I"), array("I")
        self._sketch = bytearray(1 << SKETCH_BITS)

    def add(self, lines: Sequence[str], article: object, source: str | None = None) -> None:
        """Count each distinct line of one file once for it (blank and number-only lines are skipped)."""
        number = len(self._file_article)
        self._file_article.append(self._articles.setdefault(article, len(self._articles)))
        self._file_source.append(self._sources.setdefault(source, len(self._sources) + 1) if source else 0)
        seen: dict[int, None] = {}
        sketch, mask, floor = self._sketch, (1 << SKETCH_BITS) - 1, self.sample_from
        for line, key in zip(lines, normalised_keys(lines)):
            if not has_letter(key):
                continue  # a list number or a blank: nothing to tell chrome by
            value = key_hash(key)
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
        self._files.extend([number] * len(seen))

    def add_keys(self, values: Sequence[int], article: object, source: str | None = None) -> None:
        """``add`` of one file whose ``line_keys`` are already known. No sample is kept:
        ``frequent(line_of=...)`` reads the few it needs at the end. A counter is fed by
        ``add`` or by ``add_keys``, not both."""
        number = len(self._file_article)
        self._file_article.append(self._articles.setdefault(article, len(self._articles)))
        self._file_source.append(self._sources.setdefault(source, len(self._sources) + 1) if source else 0)
        self._hashes.extend(values)
        self._files.extend([number] * len(values))

    def sample_rows(self, values: Iterable[int]) -> dict[int, int]:
        """For lines counted with ``add_keys``: the row (see ``row_file``) of each of ``values``
        whose line ``add`` would have kept as the sample: its first row at which the counting
        sketch (every row before it and itself, by slot) reached ``sample_from``."""
        import numpy as np

        wanted = np.array(sorted(set(values)), dtype=np.uint64)
        if not len(wanted) or not self._hashes:
            return {}
        mask = np.uint64((1 << SKETCH_BITS) - 1)
        hashes = np.frombuffer(self._hashes, dtype=np.uint64)
        rows = np.flatnonzero(np.isin(hashes & mask, np.unique(wanted & mask)))
        slots = hashes[rows] & mask
        order = np.argsort(slots, kind="stable")
        ordered = slots[order]
        seen = np.empty(len(rows), dtype=np.int64)  # rows of the same slot up to this one
        seen[order] = np.arange(len(rows)) - np.searchsorted(ordered, ordered, side="left") + 1
        keep = rows[(seen >= self.sample_from) & np.isin(hashes[rows], wanted)]
        found, first = np.unique(hashes[keep], return_index=True)
        return {int(value): int(keep[at]) for value, at in zip(found.tolist(), first.tolist())}

    def row_file(self, row: int) -> int:
        """The file (its number in the order of ``add``/``add_keys``) of a row."""
        return self._files[row]

    def merge(self, other: "TemplateCounter") -> None:
        """Add ``other``'s counts (another partition of the same batch): an article both
        saw (the same ``article`` value) still counts once."""
        import numpy as np

        articles = np.zeros(max(len(other._articles), 1), dtype=np.uint32)
        for name, number in other._articles.items():
            articles[number] = self._articles.setdefault(name, len(self._articles))
        sources = np.zeros(len(other._sources) + 1, dtype=np.uint32)
        for name, number in other._sources.items():
            sources[number] = self._sources.setdefault(name, len(self._sources) + 1)
        offset = len(self._file_article)
        self._file_article.extend(articles[np.frombuffer(other._file_article, dtype=np.uint32)].tolist())
        self._file_source.extend(sources[np.frombuffer(other._file_source, dtype=np.uint32)].tolist())
        self._hashes.extend(other._hashes)
        self._files.extend((np.frombuffer(other._files, dtype=np.uint32) + np.uint32(offset)).tolist())
        mine = np.frombuffer(self._sketch, dtype=np.uint8)
        mine[:] = np.minimum(mine.astype(np.uint16) + np.frombuffer(other._sketch, dtype=np.uint8), 255)
        mask = (1 << SKETCH_BITS) - 1
        for value, sample in other.samples.items():
            if self._sketch[value & mask] >= self.sample_from:
                self.samples.setdefault(value, sample)

    @property
    def counts(self) -> dict:
        """Distinct articles per ``(group, line hash)`` (the batch's group is ``BATCH``).
        Builds a dict of every line: for inspection and tests, not for large batches."""
        return {(group, value): count for value, groups in self._group_counts(1).items() for group, count in groups.items()}

    def _group_counts(self, floor: int) -> dict[int, dict[str, int]]:
        """{line hash: {group: distinct articles}} for the lines on at least ``floor`` articles batch-wide."""
        import numpy as np

        hashes = np.frombuffer(self._hashes, dtype=np.uint64) if self._hashes else np.empty(0, np.uint64)
        if not len(hashes):
            return {}
        gap = max(floor, 1) - 1  # a hash on ``floor`` files or more equals the one gap places on
        if len(hashes) <= gap:
            return {}
        ordered = np.sort(hashes)
        candidates = np.unique(ordered[:len(ordered) - gap][ordered[gap:] == ordered[:len(ordered) - gap]])
        del ordered
        if not len(candidates):
            return {}
        file_article = np.frombuffer(self._file_article, dtype=np.uint32).astype(np.uint64)
        file_source = np.frombuffer(self._file_source, dtype=np.uint32).astype(np.uint64)
        files_of = np.frombuffer(self._files, dtype=np.uint32)
        groups = np.uint64(len(self._sources) + 1)
        if len(candidates) * int(groups) >= 1 << 32:
            raise WirelintError(f"{len(candidates)} frequent lines in {int(groups) - 1} sources: too many to count per source; "
                                "count the batch only (template-source none)")
        batch_keys, source_keys = [], []  # (candidate << 32 | article), ((candidate * groups + source) << 32 | article)
        for start in range(0, len(hashes), CHUNK):
            part = hashes[start:start + CHUNK]
            rows = np.flatnonzero(np.isin(part, candidates))
            which = np.searchsorted(candidates, part[rows]).astype(np.uint64)
            files = files_of[start:start + CHUNK][rows]
            articles, sources = file_article[files], file_source[files]
            batch_keys.append((which << np.uint64(32)) | articles)
            known = sources != 0
            source_keys.append(((which[known] * groups + sources[known]) << np.uint64(32)) | articles[known])
        out: dict[int, dict[str, int]] = {}
        found = np.unique(np.concatenate(batch_keys)) >> np.uint64(32)  # one per (candidate, article)
        for index, count in enumerate(np.bincount(found.astype(np.int64), minlength=len(candidates)).tolist()):
            if count >= floor:
                out[int(candidates[index])] = {BATCH: count}
        names = {number: name for name, number in self._sources.items()}
        found = np.unique(np.concatenate(source_keys)) >> np.uint64(32)  # one per (candidate, source, article)
        keys, counts = np.unique(found, return_counts=True)
        for key, count in zip(keys.tolist(), counts.tolist()):
            value = int(candidates[key // int(groups)])
            if value in out:
                out[value][names[key % int(groups)]] = count
        return out

    def needed(self, words: int) -> float:
        """Distinct articles a line of ``words`` words needs to count as template."""
        if words == 1:
            return self.settings.single_word_articles
        extra = max(words - self.settings.max_words, 0)
        return self.settings.min_articles + extra * self.settings.articles_per_extra_word * self.settings.min_articles

    def frequent(self, line_of: Callable[[int, int], str] | None = None) -> "Templates":
        """The template lines: frequent enough in their group, and not a credit line (a
        wire sign-off or contributor line says where the text comes from: never chrome).
        For lines counted with ``add_keys``, ``line_of(file, value)`` gives the stripped
        line of ``value`` in that file (its first line with that hash); files are asked
        for in order."""
        from .report import is_credited

        frequent = self._group_counts(self.settings.min_articles)
        samples = self.samples
        if line_of is not None:
            rows = sorted((row, value) for value, row in self.sample_rows(frequent).items())
            samples = {value: line_of(self.row_file(row), value) for row, value in rows}
        lines = {}
        for value, groups in frequent.items():
            sample = samples.get(value, "")
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
        return self.match_key(normalise(line).encode("utf-8", "surrogatepass"), source)

    def match_key(self, key: bytes, source: str | None = None) -> int | None:
        """``match`` of the line whose key ``normalised_keys`` gave."""
        entry = self.lines.get(key_hash(key)) if key else None
        if entry is None:
            return None
        counts = entry["articles"]
        return counts.get(source) if source and source in counts else counts.get(BATCH)

    def flagged(self, text: str, source: str | None = None) -> Iterator[tuple[int, int]]:
        """(0-based line index, articles) of each template line of ``text``."""
        for index, key in enumerate(normalised_keys(text.split("\n"))):
            count = self.match_key(key, source)
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
