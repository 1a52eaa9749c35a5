"""Literal phrase lists: whole lines by hash lookup, or phrases inside lines."""
from __future__ import annotations

from typing import Iterator

import regex

from ..document import Document, fold_line
from ..prefilter import Evidence
from .base import Field, Hit, LazyRegex


class Phrases:
    """Match literal phrases, ignoring case and whitespace.

    ``match: line`` compares each line's folded form (case, whitespace and punctuation
    ignored) with a set, so hundreds of phrases cost one hash lookup per short line.
    ``match: inline`` finds a phrase anywhere in a line, at word boundaries.
    """

    FIELDS = {
        "phrases": Field((list,), required=True, item=str, doc="the literal phrases"),
        "match": Field((str,), default="line", doc="'line' (the whole line is the phrase) or 'inline'"),
    }
    FIX_ACTIONS = ("remove-lines", "remove")

    def __init__(self, spec: dict) -> None:
        self.mode = spec["match"]
        if self.mode not in ("line", "inline"):
            raise ValueError("field 'match' must be 'line' or 'inline'")
        phrases = spec["phrases"]
        if not phrases:
            raise ValueError("field 'phrases' is empty")
        if self.mode == "line":
            self.keys = frozenset(fold_line(phrase) for phrase in phrases)
            if "" in self.keys:
                raise ValueError("field 'phrases' has a phrase with no letters or digits")
            self.longest = max(len(phrase) for phrase in phrases) * 2 + 16
        else:
            self.inline: list[tuple[str, LazyRegex]] = []
            for phrase in phrases:
                words = phrase.split()
                if not words:
                    raise ValueError("field 'phrases' has an empty phrase")
                body = r"\s+".join(regex.escape(word) for word in words)
                head = r"(?<!\w)" if regex.match(r"\w", words[0]) else ""
                tail = r"(?!\w)" if regex.search(r"\w$", words[-1]) else ""
                key = max(words, key=len).casefold()
                # built from escaped words, so it always compiles: compile on first use only
                self.inline.append((key, LazyRegex(head + body + tail, regex.IGNORECASE | regex.V1, validate=False)))

    def evidence(self) -> Evidence:
        """A line folding to a phrase, or (inline) the longest word of a phrase."""
        if self.mode == "line":
            return Evidence(lines=tuple(sorted(self.keys)))
        return Evidence(literals=self._keys())

    def _keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(key for key, _ in self.inline))

    def find(self, doc: Document, start: int, end: int) -> Iterator[Hit]:
        if self.mode == "line":
            keys, longest, lines = self.keys, self.longest, doc.lines
            for index in doc.lines_in(start, end):
                line = lines[index]
                if line and len(line) <= longest and doc.folded(index) in keys:
                    begin = doc.line_starts[index]
                    stripped = len(line) - len(line.lstrip())
                    yield Hit(begin + stripped, begin + len(line.rstrip()))
            return
        present = doc.folded_present(self._keys())
        for key, compiled in self.inline:
            if key in present:
                for match in compiled.finditer(doc.text, start, end):
                    yield Hit(match.start(), match.end())
