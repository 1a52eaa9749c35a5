"""A checked text with its lines, paragraphs and positions, computed once and shared by rules.

Every line and column a finding reports comes from ``Document.position``: one place turns
character offsets into 1-based (line, column), so no rule computes locations itself.
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

import regex

from .markdown import MarkdownMap
from .prose import is_prose_sentence

_NON_WORD = regex.compile(r"[\W_]+")


_FOLD_CHUNK = 1 << 20  # characters casefolded at once


def casefold_text(text: str, pad: str = "") -> str:
    """``pad + text.casefold() + pad``, folded a megabyte at a time.

    ``str.casefold`` first allocates room for three code points of four bytes per
    character, 120 MB for a 10 MB text; folding is per character, so pieces fold the same.
    """
    if len(text) <= _FOLD_CHUNK:
        return pad + text.casefold() + pad
    pieces = [text[i : i + _FOLD_CHUNK].casefold() for i in range(0, len(text), _FOLD_CHUNK)]
    return "".join([pad, *pieces, pad])


def fold_line(line: str) -> str:
    """Case-, whitespace- and punctuation-insensitive key of a short line."""
    return _NON_WORD.sub(" ", line.casefold()).strip()


class Document:
    """Text (newlines already ``\\n``) plus lazily computed views used by rule kinds.

    ``kind`` is ``"text"`` or ``"markdown"``; a Markdown document also has a block map
    (``markdown``) that the engine consults so that no rule breaks its structure. Left as
    None, the engine decides it from the checked path (``*.md`` is Markdown).
    """

    __slots__ = (
        "text", "lines", "line_starts", "kind", "_nonblank", "_paragraphs", "_folded", "_casefolded",
        "_markdown", "_encoded", "cache",
    )

    # Line selections a rule can ask for instead of scanning the whole text. ``not-prose``
    # leaves out lines that read as sentences of the story (see ``lint.prose``).
    LINE_SELECTIONS = ("any", "paragraph-last", "lone", "not-prose")
    KINDS = ("text", "markdown")

    def __init__(self, text: str, kind: str | None = None) -> None:
        if kind is not None and kind not in self.KINDS:
            raise ValueError(f"document kind must be one of {', '.join(self.KINDS)}, not {kind!r}")
        self.kind = kind
        self._markdown: MarkdownMap | None = None
        self.text = text
        self.lines = text.split("\n")
        self.line_starts = [0, *accumulate(len(line) + 1 for line in self.lines[:-1])]
        self._nonblank: list[int] | None = None
        self._paragraphs: list[tuple[int, int]] | None = None
        self._folded: dict[int, str] = {}
        self._casefolded: str | None = None
        self._encoded: bytes | None | bool = False
        self.cache: dict = {}

    @property
    def markdown(self) -> MarkdownMap | None:
        """The Markdown block map of a Markdown document (parsed on first use); None for text."""
        if self.kind != "markdown":
            return None
        if self._markdown is None:
            self._markdown = MarkdownMap(self.text, self.lines)
        return self._markdown

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count code points."""
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def line_end(self, index: int) -> int:
        """Offset just past the content of line ``index`` (where its newline is)."""
        return self.line_starts[index] + len(self.lines[index])

    def line_of(self, offset: int) -> int:
        """0-based index of the line holding offset."""
        return bisect_right(self.line_starts, offset) - 1

    @property
    def nonblank(self) -> list[int]:
        """0-based indices of lines with visible characters."""
        if self._nonblank is None:
            self._nonblank = [i for i, line in enumerate(self.lines) if line and not line.isspace()]
        return self._nonblank

    def is_blank(self, index: int) -> bool:
        line = self.lines[index]
        return not line or line.isspace()

    @property
    def paragraphs(self) -> list[tuple[int, int]]:
        """(first, last) 0-based line indices of each run of non-blank lines."""
        if self._paragraphs is None:
            runs: list[tuple[int, int]] = []
            previous = -2
            for index in self.nonblank:
                if index == previous + 1:
                    runs[-1] = (runs[-1][0], index)
                else:
                    runs.append((index, index))
                previous = index
            self._paragraphs = runs
        return self._paragraphs

    def folded(self, index: int) -> str:
        """fold_line of line ``index``, cached because many rules ask for the same lines."""
        key = self._folded.get(index)
        if key is None:
            key = self._folded[index] = fold_line(self.lines[index])
        return key

    @property
    def casefolded(self) -> str:
        """The text casefolded between two newlines, for substring prefilters only.

        Offsets differ from the text's; the padding lets a prefilter such as ``"\n "``
        see the first and last lines too.
        """
        if self._casefolded is None:
            self._casefolded = casefold_text(self.text, "\n")
        return self._casefolded

    def folded_pieces(self, overlap: int):
        """``casefolded`` whole, or for a long text in folded pieces of about a megabyte.

        Each piece overlaps the next by ``overlap`` characters of the text (folding never
        shortens text, so a folded string of that length never falls between two pieces),
        and no folded copy of the whole text is kept: it would double a 50 MB text's memory.
        """
        if self._casefolded is not None or len(self.text) <= 4 * _FOLD_CHUNK:
            yield self.casefolded
            return
        text = self.text
        for begin in range(0, len(text), _FOLD_CHUNK):
            stop = begin + _FOLD_CHUNK + overlap
            yield ("\n" if begin == 0 else "") + text[begin:stop].casefold() + ("\n" if stop >= len(text) else "")

    def contains_folded(self, literals: tuple[str, ...], chars=None) -> bool:
        """Whether ``casefolded`` holds one of ``literals`` or a match of the compiled class ``chars``."""
        for piece in self.folded_pieces(max(map(len, literals), default=1)):
            if any(literal in piece for literal in literals) or (chars is not None and chars.search(piece) is not None):
                return True
        return False

    def folded_present(self, literals: tuple[str, ...]) -> set[str]:
        """Those of ``literals`` that ``casefolded`` holds, from one pass over the text."""
        missing, found = set(literals), set()
        for piece in self.folded_pieces(max(map(len, literals), default=1)):
            found.update(literal for literal in missing if literal in piece)
            missing -= found
            if not missing:
                break
        return found

    @property
    def encoded(self) -> bytes | None:
        """The text as UTF-8, for the prefilter's RE2 passes; None if it holds lone surrogates."""
        if self._encoded is False:
            try:
                self._encoded = self.text.encode("utf-8")
            except UnicodeEncodeError:
                self._encoded = None
        return self._encoded

    def selected_lines(self, selection: str, max_length: int) -> list[int]:
        """Non-blank lines of a selection, at most ``max_length`` characters (0: any length).

        ``paragraph-last`` is the last line of each paragraph, ``lone`` a line that is a
        paragraph by itself, ``not-prose`` any line that does not read as a sentence of
        running text. Cached: rules that ask for the same lines share one list.
        """
        key = ("lines", selection, max_length)
        found = self.cache.get(key)
        if found is None:
            if selection == "paragraph-last":
                indices = [last for _, last in self.paragraphs]
            elif selection == "lone":
                indices = [first for first, last in self.paragraphs if first == last]
            else:
                indices = self.nonblank
            if max_length:
                lines = self.lines
                indices = [i for i in indices if len(lines[i]) <= max_length]
            if selection == "not-prose":
                indices = [i for i in indices if not is_prose_sentence(self.lines[i])]
            found = self.cache[key] = indices
        return found

    def selected_among(self, selection: str, max_length: int, among: set[int]) -> list[int]:
        """``selected_lines`` restricted to the lines ``among``, in order.

        The same lines as filtering ``selected_lines``, but ``not-prose`` only reads the
        lines asked about: a rule the prefilter points at two lines tests two, not all.
        """
        if selection in ("paragraph-last", "lone") or ("lines", selection, max_length) in self.cache:
            return [index for index in self.selected_lines(selection, max_length) if index in among]
        lines = self.lines
        chosen = []
        for index in sorted(among):
            line = lines[index] if 0 <= index < len(lines) else ""
            if not line or line.isspace() or (max_length and len(line) > max_length):
                continue
            if selection == "not-prose" and is_prose_sentence(line):
                continue
            chosen.append(index)
        return chosen

    def region(self, first: int | None, last: int | None) -> tuple[int, int]:
        """Offsets spanning the first or last N non-blank lines (the whole text if neither)."""
        nonblank = self.nonblank
        if not nonblank:
            return 0, len(self.text)
        if first is not None:
            stop = nonblank[min(first, len(nonblank)) - 1] if first > 0 else -1
            return 0, (self.line_end(stop) if stop >= 0 else 0)
        if last is not None:
            if last <= 0:
                return len(self.text), len(self.text)
            begin = nonblank[max(len(nonblank) - last, 0)]
            return self.line_starts[begin], len(self.text)
        return 0, len(self.text)

    def lines_in(self, start: int, end: int) -> range:
        """0-based indices of lines that begin inside [start, end)."""
        if start >= end:
            return range(0)
        first = self.line_of(start)
        if self.line_starts[first] < start:
            first += 1
        return range(first, self.line_of(max(end - 1, 0)) + 1)
