"""Paragraphs that stop mid-sentence: the last word is a function word, with no closing punctuation."""
from __future__ import annotations

from typing import Iterator

from ..document import Document
from .base import Field, Hit
from .programs import compile_regex

_SENTENCE_END = compile_regex(r"[.!?][\"”’)]?\s+\S")


class Ending:
    """Report the last word of a paragraph when it is one of ``words`` ("the", "of", ...).

    Only prose paragraphs count: at least ``min_chars`` long and with a sentence end
    earlier in the paragraph, so headlines ("What Biden is fighting for") never match.
    Checking the last word of each paragraph costs a split, not a regex scan.
    """

    FIELDS = {
        "words": Field((list,), required=True, item=str, doc="words a finished paragraph never ends with"),
        "min_chars": Field((int,), default=40, doc="shorter paragraphs are never reported"),
    }
    FIX_ACTIONS = ()

    def __init__(self, spec: dict) -> None:
        self.words = frozenset(word.casefold() for word in spec["words"])
        if not self.words:
            raise ValueError("field 'words' is empty")
        self.min_chars = spec["min_chars"]

    def find(self, doc: Document, start: int, end: int) -> Iterator[Hit]:
        lines, starts = doc.lines, doc.line_starts
        for first, last in doc.paragraphs:
            line = lines[last].rstrip()
            begin = starts[last]
            if not start <= begin < end or not line:
                continue
            head, _, word = line.rpartition(" ")
            if word.casefold() not in self.words:
                continue
            paragraph_start = starts[first]
            if begin + len(line) - paragraph_start < self.min_chars:
                continue
            if not _SENTENCE_END.search(doc.text, paragraph_start, begin + len(head)):
                continue
            yield Hit(begin + len(head) + (1 if head else 0), begin + len(line))
