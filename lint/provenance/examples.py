"""Running each vocabulary pattern on its own examples, so a pattern that drifts fails loudly."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..document import Document
from ..errors import WirelintError
from .credits import find_credits
from .identifiers import find_identifiers
from .outlets import find_outlets

if TYPE_CHECKING:  # only for annotations: vocab runs these modules on its examples
    from .vocab import Matcher, Vocabulary


def _report(vocabulary: Vocabulary, matcher: Matcher, text: str) -> dict | None:
    """What the pattern alone reports for text: the keys examples can state, or None."""
    doc = Document(text)
    if matcher.family == "credit":
        credits = find_credits(doc, vocabulary, [matcher])
        return {"names": [c.name for c in credits], "place": credits[0].place} if credits else None
    if matcher.family == "outlet":
        outlets = find_outlets(doc, vocabulary, [matcher])
        return {"name": outlets[0].name} if outlets else None
    identifiers = find_identifiers(doc, vocabulary, [matcher])
    return {"value": identifiers[0].value} if identifiers else None


def check_examples(vocabulary: Vocabulary) -> None:
    """Raise WirelintError unless every pattern reports what its examples say."""
    for matcher in (*vocabulary.credits, *vocabulary.outlets, *vocabulary.identifiers):
        where = f"{matcher.source}: {matcher.family} pattern '{matcher.id}'"
        for example in matcher.matches:
            got = _report(vocabulary, matcher, example.text)
            if got is None:
                raise WirelintError(f"{where}: 'match' example does not match: {example.text!r}")
            for key, expected in example.expect.items():
                if got[key] != expected:
                    raise WirelintError(f"{where}: {example.text!r} gives {key} {got[key]!r}, the example says {expected!r}")
        for text in matcher.non_matches:
            if _report(vocabulary, matcher, text) is not None:
                raise WirelintError(f"{where}: 'no_match' example matches: {text!r}")
