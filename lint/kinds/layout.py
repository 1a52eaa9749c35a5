"""Where the article's body core lies, from shallow line features, and the chrome around it."""
from __future__ import annotations

from ..structs import dataclass
from typing import Iterator

from ..document import Document, casefold_text, fold_line
from .base import Field, Hit
from .programs import compile_regex

# Stripped from both ends of a whitespace-separated token to leave the word.
_PUNCTUATION = "\"'“”‘’«»()[]{}<>.,;:!?…*|/\\—–-_#+=~^`"
# Closing quotes and brackets after a sentence's last punctuation mark.
_CLOSERS = "\"'”’»)]*」』）】"
_SENTENCE_END = frozenset(".!?…。！？．")  # full-width marks end Chinese and Japanese sentences
_CHUNK_LINES = 4096  # long lines whose words are gathered at once

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?"
# A line that is nothing but a date, a time or a relative age ("2 days ago"), with the
# labels templates print before them ("Updated:", "Published on").
_DATE_LINE = compile_regex(
    rf"""(?ix)^
    (?:(?:last\s+)?(?:updated|published|posted|modified|first\s+published|date)(?:\s+on)?\s*[:|\-–—]?\s*)?
    (?:
      (?:{_WEEKDAY},?\s+)?
      (?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{2,4}} | {_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})? | \d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}})
      (?:,?\s*(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{{2,4}})?)?
    | \d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{{2,4}})?(?:,?\s+(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}))?
    | \d+\s+(?:second|minute|min|hour|hr|day|week|month|year)s?\s+ago
    )\s*$""",
)
# A date or a clock time anywhere in a line ("Nov. 19, 2019", "2019-04-10", "9:02 AM").
_DATED = compile_regex(
    rf"""(?ix)(?<!\w)(?:
      \d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}} | {_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}
    | \d{{4}}-\d{{2}}-\d{{2}} | \d{{1,2}}/\d{{1,2}}/\d{{2,4}}
    | \d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?|gmt|utc|[ecmp][sd]t|et)
    | \d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago
    )(?!\w)"""
)
_HANDLE_LINE = compile_regex(r"^@[\w.]{2,30}$")
_EMAIL_LINE = compile_regex(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_URL_LINE = compile_regex(r"(?i)^(?:https?://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co\.uk|io)(?:/\S*)?$")


# A date line naming a day and no year, clock time or age ("Thursday, September 19"):
# inside a body this is a diary's or a live blog's heading, not a template's time stamp.
_STAMPED = compile_regex(r"(?i)\d{4}|\d[:.]\d{2}|\bago\b")

_LIST_ITEM = compile_regex(r"^\s*(?:[-•*·–]\s|\d{1,2}[.)]\s)")


# "Average monthly price: $9.40": a label of two or more words, then a figure.
_FIGURE_ROW = compile_regex(r"^\s*(\p{Lu}[^:\n]*?\s[^:\n]+):\s*\S*\d")


def _figure_row(line: str, shape: "LineShape") -> bool:
    """A table row of the article: a "label: figure" line whose label is in sentence
    case, with lower-case content words after its first word, unlike a template's
    Title Case counters ("Total Voters: 4,145", "Phone: ...")."""
    found = _FIGURE_ROW.match(line)
    if found is None:
        return False
    rest = found.group(1).split()[1:]
    return bool(rest) and all(word[:1].islower() for word in rest) and any(
        words_of(word) and words_of(word)[0] in shape.content for word in rest
    )


def words_of(line: str) -> list[str]:
    """The line's words, casefolded, punctuation stripped from their ends ("it’s" is "it's")."""
    folded = (token.strip(_PUNCTUATION).casefold() for token in line.split())
    return [word.replace("’", "'") for word in folded if word]


@dataclass(frozen=True, slots=True)
class LineShape:
    """What a short line looks like: the features that tell template chrome from body."""

    words: int
    stops: int
    sentence_end: bool
    special: bool  # nothing but a date, a time, a handle, an e-mail address or a URL
    dated: bool  # holds a date or a clock time somewhere
    content: frozenset[str]  # its words that are not stop words


def line_shape(line: str, stopwords: frozenset[str]) -> LineShape:
    """The shape of one line; computed only for the short lines a rule asks about."""
    text = line.strip()
    words = words_of(text)
    stops = sum(1 for word in words if word in stopwords)
    special = len(text) <= 80 and bool(
        _DATE_LINE.match(text) or _HANDLE_LINE.match(text) or _EMAIL_LINE.match(text) or _URL_LINE.match(text)
    )
    return LineShape(
        len(words), stops, text.rstrip(_CLOSERS)[-1:] in _SENTENCE_END, special,
        len(text) <= 200 and bool(_DATED.search(text)), frozenset(word for word in words if word not in stopwords),
    )


@dataclass(frozen=True, slots=True)
class CoreSettings:
    """What makes a line long and prose, and how the prose lines of one core lie together."""

    stopwords: frozenset[str]
    long_words: int
    core_stop_share: float
    core_min_lines: int
    core_gap: int


def _label(text: str) -> str | None:
    """The ``Label:`` a line starts with ("Q:", "Pro tip:"), casefolded, if it has one."""
    head, colon, _ = text.partition(":")
    return head.casefold() + ":" if colon and 0 < len(head.split()) <= 3 else None


class PageLayout:
    """A document's body core, found from its lines' word and stop-word counts.

    ``core`` holds the positions (into ``indices``, the non-blank lines) of the core's
    first and last line, or is None. ``vocabulary`` is every content word of the core's
    long lines; ``templates`` the folded lines and ``Label:`` prefixes inside the core.
    Short lines' shapes are computed when a rule first asks for them.
    """

    __slots__ = ("lines", "settings", "indices", "core", "_long_lines", "_long_set", "_templates", "_vocabulary",
                 "_shapes")

    def __init__(self, doc: Document, settings: CoreSettings) -> None:
        self.lines, self.settings = doc.lines, settings
        self.indices = doc.nonblank
        self.core, self._long_lines = _find_core(doc.lines, self.indices, settings)
        self._long_set: frozenset[int] | None = None
        self._templates: frozenset[str] | None = None
        self._vocabulary: frozenset[str] | None = None
        self._shapes: dict[int, LineShape] = {}

    @property
    def long_positions(self) -> frozenset[int]:
        """The positions of the long lines (``long_words`` tokens or more; casefolding, which
        they were counted after, neither makes nor removes whitespace)."""
        if self._long_set is None:
            self._long_set = frozenset(self._long_lines)
        return self._long_set

    @property
    def templates(self) -> frozenset[str]:
        """Folded short lines and ``Label:`` prefixes of the core, gathered on first use.

        Only a short line can repeat a short line, so long lines are never folded.
        """
        if self._templates is None:
            found: set[str] = set()
            if self.core is not None:
                lines = self.lines
                for position in range(self.core[0], self.core[1] + 1):
                    index = self.indices[position]
                    if len(lines[index]) <= 200:
                        found.add(fold_line(lines[index]))
                    label = _label(lines[index][:40].strip())
                    if label:
                        found.add(label)
            self._templates = frozenset(found)
        return self._templates

    @property
    def vocabulary(self) -> frozenset[str]:
        """Content words of the core's long lines, gathered the first time a rule asks."""
        if self._vocabulary is None:
            words: set[str] = set()
            if self.core is not None:
                first, last = self.core
                lines, indices = self.lines, self.indices
                chosen = [indices[p] for p in self._long_lines if first <= p <= last]
                # words_of on every line, but each distinct token stripped once: casefolding
                # neither makes nor removes spaces or punctuation, so folding first is the same.
                # A few thousand lines at a time: a 50 MB text is never one list of its words.
                tokens: set[str] = set()
                for begin in range(0, len(chosen), _CHUNK_LINES):
                    text = "\n".join(lines[index] for index in chosen[begin : begin + _CHUNK_LINES])
                    tokens.update(casefold_text(text).split())
                words = {token.strip(_PUNCTUATION).replace("’", "'") for token in tokens}
                words.discard("")
            self._vocabulary = frozenset(words - self.settings.stopwords)
        return self._vocabulary

    def shape(self, position: int) -> LineShape:
        found = self._shapes.get(position)
        if found is None:
            line = self.lines[self.indices[position]]
            found = self._shapes[position] = line_shape(line, self.settings.stopwords)
        return found


def _find_core(lines: list[str], indices: list[int], settings: CoreSettings) -> tuple[tuple[int, int] | None, list[int]]:
    """The core's first and last position, and the positions of all long lines.

    One pass: prose long lines (``long_words`` words, ``core_stop_share`` stop words) at
    most ``core_gap`` lines apart form a run; the run holding the most words starts the
    core, and the core ends at the last long line, since a body often runs on past its
    prose into lists and tables of long lines. Words here are whitespace tokens, counted
    in C (``map``): this pass sees every line of every document.
    """
    is_stop, long_words = settings.stopwords.__contains__, settings.long_words
    long_lines: list[int] = []
    best: tuple[int, int] | None = None
    best_mass = mass = count = 0
    run_first = run_last = -1
    for position, index in enumerate(indices):
        line = lines[index]
        if line.count(" ") + 1 < long_words:  # too few tokens: skip the split
            continue
        tokens = line.casefold().split()
        words = len(tokens)
        if words < long_words:
            continue
        long_lines.append(position)
        if sum(map(is_stop, tokens)) < settings.core_stop_share * words:
            continue
        if run_last >= 0 and position - run_last - 1 <= settings.core_gap:
            run_last, mass, count = position, mass + words, count + 1
        else:
            run_first = run_last = position
            mass, count = words, 1
        if count >= settings.core_min_lines and mass > best_mass:
            best, best_mass = (run_first, run_last), mass
    if best is None:
        return None, long_lines
    return (best[0], max(best[1], long_lines[-1])), long_lines


def analyse(doc: Document, settings: CoreSettings) -> PageLayout:
    """The document's layout, computed once and shared by every rule with these settings."""
    key = ("layout", settings)
    found = doc.cache.get(key)
    if found is None:
        found = doc.cache[key] = PageLayout(doc, settings)
    return found


_REGIONS = ("header", "footer", "inside")
_REPORTS = ("shapes", "short")


class Layout:
    """Template chrome around and inside the article's body core, found from the text's shape.

    The body core (see ``PageLayout``) is found from word and stop-word counts in one
    pass. ``region`` chooses the lines before the core (``header``), after it
    (``footer``) or between its first and last line (``inside``). ``report: shapes``
    reports lines that are nothing but a date, time, handle, e-mail address or URL;
    ``report: short`` adds short lines (at most ``max_words`` words) that are not prose,
    not list items, not within ``margin`` lines of the core, share at most
    ``max_shared`` of their content words with the core's long lines and repeat no line
    or ``Label:`` of the core. With ``needs_date`` a header's lines are reported only if
    the header holds a date line, the mark of a template's masthead. A line that a rule
    named in ``keep`` matches on its own (an author line: provenance, kept in the text)
    is left alone.
    """

    FIELDS = {
        "region": Field((str,), required=True, doc="'header', 'footer' or 'inside': where the reported lines are"),
        "report": Field((str,), default="short", doc="'shapes' (dates, times, handles, addresses, URLs) or 'short' (also short chrome lines)"),
        "stopwords": Field((list,), required=True, item=str, doc="the language's function words"),
        "long_words": Field((int,), default=12, doc="a line with at least this many words is long"),
        "core_stop_share": Field((float, int), default=0.25, doc="share of stop words that makes a long line prose"),
        "core_min_lines": Field((int,), default=2, doc="prose long lines a run needs to be a body core"),
        "core_gap": Field((int,), default=8, doc="most other lines between two prose long lines of one run"),
        "max_words": Field((int,), default=8, doc="longest line reported as short chrome"),
        "prose_stop_share": Field((float, int), default=0.2, doc="a short line ending a sentence with this share of stop words is prose"),
        "prose_min_words": Field((int,), default=4, doc="fewest words of a short line that counts as prose"),
        "max_shared": Field((float, int), default=0.5, doc="largest share of a line's content words also in the core"),
        "margin": Field((int,), default=1, doc="lines next to the core reported only when shaped as a date, handle ..."),
        "needs_date": Field((bool,), default=False, doc="report only when the region holds a date line"),
        "keep": Field((list,), default=[], item=str, doc="ids of rules whose lines are never reported (provenance kept in the text)"),
        "keep_sentences": Field((bool,), default=False, doc="never report a line ending as a sentence or with a comma"),
        "keep_figures": Field((bool,), default=False, doc="never report a sentence-case 'label: figure' line (a table row)"),
        "headline_words": Field((int,), default=0, doc="a line of at least this many words with a stop word is kept as a headline (0: off)"),
    }
    FIX_ACTIONS = ("remove-lines",)

    def __init__(self, spec: dict) -> None:
        self.region = spec["region"]
        if self.region not in _REGIONS:
            raise ValueError("field 'region' must be 'header', 'footer' or 'inside'")
        self.report = spec["report"]
        if self.report not in _REPORTS:
            raise ValueError("field 'report' must be 'shapes' or 'short'")
        folded = [word.casefold().replace("’", "'") for word in spec["stopwords"]]
        stopwords = frozenset(folded + [word.replace("'", "’") for word in folded])  # both apostrophes
        if not stopwords:
            raise ValueError("field 'stopwords' is empty")
        for name in ("long_words", "core_min_lines", "max_words", "prose_min_words"):
            if spec[name] < 1:
                raise ValueError(f"field {name!r} must be at least 1")
        for name in ("core_gap", "margin"):
            if spec[name] < 0:
                raise ValueError(f"field {name!r} must not be negative")
        for name in ("core_stop_share", "prose_stop_share", "max_shared"):
            if not 0.0 <= spec[name] <= 1.0:
                raise ValueError(f"field {name!r} must be between 0 and 1")
        self.settings = CoreSettings(
            stopwords, spec["long_words"], float(spec["core_stop_share"]), spec["core_min_lines"], spec["core_gap"]
        )
        self.max_words, self.margin, self.needs_date = spec["max_words"], spec["margin"], spec["needs_date"]
        self.prose_stop_share, self.prose_min_words = float(spec["prose_stop_share"]), spec["prose_min_words"]
        self.max_shared = float(spec["max_shared"])
        self.keep_ids = tuple(spec["keep"])
        self.keep: tuple = ()
        self.keep_sentences, self.keep_figures = spec["keep_sentences"], spec["keep_figures"]
        self.headline_words = spec["headline_words"]
        if self.headline_words < 0:
            raise ValueError("field 'headline_words' must not be negative")

    def bind(self, rules: dict) -> None:
        """Resolve the ``keep`` rules once every pack is loaded."""
        for rule_id in self.keep_ids:
            rule = rules.get(rule_id)
            if rule is None:
                raise ValueError(f"field 'keep' names unknown rule {rule_id!r}")
            if isinstance(rule.kind, Layout):
                raise ValueError("field 'keep' must name rules of other kinds")
        self.keep = tuple(rules[rule_id] for rule_id in self.keep_ids)

    def find(self, doc: Document, start: int, end: int) -> Iterator[Hit]:
        layout = analyse(doc, self.settings)
        if layout.core is None:
            return
        first, last = layout.core
        if self.region == "header":
            positions = range(0, first)
        elif self.region == "footer":
            positions = range(last + 1, len(layout.indices))
        else:
            positions = range(first + 1, last)
        # A long line is never short when short means fewer words than long: skip its split.
        long = layout.long_positions if self.max_words < self.settings.long_words else frozenset()
        candidates = [p for p in positions if p not in long and self._is_short(doc, layout.indices[p])]
        if not candidates or (self.needs_date and not any(self._dated(layout.shape(p)) for p in candidates)):
            return
        for position in candidates:
            index = layout.indices[position]
            begin = doc.line_starts[index]
            if start <= begin < end and self._reported(doc, layout, position) and not self._kept(doc.lines[index]):
                line = doc.lines[index]
                yield Hit(begin + len(line) - len(line.lstrip()), begin + len(line.rstrip()))

    def _kept(self, line: str) -> bool:
        """Whether a ``keep`` rule matches the line, judged on the line alone.

        Only lines about to be reported are tried, so a keep rule never scans the whole
        document (nor spends its regex budget on a 50 MB text) on this kind's behalf.
        """
        if not self.keep:
            return False
        alone = Document(line.strip())
        return any(list(rule.kind.find(alone, 0, len(alone.text))) for rule in self.keep)

    def _is_short(self, doc: Document, index: int) -> bool:
        """A cheap bound before any shape is computed: at most ``max_words`` tokens."""
        return doc.lines[index].count(" ") < 4 * self.max_words and len(doc.lines[index].split()) <= self.max_words

    def _dated(self, shape: LineShape) -> bool:
        return shape.special or shape.dated

    def _reported(self, doc: Document, layout: PageLayout, position: int) -> bool:
        shape = layout.shape(position)
        if shape.words == 0 or self._prose(shape):
            return False
        index = layout.indices[position]
        line = doc.lines[index]
        if self.keep_sentences and line.rstrip().rstrip(_CLOSERS)[-1:] in _SENTENCE_END | {",", "，", "、"}:
            return False
        if self.headline_words and shape.words >= self.headline_words and self._headline(shape, line):
            return False
        if self.keep_figures and _figure_row(line, shape):
            return False
        if shape.special:
            return not (self.region == "inside" and _DATE_LINE.match(line.strip()) and not _STAMPED.search(line))
        if self.report == "shapes":
            return False
        first, last = layout.core  # type: ignore[misc]
        if first - self.margin <= position <= last + self.margin:
            return False
        if _LIST_ITEM.match(line) or doc.folded(index) in layout.templates:
            return False
        label = _label(line.strip())
        if label and label in layout.templates:
            return False
        return not shape.content or len(shape.content & layout.vocabulary) <= self.max_shared * len(shape.content)

    def _headline(self, shape: LineShape, line: str) -> bool:
        """A sentence-case headline: a stop word, no date, and at least three lower-case
        content words ("Drought forces canal to limit ship sizes"); menus and bylines are
        capitalised names and labels ("Scores Fixtures Tables More", "Story by NAME")."""
        if not shape.stops or shape.dated:
            return False
        lower = sum(1 for word in line.split() if word[:1].islower() and words_of(word) and words_of(word)[0] in shape.content)
        return lower >= 3

    def _prose(self, shape: LineShape) -> bool:
        return (
            shape.sentence_end
            and shape.words >= self.prose_min_words
            and shape.stops >= self.prose_stop_share * shape.words
        )
