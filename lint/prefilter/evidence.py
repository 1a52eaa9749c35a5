"""What a rule needs to find in a document before it can match there.

A kind declares its evidence from its own fields; the prefilter turns every rule's
evidence into one multi-pattern pass per document. The promise a kind makes: if the rule
has a hit in a document, at least one of the alternatives below is present in it. Any
alternative may be over-broad (that only costs time); none may be missing.
"""
from __future__ import annotations

from ..structs import dataclass


@dataclass(frozen=True, slots=True)
class Evidence:
    """Alternatives, any one of which a document must contain for the rule to hit.

    ``regexes``: (source, flags, engine) triples; the regex matches somewhere in the text.
    ``lines``: ``fold_line`` keys; some line of the text folds to one of them.
    ``literals``: casefolded substrings of ``Document.casefolded``.
    """

    regexes: tuple[tuple[str, int, str], ...] = ()
    lines: tuple[str, ...] = ()
    literals: tuple[str, ...] = ()
