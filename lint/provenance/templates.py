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

``TemplateCounter`` holds only integers (hash -> count, hash -> last article); samples
are kept for frequent hashes only. ``Templates`` is the saved, versioned plain JSON.
"""
from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from ..errors import WirelintError

FORMAT = "wirelint-templates"
VERSION = 1
BATCH = ""  # the group of the whole batch


def normalise(line: str) -> str:
    """A line's CCNet-style key: casefolded, digits as 0, punctuation and runs of space as one space."""
    out = []
    for char in line.casefold():
        if char.isdigit():
            out.append("0")
        elif char.isspace() or unicodedata.category(char)[0] in "PS":
            out.append(" ")
        else:
            out.append(char)
    return " ".join("".join(out).split())


def line_hash(key: str) -> int:
    """8 bytes of BLAKE2b of a normalised line, as an unsigned integer."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


@dataclass(frozen=True, slots=True)
class TemplateSettings:
    min_articles: int = 3
    single_word_articles: int = 6  # one word ("Advertisement", a brand name) needs more articles
    max_words: int = 12
    articles_per_extra_word: float = 0.5  # a longer line needs this many more articles per word


@dataclass(slots=True)
class TemplateCounter:
    """Distinct articles per (group, line hash). Feed the lines of one article at a time
    with ``add``; ``article`` names the article (its cluster, for copies of one story)."""

    settings: TemplateSettings = field(default_factory=TemplateSettings)
    counts: dict = field(default_factory=dict)
    last: dict = field(default_factory=dict)
    words: dict = field(default_factory=dict)
    samples: dict = field(default_factory=dict)

    def add(self, lines: Iterable[str], article: object, source: str | None = None) -> None:
        groups = (BATCH,) if not source else (BATCH, source)
        for line in lines:
            key = normalise(line)
            if not any(char.isalpha() for char in key):
                continue  # a list number or a blank: nothing to tell chrome by
            value = line_hash(key)
            self.words.setdefault(value, len(key.split()))
            for group in groups:
                slot = (group, value)
                if self.last.get(slot) == article:
                    continue
                self.last[slot] = article
                count = self.counts[slot] = self.counts.get(slot, 0) + 1
                if count == self.settings.min_articles:
                    self.samples.setdefault(value, line.strip())

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

        lines, credit = {}, {}
        for (group, value), count in self.counts.items():
            if count < self.needed(self.words[value]):
                continue
            if value not in credit:
                credit[value] = is_credited(self.samples.get(value, ""))
            if not credit[value]:
                lines.setdefault(value, {"sample": self.samples.get(value, ""), "articles": {}})["articles"][group] = count
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


def template_findings(path: str, text: str, templates: Templates, source: str | None = None) -> list:
    """``residue/template-line`` warnings for ``text``'s template lines, each with an unsafe
    fix that deletes the line (a learned line is a guess, so ``--fix`` alone never applies it)."""
    from ..document import Document
    from ..finding import Edit, Finding, Fix

    doc = Document(text)
    found = []
    for index, articles in templates.flagged(text, source):
        start, end = doc.line_starts[index], doc.line_end(index)
        stop = min(end + 1, len(text))
        line, column = doc.position(start)
        end_line, end_column = doc.position(stop)
        edit = Edit(start, stop, "", line, column, end_line, end_column)
        found.append(Finding(
            path, RULE, "warning", f"line a source's template prints: seen on {articles} different articles",
            line, 1, line, end - start + 1, start, end, Fix("unsafe", (edit,)),
        ))
    return found
