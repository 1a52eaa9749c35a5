"""Everything ``wirelint provenance`` says about one file, gathered in one record."""
from __future__ import annotations

from dataclasses import dataclass

from ..document import Document
from .credits import Credit, find_credits
from .identifiers import Identifier, find_identifiers
from .outlets import Outlet, find_outlets
from .verdict import Verdict, decide, has_text_credit
from .vocab import Vocabulary, load_vocabulary


@dataclass(frozen=True, slots=True)
class FileReport:
    path: str
    verdict: Verdict
    credits: tuple[Credit, ...]
    outlets: tuple[Outlet, ...]
    identifiers: tuple[Identifier, ...]

    @property
    def credited(self) -> bool:
        """Whether the text has a credit line for its words (see ``has_text_credit``)."""
        return has_text_credit(self.credits, self.outlets)


def analyze(text: str, path: str = "-", vocabulary: Vocabulary | None = None) -> FileReport:
    """The provenance report of a text whose newlines are ``\\n``."""
    vocabulary = vocabulary or load_vocabulary()
    doc = Document(text)
    credits = tuple(find_credits(doc, vocabulary))
    outlets = tuple(find_outlets(doc, vocabulary))
    identifiers = tuple(find_identifiers(doc, vocabulary))
    return FileReport(path, decide(credits, outlets, identifiers), credits, outlets, identifiers)
