"""Identifiers printed with a story (news codes, story ids), with digits of any script made ASCII."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Sequence, TYPE_CHECKING

from ..document import Document
from .span import Span, stripped

if TYPE_CHECKING:  # only for annotations: vocab runs these modules on its examples
    from .vocab import Matcher, Vocabulary


@dataclass(frozen=True, slots=True)
class Identifier:
    """``value`` has ASCII digits; ``written`` is the identifier as the text has it."""

    kind: str
    value: str
    written: str
    pattern: str
    span: Span


def ascii_digits(text: str) -> str:
    """Every decimal digit of any script as its ASCII digit ("۱۱۶۵۳۸۱" gives "1165381")."""
    out = []
    for char in text:
        digit = unicodedata.decimal(char, None)
        out.append(str(digit) if digit is not None else char)
    return "".join(out)


def find_identifiers(doc: Document, vocabulary: Vocabulary, matchers: Sequence[Matcher] | None = None) -> list[Identifier]:
    found: list[Identifier] = []
    for matcher in vocabulary.identifiers if matchers is None else matchers:
        low, high = doc.region(matcher.first, matcher.last)
        for match in matcher.finditer(doc.text, low, high):
            start, end = stripped(doc.text, *match.span("value"))
            if start < end:
                written = doc.text[start:end]
                found.append(Identifier(matcher.kind, ascii_digits(written), written, matcher.id, Span.of(doc, start, end)))
    found.sort(key=lambda item: item.span.start)
    return found
