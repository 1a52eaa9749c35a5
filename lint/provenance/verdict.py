"""One word for where a text comes from, with the evidence that decided it.

``aggregated`` (an aggregator's residue) outranks ``wire`` (the text credits an agency
as its source), which outranks ``original`` (the publisher's own: an agency only
contributed, or the dateline names no agency); with none of these the verdict is
``unknown``. Photo credits never decide: they credit pictures, not words.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .credits import Credit
from .identifiers import Identifier
from .outlets import Outlet

TEXT_CREDITS = ("wire", "contributor", "dateline")  # the credit kinds that can credit the words


@dataclass(frozen=True, slots=True)
class Verdict:
    word: str
    reasons: tuple[str, ...]


def credits_text(credit: Credit) -> bool:
    """Whether a credit names who wrote the words (not a photo, not a place-only dateline)."""
    return credit.kind in ("wire", "contributor") or (credit.kind == "dateline" and credit.name is not None)


def has_text_credit(credits: Sequence[Credit], outlets: Sequence[Outlet]) -> bool:
    """A credit line for the text itself: what reused text must have to be fine."""
    return any(credits_text(c) for c in credits) or any(o.evidence == "wire" for o in outlets)


def _names(items: Sequence[Credit]) -> str:
    return ", ".join(dict.fromkeys(c.name for c in items if c.name))


def decide(credits: Sequence[Credit], outlets: Sequence[Outlet], identifiers: Sequence[Identifier] = ()) -> Verdict:
    """The verdict and its reasons, strongest evidence first; each reason names its line."""
    aggregators = [o for o in outlets if o.evidence == "aggregated"]
    feeds = [o for o in outlets if o.evidence == "wire"]
    wire = [c for c in credits if c.kind == "wire" or (c.kind == "dateline" and c.name)]
    contributors = [c for c in credits if c.kind == "contributor"]
    staff = [c for c in credits if c.kind == "dateline" and not c.name]
    photos = [c for c in credits if c.kind == "photo"]
    publishers = [o for o in outlets if o.role == "publisher" and o.evidence == "none"]

    reasons = [f"aggregator {o.name} named in its residue (line {o.span.line})" for o in aggregators]
    for credit in wire:
        if credit.kind == "dateline":
            reasons.append(f"dateline {credit.place} credits {credit.name} (line {credit.span.line})")
        else:
            reasons.append(f"text credited to {credit.name} (line {credit.span.line})")
    reasons += [f"{o.name} ran it from a syndicated feed (line {o.span.line})" for o in feeds]
    reasons += [f"{c.name} only contributed to the report (line {c.span.line})" for c in contributors]
    reasons += [f"dateline {c.place} names no agency (line {c.span.line})" for c in staff]
    if aggregators:
        word = "aggregated"
    elif wire or feeds:
        word = "wire"
    elif contributors or staff:
        word = "original"
    else:
        word = "unknown"
        reasons.append("no credit line for the text")
        if photos:
            reasons.append(f"photo credits ({_names(photos)}) credit pictures only")
        if identifiers:
            reasons.append(f"{identifiers[0].kind} {identifiers[0].value} identifies the item, not its source (line {identifiers[0].span.line})")
    reasons += [f"published by {o.name} (line {o.span.line})" for o in publishers]
    return Verdict(word, tuple(reasons))
