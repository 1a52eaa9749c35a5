"""Aggregators and publishers named by the residue they leave (disclaimers, appeals, feed notes)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence, TYPE_CHECKING

from ..document import Document
from .span import Span, stripped

if TYPE_CHECKING:  # only for annotations: vocab runs these modules on its examples
    from .vocab import Matcher, Vocabulary


@dataclass(frozen=True, slots=True)
class Outlet:
    """An aggregator or publisher; ``evidence`` is what its residue says about the text's origin."""

    role: str
    name: str
    evidence: str
    pattern: str
    span: Span


def find_outlets(doc: Document, vocabulary: Vocabulary, matchers: Sequence[Matcher] | None = None) -> list[Outlet]:
    """Each outlet once (its first mention), in text order."""
    found: dict[tuple[str, str], Outlet] = {}
    for matcher in vocabulary.outlets if matchers is None else matchers:
        low, high = doc.region(matcher.first, matcher.last)
        for match in matcher.finditer(doc.text, low, high):
            start, end = stripped(doc.text, *match.span("name"))
            name = " ".join(doc.text[start:end].split())
            if not name or matcher.excluded(name):
                continue
            key = (matcher.kind, name.casefold())
            if key not in found or start < found[key].span.start:
                found[key] = Outlet(matcher.kind, name, matcher.evidence, matcher.id, Span.of(doc, start, end))
    return sorted(found.values(), key=lambda outlet: outlet.span.start)
