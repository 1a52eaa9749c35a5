"""Regular expressions (the ``regex`` module) within a line, a paragraph or the document."""
from __future__ import annotations

import html
import unicodedata
from typing import Callable, Iterator

import regex

from ..document import Document
from . import Field, Hit

TRANSFORMS: dict[str, Callable[[str], str]] = {
    "html-unescape": html.unescape,
    "nfc": lambda text: unicodedata.normalize("NFC", text),
    "space": lambda text: " ",
}
_FLAGS = {"ignorecase": regex.IGNORECASE, "verbose": regex.VERBOSE, "dotall": regex.DOTALL}
TIMEOUT_SECONDS = 1.0


class Pattern:
    """Report each match of ``pattern``; ``^`` and ``$`` always match at line ends.

    ``prefilter`` lists literals (compared casefolded) of which at least one must occur in
    the document before the regex runs at all: most documents never pay for most rules.
    """

    FIELDS = {
        "pattern": Field((str,), required=True, doc="the regular expression (regex module syntax)"),
        "scope": Field((str,), default="line", doc="'line', 'paragraph' or 'document': how far a match may span"),
        "flags": Field((list,), default=[], item=str, doc="any of ignorecase, verbose, dotall"),
        "prefilter": Field((list,), default=[], item=str, doc="literals one of which must occur for the regex to run"),
    }
    FIX_ACTIONS = ("remove-lines", "remove", "replace")

    def __init__(self, spec: dict, context: object = None) -> None:
        self.scope = spec["scope"]
        if self.scope not in ("line", "paragraph", "document"):
            raise ValueError("field 'scope' must be 'line', 'paragraph' or 'document'")
        flags = regex.MULTILINE | regex.V0
        for name in spec["flags"]:
            if name not in _FLAGS:
                raise ValueError(f"field 'flags' has unknown flag {name!r} (known: {', '.join(sorted(_FLAGS))})")
            flags |= _FLAGS[name]
        try:
            self.regex = regex.compile(spec["pattern"], flags)
        except (regex.error, OverflowError, RecursionError) as exc:
            raise ValueError(f"field 'pattern' does not compile: {exc}") from None
        self.prefilter = tuple(literal.casefold() for literal in spec["prefilter"])
        if any(not literal for literal in self.prefilter):
            raise ValueError("field 'prefilter' has an empty literal")
        fix = spec.get("fix") or {}
        self.template = fix.get("replacement")
        transform = fix.get("transform")
        if transform is not None and transform not in TRANSFORMS:
            raise ValueError(f"fix transform {transform!r} is unknown (known: {', '.join(sorted(TRANSFORMS))})")
        self.transform = TRANSFORMS.get(transform) if transform else None

    def find(self, doc: Document, start: int, end: int) -> Iterator[Hit]:
        if self.prefilter:
            haystack = doc.casefolded
            if not any(literal in haystack for literal in self.prefilter):
                return
        text = doc.text
        for match in self.regex.finditer(text, start, end, timeout=TIMEOUT_SECONDS):
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
