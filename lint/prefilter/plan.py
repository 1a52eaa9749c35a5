"""One multi-pattern pass per document that tells which rules can match it.

Every rule's evidence (``evidence.Evidence``) becomes one RE2 pattern over the raw text;
all of them go in one ``re2.Set``, searched once per document.
A rule whose evidence is absent from a document cannot hit there, so it is not run, and
its hits are recorded as none (a rule anchored on it then sees none either). A rule with
no usable evidence runs on every document, as without the prefilter. Findings are the
same either way; only the time differs.

google-re2 is a dependency with wheels for the supported platforms; without it wirelint
runs every rule on every document and ``unavailable()`` says why.
"""
from __future__ import annotations

import os
from collections import Counter
from typing import Any, Iterable, Sequence

from .charsets import folded_char, folded_gap, multi_fold
from .fingerprint import tag
from .evidence import Evidence
from .translate import line_bound, rewrite

ATTRIBUTE = "prefilter_evidence"  # where a kind keeps its derived patterns (pickled with it)
_UNSET = object()
# Matches every text, once, at its end: a Set match without it means RE2 gave up (memory).
# The empty pattern would do too, but it matches at every byte, and that costs the DFA more
# than a third of the screen's time.
_SENTINEL = r"\z"
_MAX_MEM = 64 << 20
_PER_SET = 16  # patterns per RE2 set (see Plan)
THREADED_TEXT = 1 << 20  # bytes: a shorter text's sets match one after the other (see Plan.candidates)
_WARM_UP = 1  # documents checked before the prefilter is built: a one-file run never pays for it
_LARGE = 1 << 20  # ... unless that one file is this long: its per-line passes cost far more than the set
_FEWEST_RULES = 2  # one rule (as when a pack checks its examples) runs faster than a set is built


def disabled() -> bool:
    """``WIRELINT_PREFILTER=0`` turns the prefilter off (to compare, or to rule it out)."""
    return os.environ.get("WIRELINT_PREFILTER", "1").strip().lower() in ("0", "off", "no", "false")


_AVAILABLE: bool | None = None


def unavailable() -> str | None:
    """Why the prefilter is not used in this process, or None when it is."""
    global _AVAILABLE
    if disabled():
        return "the prefilter is off (WIRELINT_PREFILTER=0): every rule runs on every document"
    if _AVAILABLE is None:
        try:
            import re2  # noqa: F401
            _AVAILABLE = True
        except ImportError:
            _AVAILABLE = False
    if not _AVAILABLE:
        return ("google-re2 is not installed for this Python: every rule runs on every document "
                "(same findings, slower); pip install google-re2")
    return None


def _alternation(patterns: Iterable[str]) -> str | None:
    patterns = list(dict.fromkeys(patterns))
    if not patterns:
        return None
    return patterns[0] if len(patterns) == 1 else "|".join(f"(?:{p})" for p in patterns)


def _folded(text: str) -> str:
    """Raw text whose casefold is ``text``, for characters that fold one to one."""
    return "".join(folded_char(char) for char in text)


def _line_pattern(keys: Sequence[str]) -> str:
    """Lines that ``fold_line`` turns into one of ``keys`` (one-to-one folds only)."""
    gap = folded_gap()
    bodies = [f"{gap}+".join(_folded(word) for word in key.split(" ")) for key in keys]
    return f"(?m:^){gap}*(?:{'|'.join(bodies)}){gap}*(?m:$)"


def quiet_compile(pattern: str | bytes, max_mem: int = _MAX_MEM):
    """RE2's compiled ``pattern``, with RE2's own logging to stderr off (wirelint reports).

    ``max_mem`` bounds the program and the DFA cache it fills on long texts.
    """
    import re2

    options = re2.Options()
    options.max_mem = max_mem
    options.log_errors = False
    return re2.compile(pattern, options=options)


def _matches_empty(pattern: str) -> bool:
    return quiet_compile(pattern).search("") is not None


def derive(evidence: Evidence | None, cut: bool = False) -> str | None:
    """One RE2 pattern over the text for ``evidence``; None if an alternative has no safe rewrite.

    Casefold-based alternatives (lines, literals) follow characters that fold one to one;
    a text with a character that folds to several (ß, ﬁ) always passes them. ``cut``
    rewrites the regexes with their branches ended at a word-naming look-ahead
    (``translate.to_re2``).
    """
    return _derived(evidence, cut)[0]


def _derived(evidence: Evidence | None, cut: bool, skip: int = 0) -> tuple[str | None, bool]:
    """``derive``'s pattern, and whether it matches from where the rule's hits start: true of
    regex rewrites that start no earlier than the regex (``translate.rewrite``), never of
    literals or lines (they match inside a hit). ``skip`` goes to ``rewrite``."""
    if evidence is None:
        return None, False
    patterns = []
    starts = not (evidence.literals or evidence.lines) and bool(evidence.regexes)
    try:
        for source, flags, engine in evidence.regexes:
            found = rewrite(source, flags, engine, cut, skip)
            if found is None or _matches_empty(found[0]):
                return None, False
            patterns.append(found[0])
            starts = starts and not found[1]
        if any(not literal for literal in evidence.literals):
            return None, False  # an empty literal is always present
        patterns.extend(_folded(literal) for literal in evidence.literals)
        if evidence.lines:
            patterns.append(_line_pattern(evidence.lines))
    except (ValueError, RecursionError):
        return None, False
    except Exception as exc:  # re2.error: a rewrite RE2 will not compile (too large, say)
        if type(exc).__name__ == "error":
            return None, False
        raise
    if evidence.literals or evidence.lines:
        patterns.append(multi_fold())
    return _alternation(patterns), starts


def _examples_pass(rule: Any, pattern: str) -> bool:
    """A guard against a rewrite that lost matches: each 'match' example must show the evidence."""
    compiled = quiet_compile(pattern)
    return all(compiled.search(example.text.replace("\r\n", "\n")) for example in getattr(rule, "matches", ()))


def conjuncts(evidence: Evidence | None) -> list[tuple[str, bool]]:
    """RE2 patterns that must all match where the rule hits, each with whether its matches
    start where the rule's hits do (``locate`` needs that).

    The cut rewrite comes first (the narrower on line-wise rules: it keeps the words of
    look-aheads), then the plain one (which keeps what follows them). Each is a superset
    of the rule on its own; asking for both is narrower than either.
    """
    found: list[tuple[str, bool]] = []
    for cut in (True, False):
        pattern, starts = _derived(evidence, cut)
        if pattern is not None and all(pattern != known for known, _ in found):
            found.append((pattern, starts))
    return found


_MOST_SKIPPED = 8  # look-aheads of one pattern that each get a located rewrite of their own


def later_cuts(evidence: Evidence | None) -> list[str]:
    """Cut rewrites that end at the second, third ... word-naming look-ahead (``skip``),
    for locating lines only: a line-wise rule of several look-aheads ("a comment word",
    "a please or our", "a policy word") is then looked for only on lines holding all of
    their words, while the sets that screen documents stay as small as before."""
    plain = _derived(evidence, False)[0]
    found: list[str] = []
    for skip in range(1, _MOST_SKIPPED + 1):
        pattern, starts = _derived(evidence, True, skip)
        if pattern is None or pattern == plain or pattern in found:
            break
        if starts:
            found.append(pattern)
    return found


def _kept(kind: Any) -> tuple | None:
    found = getattr(kind, ATTRIBUTE, None)
    if isinstance(found, tuple) and len(found) == 4 and found[0] == tag():
        return found
    return None


def derived(kind: Any) -> tuple[str, ...] | None:
    """The kind's evidence patterns if derived by this code (see ``evidence_of``), else None."""
    found = _kept(kind)
    return None if found is None else (found[1] or ())


def located(kind: Any) -> tuple[str, ...]:
    """Those of the kind's evidence patterns whose matches start where its hits do (maybe none)."""
    found = _kept(kind)
    return () if found is None else found[2]


def within_lines(kind: Any) -> bool:
    """Whether the kind's one regex finds the same hits line by line as over the whole text
    (``translate.line_bound``), as derived with its evidence; False until then."""
    found = _kept(kind)
    return found is not None and found[3]


def _bound(evidence: Evidence | None) -> bool:
    if evidence is None or evidence.literals or evidence.lines or len(evidence.regexes) != 1:
        return False
    return line_bound(*evidence.regexes[0])


def evidence_of(rule: Any) -> tuple[str, ...]:
    """The rule's evidence patterns (none: it runs everywhere), derived once and kept on its
    kind, so that cached packs keep them."""
    kind = rule.kind
    found = derived(kind)
    if found is not None:
        return found
    declare = getattr(kind, "evidence", None)
    kept = [(p, starts) for p, starts in conjuncts(declare() if declare is not None else None)
            if _examples_pass(rule, p)]
    patterns = tuple(p for p, _ in kept)
    where = [p for p, starts in kept if starts]
    bound = False
    if where:
        where += [p for p in later_cuts(declare()) if _examples_pass(rule, p)]
        bound = _bound(declare())
    try:
        setattr(kind, ATTRIBUTE, (tag(), patterns or None, tuple(where), bound))
    except AttributeError:
        pass
    return patterns


def prepare(rules: Iterable[Any]) -> None:
    """Derive every rule's evidence now (before the loaded packs are cached), if RE2 is here."""
    if unavailable() is None:
        for rule in rules:
            evidence_of(rule)


class Plan:
    """The compiled sets for one list of rules, and the screening of documents against them.

    A rule with several evidence patterns (``conjuncts``) is a candidate only where all
    of them match. The patterns go in sets of at most ``_PER_SET``: RE2 runs one DFA per
    set, and the DFA of one set of a hundred patterns has so many states that it is
    slower than a few smaller ones.
    """

    def __init__(self, rules: Sequence[Any]) -> None:
        import re2

        global _BUILT
        self.rules = tuple(rules)
        self.always: list[int] = []
        self.needed: dict[int, int] = {}
        self.sets: list[tuple[Any, list[int]]] = []  # (set, owner position of each pattern index)
        for position, rule in enumerate(self.rules):
            added = [pattern for pattern in evidence_of(rule) if self._added(pattern, position, re2)]
            if not added:
                self.always.append(position)  # no evidence, or none RE2 accepts: runs always
            else:
                self.needed[position] = len(added)
        try:
            for found, _ in self.sets:
                found.Compile()
        except re2.error:
            raise ValueError("RE2 could not compile the prefilter") from None
        _BUILT = True

    def _added(self, pattern: str, position: int, re2: Any) -> bool:
        if not self.sets or len(self.sets[-1][1]) > _PER_SET:
            options = re2.Options()
            options.max_mem = _MAX_MEM
            options.log_errors = False
            fresh = re2.Set.SearchSet(options)
            fresh.Add(_SENTINEL.encode())
            self.sets.append((fresh, [-1]))
        found, owner = self.sets[-1]
        try:
            found.Add(pattern.encode("utf-8"))
        except re2.error:
            return False
        owner.append(position)
        return True

    def candidates(self, doc: Any, threads: int = 1) -> list[int] | None:
        """Positions of the rules that may hit ``doc``, in rule order; None: run them all.

        With ``threads`` above 1 the sets match a long text at once: RE2 lets go of the
        interpreter while it matches, so a 50 MB text is screened in half the time on two
        cores.
        """
        text = doc.encoded
        if text is None:  # lone surrogates: RE2 cannot read this text
            return None
        matched: Counter = Counter()
        for (_, owner), hits in zip(self.sets, self._matches(text, threads)):
            if 0 not in hits:
                return None
            matched.update(owner[i] for i in hits if i)
        needed = self.needed
        chosen = set(self.always)
        chosen.update(position for position, count in matched.items() if count == needed[position])
        return sorted(chosen)

    def _matches(self, text: bytes, threads: int) -> list:
        if threads < 2 or len(self.sets) < 2 or len(text) < THREADED_TEXT:
            return [found.Match(text) or () for found, _ in self.sets]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(min(threads, len(self.sets))) as pool:
            return list(pool.map(lambda entry: entry[0].Match(text) or (), self.sets))


_BUILT = False


def active() -> bool:
    """Whether this process uses the prefilter now (a set was built, and it is not turned off).

    Until a set is built, as in a one-file run, nothing imports RE2.
    """
    return _BUILT and not disabled()


_PLANS: dict[tuple[int, ...], Plan | None] = {}
_SEEN: dict[tuple[int, ...], int] = {}


def _plan_for(rules: Sequence[Any], size: int = 0) -> Plan | None:
    key = tuple(map(id, rules))
    plan = _PLANS.get(key, _UNSET)
    if plan is not _UNSET:
        return plan
    seen = _SEEN.get(key, 0)
    if (seen < _WARM_UP and size < _LARGE) or len(rules) < _FEWEST_RULES:
        _SEEN[key] = seen + 1
        return None
    if unavailable() is not None:
        plan = None
    else:
        try:
            plan = Plan(rules)
        except ValueError:
            plan = None  # a set RE2 will not build: run every rule, as without the prefilter
    if len(_PLANS) > 32:
        _PLANS.clear()
    _PLANS[key] = plan  # holds the rules, so their ids stay theirs
    return plan


def screen(doc: Any, rules: Iterable[Any], threads: int = 1) -> tuple[Sequence[Any], list[Any]]:
    """(rules worth running on ``doc``, rules that cannot hit it), each in the given order;
    a long text is screened by up to ``threads`` threads."""
    rules = rules if isinstance(rules, (list, tuple)) else list(rules)
    if not rules or disabled():
        return rules, []
    plan = _plan_for(rules, len(doc.text))
    if plan is None:
        return rules, []
    chosen = plan.candidates(doc, threads)
    if chosen is None or len(chosen) == len(rules):
        return rules, []
    keep = set(chosen)
    return [rules[i] for i in chosen], [rule for i, rule in enumerate(rules) if i not in keep]


def built(rules: Sequence[Any]) -> bool:
    """Whether this process has built (and so uses) the prefilter for ``rules``."""
    return isinstance(_PLANS.get(tuple(map(id, rules))), Plan)
