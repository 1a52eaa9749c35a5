"""Credit lines: who a text credits for its words (wire, contributor, dateline) and pictures (photo).

The patterns are data (``credits.yaml``); this module only turns their matches into
Credit records, one per agency named, positioned at the name as written.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence, TYPE_CHECKING

from ..document import Document
from .span import Span, stripped

if TYPE_CHECKING:  # only for annotations: vocab runs these modules on its examples
    from .vocab import Matcher, Vocabulary


@dataclass(frozen=True, slots=True)
class Credit:
    """One credit. ``name`` is the agency's canonical name, the credited name as written when
    it is no known agency, or None for a dateline that names only its place."""

    kind: str
    name: str | None
    agency_type: str | None
    place: str | None
    text: str
    pattern: str
    span: Span


def find_credits(doc: Document, vocabulary: Vocabulary, matchers: Sequence[Matcher] | None = None) -> list[Credit]:
    """Every credit in ``doc``, in text order; the first pattern to claim a name keeps it."""
    text = doc.text
    found: list[Credit] = []
    claimed: set[tuple[int, int]] = set()
    for matcher in vocabulary.credits if matchers is None else matchers:
        low, high = doc.region(matcher.first, matcher.last)
        groups = matcher.regex.groupindex
        for match in matcher.finditer(text, low, high):
            place = match.group("place") if "place" in groups else None
            if place is not None and matcher.excluded(place):
                continue
            place = " ".join(place.split()) if place else None
            whole = stripped(text, *match.span())
            written = text[whole[0]:whole[1]]
            credit_span = match.span("credit") if "credit" in groups and match.start("credit") >= 0 else whole
            named = list(vocabulary.find_agencies(text, *credit_span))
            if named:
                items = [(start, end, agency.name, agency.type) for start, end, agency in named]
            elif matcher.implies is not None:
                agency = next(a for a in vocabulary.agencies if a.name == matcher.implies)
                items = [(*whole, agency.name, agency.type)]
            elif matcher.kind == "dateline":
                items = [(*stripped(text, *match.span("place")), None, None)]
            else:
                start, end = stripped(text, *credit_span)
                items = [(start, end, " ".join(text[start:end].split()), None)] if start < end else []
            for start, end, name, agency_type in items:
                if (start, end) in claimed:
                    continue
                claimed.add((start, end))
                found.append(Credit(matcher.kind, name, agency_type, place, written, matcher.id, Span.of(doc, start, end)))
    found.sort(key=lambda credit: (credit.span.start, credit.span.end))
    return found
