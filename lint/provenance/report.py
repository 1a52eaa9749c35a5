"""Everything ``wirelint provenance`` says about one file, gathered in one record."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..document import Document
from ..prefilter import Evidence, screen
from .credits import Credit, find_credits
from .identifiers import Identifier, find_identifiers
from .outlets import Outlet, find_outlets
from .verdict import TEXT_CREDITS, Verdict, credits_text, decide, has_text_credit
from .vocab import Matcher, Vocabulary, load_vocabulary


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


_ANY_NAME = "(?s:.+)"  # stands for the agency names in a pattern's evidence: any name is some text


@dataclass(eq=False)
class _Screened:
    """A vocabulary pattern as the prefilter (``lint.prefilter.screen``) sees a rule: its own
    regex, with the long alternation of agency names (``names``) read as any text, is its
    evidence (quick to derive, and the rest of the pattern is what rules a text out); its
    examples check the rewrite. Not frozen: the prefilter keeps the derived pattern on it."""

    matcher: Matcher
    names: str

    @property
    def kind(self) -> "_Screened":
        return self

    @property
    def matches(self) -> tuple:
        return self.matcher.matches

    def evidence(self) -> Evidence:
        pattern = self.matcher.regex.pattern.replace(self.names, _ANY_NAME) if self.names else self.matcher.regex.pattern
        return Evidence(regexes=((pattern, self.matcher.regex.flags, "regex"),))


@lru_cache(maxsize=8)
def _credit_matchers(vocabulary: Vocabulary) -> tuple[tuple[_Screened, ...], tuple[_Screened, ...], tuple[Matcher, ...]]:
    """The matchers that can decide ``credited``: credit patterns up to the last one of a
    text kind (an earlier pattern may claim a name first, so none before it is skipped);
    the wire-evidence outlet patterns; and all outlet patterns of their roles (an outlet's
    first mention decides its evidence, so those run when a wire pattern matched)."""
    credits = vocabulary.credits
    last = max((n for n, m in enumerate(credits) if m.kind in TEXT_CREDITS), default=-1)
    wire = tuple(m for m in vocabulary.outlets if m.evidence == "wire")
    roles = {m.kind for m in wire}
    names = vocabulary.names.pattern
    return (tuple(_Screened(m, names) for m in credits[:last + 1]), tuple(_Screened(m, names) for m in wire),
            tuple(m for m in vocabulary.outlets if m.kind in roles))


def _screened(doc: Document, patterns: tuple[_Screened, ...]) -> list[Matcher]:
    """The patterns that can match in ``doc``, in order: one RE2 pass over the text rules
    out the others (a pattern that cannot match claims no name, so the result is the same)."""
    return [item.matcher for item in screen(doc, patterns)[0]]


def is_credited(text: str | Document, vocabulary: Vocabulary | None = None) -> bool:
    """``analyze(text).credited`` without the patterns that cannot change it (photo credits,
    aggregators, identifiers, publisher patterns when no feed note is there, and those the
    prefilter rules out), for reuse checks over many files; ``text`` may be a Document."""
    vocabulary = vocabulary or load_vocabulary()
    credits, wire, outlets = _credit_matchers(vocabulary)
    doc = text if isinstance(text, Document) else Document(text)
    if any(credits_text(c) for c in find_credits(doc, vocabulary, _screened(doc, credits))):
        return True
    if not find_outlets(doc, vocabulary, _screened(doc, wire)):
        return False
    return any(o.evidence == "wire" for o in find_outlets(doc, vocabulary, outlets))
