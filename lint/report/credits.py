"""Who each text credits, read with ``wirelint provenance``'s analysis (credits, outlets).

Gives the page three things: whether a file credits its text (for the clusters' colours),
the agencies credited across the batch, and a source name for a file when the batch
is one folder (the publisher or aggregator its residue names, else the agency credited).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from .model import Agency

KINDS = {"wire": "wire service", "photo": "photo agency", "outlet": "outlet"}


@dataclass(frozen=True, slots=True)
class Credits:
    """One text's provenance, as the page uses it."""

    credited: bool
    agencies: tuple[tuple[str, str], ...]
    named_source: str | None


def read_credits(text: str, path: str = "-") -> Credits:
    """The credits of one text (newlines ``\\n``)."""
    from ..provenance.report import analyze

    report = analyze(text, path)
    agencies = tuple(dict.fromkeys(
        (credit.name, KINDS.get(credit.agency_type or "", credit.kind))
        for credit in report.credits if credit.name
    ))
    outlets = [outlet.name for outlet in report.outlets]
    wire = [name for name, kind in agencies if kind != "photo agency"]
    return Credits(report.credited, agencies, (outlets or wire or [None])[0])


def agencies_of(all_credits: Iterable[Credits]) -> tuple[Agency, ...]:
    """Each agency credited, with how many files credit it, most credited first."""
    counts: Counter = Counter()
    for credits in all_credits:
        counts.update(set(credits.agencies))
    return tuple(Agency(name, kind, n) for (name, kind), n in sorted(counts.items(), key=lambda i: (-i[1], i[0][0])))
