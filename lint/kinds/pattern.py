"""Regular expressions (the ``regex`` module) within a line, a paragraph or the document."""
from __future__ import annotations

import html
import re
import time
import unicodedata
from typing import Callable, Iterator

import regex

from ..document import Document
from ..prefilter import Evidence, lines_for, within_lines
from .base import Field, Hit, LazyRegex

TRANSFORMS: dict[str, Callable[[str], str]] = {
    "html-unescape": html.unescape,
    "nfc": lambda text: unicodedata.normalize("NFC", text),
    "space": lambda text: " ",
}
_FLAGS = {"ignorecase": regex.IGNORECASE, "verbose": regex.VERBOSE, "dotall": regex.DOTALL}
TIMEOUT_SECONDS = 1.0  # per regex run on an ordinary article; more for long texts
TIMEOUT_PER_MB = 1.0

# A regex over the whole text is faster than locating lines first (an RE2 pass per rule)
# on an article; on a long text the located lines spare it nearly all of the text.
LOCATED_TEXT = 200_000


def time_budget(length: int) -> float:
    """Seconds a regex may take over ``length`` characters: catastrophic backtracking blows
    far past this, while a linear scan of a 50 MB file stays inside it."""
    return TIMEOUT_SECONDS + TIMEOUT_PER_MB * length / 1_000_000


def anchored_at_line_start(pattern: str) -> bool:
    """Whether every match must begin at a line start: a leading ``^`` and no ``|`` outside groups.

    Such a pattern is tried once per candidate line (``match``), not at every position.
    """
    if not pattern.startswith("^"):
        return False
    depth, index, in_class = 0, 1, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[index + 1 : index + 2] == "]":
                index += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return False
        index += 1
    return True


class Pattern:
    """Report each match of ``pattern``; ``^`` and ``$`` always match at line ends.

    ``prefilter`` lists literals (compared casefolded) of which at least one must occur in
    the document before the regex runs at all: most documents never pay for most rules.
    ``lines`` and ``max_length`` make a line-scoped rule run on chosen lines only (short
    lines, the last line of each paragraph, lines standing alone) instead of scanning the
    whole text: residue lines are short, article paragraphs are long.
    """

    FIELDS = {
        "pattern": Field((str,), required=True, doc="the regular expression (regex module syntax)"),
        "scope": Field((str,), default="line", doc="'line', 'paragraph' or 'document': how far a match may span"),
        "flags": Field((list,), default=[], item=str, doc="any of ignorecase, verbose, dotall"),
        "prefilter": Field((list,), default=[], item=str, doc="literals one of which must occur for the regex to run"),
        "lines": Field((str,), default="any", doc="run on these lines only: 'any', 'paragraph-last' or 'lone'"),
        "max_length": Field((int,), default=0, doc="run only on lines of at most this many characters (0: no limit)"),
    }
    FIX_ACTIONS = ("remove-lines", "remove", "replace")

    def __init__(self, spec: dict) -> None:
        self.scope = spec["scope"]
        if self.scope not in ("line", "paragraph", "document"):
            raise ValueError("field 'scope' must be 'line', 'paragraph' or 'document'")
        flags = regex.MULTILINE | regex.V0
        for name in spec["flags"]:
            if name not in _FLAGS:
                raise ValueError(f"field 'flags' has unknown flag {name!r} (known: {', '.join(sorted(_FLAGS))})")
            flags |= _FLAGS[name]
        try:
            self.regex = LazyRegex(spec["pattern"], flags)
        except (regex.error, OverflowError, RecursionError) as exc:
            raise ValueError(f"field 'pattern' does not compile: {exc}") from None
        self.lines = spec["lines"]
        if self.lines not in Document.LINE_SELECTIONS:
            raise ValueError(f"field 'lines' must be one of {', '.join(Document.LINE_SELECTIONS)}")
        self.max_length = spec["max_length"]
        if self.max_length < 0:
            raise ValueError("field 'max_length' must not be negative")
        self.per_line = self.lines != "any" or self.max_length > 0
        self.anchored = anchored_at_line_start(spec["pattern"]) and not spec["flags"].count("verbose")
        if self.per_line and self.scope != "line":
            raise ValueError("fields 'lines' and 'max_length' need scope 'line'")
        literals = [literal.casefold() for literal in spec["prefilter"]]
        if any(not literal for literal in literals):
            raise ValueError("field 'prefilter' has an empty literal")
        # Single characters are looked for together, in one scan of the text.
        singles = sorted({literal for literal in literals if len(literal) == 1})
        self.prefilter = tuple(literal for literal in literals if len(literal) > 1)
        self.prefilter_chars = re.compile("[" + "".join(re.escape(c) for c in singles) + "]") if singles else None
        self.filtered = bool(literals)
        fix = spec.get("fix") or {}
        self.template = fix.get("replacement")
        transform = fix.get("transform")
        if transform is not None and transform not in TRANSFORMS:
            raise ValueError(f"fix transform {transform!r} is unknown (known: {', '.join(sorted(TRANSFORMS))})")
        self.transform = TRANSFORMS.get(transform) if transform else None

    def evidence(self) -> Evidence:
        """A hit is a match of the regex: the regex itself is the evidence."""
        return Evidence(regexes=((self.regex.source, self.regex.flags, self.regex.engine),))

    def find(self, doc: Document, start: int, end: int) -> Iterator[Hit]:
        if self.filtered and not doc.contains_folded(self.prefilter, self.prefilter_chars):
            return
        if self.per_line:
            yield from self._find_in_lines(doc, start, end)
            return
        if self.scope == "line" and end - start >= LOCATED_TEXT and within_lines(self):
            where = lines_for(doc, self)
            if where is not None:  # the same hits as over the whole text, from these lines alone
                yield from self._find_on(doc, start, end, sorted(where))
                return
        budget = time_budget(end - start)
        yield from self._hits(doc.text, self.regex.compiled.finditer(doc.text, start, end, timeout=budget))

    def _find_in_lines(self, doc: Document, start: int, end: int) -> Iterator[Hit]:
        where = lines_for(doc, self)  # the lines the prefilter's RE2 pass leaves possible
        if where is None:
            chosen = doc.selected_lines(self.lines, self.max_length)
        else:
            chosen = doc.selected_among(self.lines, self.max_length, where)
        yield from self._find_on(doc, start, end, chosen)

    def _find_on(self, doc: Document, start: int, end: int, chosen: list[int]) -> Iterator[Hit]:
        """Hits on the lines ``chosen``, each line matched on its own (its end is the text's)."""
        text, starts, lines = doc.text, doc.line_starts, doc.lines
        compiled = self.regex.compiled
        match, finditer, anchored = compiled.match, compiled.finditer, self.anchored
        # One budget for the whole document, shared by its lines: a hostile pattern must not
        # get a fresh second on each of thousands of lines.
        deadline = time.monotonic() + time_budget(end - start)
        for index in chosen:
            begin = starts[index]
            if not start <= begin < end:
                continue
            stop = begin + len(lines[index])
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("regex time budget spent")
            if anchored:
                found = match(text, begin, stop, timeout=left)
                if found is not None:
                    yield from self._hits(text, (found,))
            else:
                yield from self._hits(text, finditer(text, begin, stop, timeout=left))

    def _hits(self, text: str, matches: Iterator) -> Iterator[Hit]:
        for match in matches:
            begin, stop = match.span()
            if begin == stop:
                continue
            if self.scope == "line" and "\n" in text[begin:stop]:
                continue
            if self.scope == "paragraph" and regex.search(r"\n[^\S\n]*\n", text[begin:stop]):
                continue
            replacement = None
            if self.template is not None:
                replacement = match.expand(self.template)
            elif self.transform is not None:
                replacement = self.transform(match.group())
            yield Hit(begin, stop, replacement)
