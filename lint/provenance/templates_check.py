"""The template pass of ``wirelint check``: learn the batch's template lines (or read a
saved file) and flag them through the rule engine, so ``--select``/``--ignore``,
per-file ignores, severity overrides, baselines and ``--fix --unsafe-fixes`` treat
``residue/template-line`` as any other rule.

Learning is one pass over the batch after the reuse clusters are known: each file (or
JSONL record) is read once more and its lines counted by distinct article, the copies of
one story as one. A file's source comes from ``Settings.template_source`` (its folder, a
pattern in its path, or none); a record's from ``--source-key``.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator, Sequence

from ..document import Document
from ..engine import Rule, check_document
from ..errors import WirelintError
from ..finding import Finding
from ..heap import release
from ..kinds import Hit
from .templates import RULE, TemplateCounter, Templates, TemplateSettings, normalised_keys

MESSAGE = "line a source's template prints"
DESCRIPTION = ("A short line found on many different articles of one source (or of the whole batch): "
               "a newsletter box, footer, share row or copyright line of the partner's page template. "
               "Learned from the checked batch (copies of one story count once) or read from a saved "
               "templates file (`--templates FILE`). The fix deletes the line and is unsafe: a learned "
               "line is a strong guess, not a certainty.")


_CHUNK_LINES = 4096  # lines whose keys are made at once


class TemplateLines:
    """A rule kind with no pack fields: the lines of ``templates`` frequent in ``source``'s group (else the batch's)."""

    FIELDS: dict = {}
    FIX_ACTIONS = ("remove-lines",)

    def __init__(self, templates: Templates, source: str | None = None) -> None:
        self.templates, self.source = templates, source

    def find(self, doc: Document, start: int, end: int) -> Iterator[Hit]:
        lines = doc.lines_in(start, end)
        for first in range(lines.start, lines.stop, _CHUNK_LINES):  # a 50 MB text's keys are never all held
            chunk = range(first, min(first + _CHUNK_LINES, lines.stop))
            for index, key in zip(chunk, normalised_keys(doc.lines[chunk.start : chunk.stop])):
                count = self.templates.match_key(key, self.source)
                if count is not None:
                    yield Hit(doc.line_starts[index], doc.line_end(index), detail=f"seen on {count} different articles")


def template_rule(templates: Templates, source: str | None = None, severity: str = "warning") -> Rule:
    """``residue/template-line`` as an engine rule for the files of ``source``."""
    return Rule(id=RULE, kind_name="templates", kind=TemplateLines(templates, source), severity=severity,
                message=MESSAGE, description=DESCRIPTION, fix_action="remove-lines", fix_applicability="unsafe",
                source="learned template lines")


def template_findings(path: str, text: str, templates: Templates, source: str | None = None) -> list[Finding]:
    """``residue/template-line`` warnings for ``text``'s template lines (the fix deletes the line; unsafe)."""
    return check_document(Document(text), [template_rule(templates, source)], path)


@dataclass(frozen=True, slots=True)
class PathSource:
    """How a file's source is named from its path under ``template-source`` (see
    ``config.check_template_source``): its folder relative to ``root``, a pattern's first
    group (else its match) in that relative path, or no source. A plain value, so it
    pickles to worker processes."""

    setting: str
    root: str

    def __call__(self, path: str) -> str | None:
        from ..config import PATTERN_PREFIX, normalised

        if self.setting == "none":
            return None
        if self.setting == "folder":
            return normalised(os.path.dirname(os.path.abspath(path)), self.root)
        pattern = _compiled(self.setting[len(PATTERN_PREFIX):])
        found = pattern.search(normalised(path, self.root))
        if found is None:
            return None
        return (found.group(1) if pattern.groups else found.group(0)) or None


@lru_cache(maxsize=8)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def path_source(setting: str, root: str) -> Callable[[str], str | None]:
    """The source namer of ``template-source`` ``setting``, paths taken from ``root``."""
    return PathSource(setting, root)


class TemplateRules:
    """The template rule of a run, for each path it checks.

    It is one Rule object for every path: the engine's prefilter keeps one plan per
    distinct list of rules, and a rule per source would build one per source (each a few
    MB and a compile). Asking for a path's rule points its kind at that path's source,
    which the runner does right before it checks the path (``Selection.rules_for``); the
    lines flagged do not depend on the source (a line frequent in a source is frequent in
    the batch), only the count the message names does.
    """

    def __init__(self, templates: Templates, source_of: Callable[[str], str | None], severity: str = "warning") -> None:
        self.templates, self.source_of = templates, source_of
        self.rule = template_rule(templates, None, severity)

    def rule_for(self, path: str) -> Rule | None:
        """The rule, pointed at ``path``'s source; None when there are no template lines at all."""
        return self.rule_for_source(self.source_of(path)) if self.templates.lines else None

    def rule_for_source(self, source: str | None) -> Rule | None:
        """The rule, pointed at ``source`` (a JSONL record's, say); None when there are no template lines."""
        if not self.templates.lines:
            return None
        self.rule.kind.source = source
        return self.rule


def read_saved(path: str) -> Templates:
    """A saved templates file; a missing, unreadable, corrupt or foreign file is one error line naming it."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise WirelintError(f"{path}: no such templates file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WirelintError(f"{path}: cannot read the templates file ({getattr(exc, 'strerror', None) or exc})") from None
    return Templates.from_json(text, path)


def learn_files(paths: Sequence[str], source_of: Callable[[str], str | None],
                settings: TemplateSettings | None = None, errors: list[str] | None = None,
                reuse=None) -> tuple[Templates, int]:
    """(template lines of the article files ``paths``, number of stories with copies among
    them, each counted once: ``stories.articles``). A file
    that cannot be read is left out (its problem goes to ``errors`` when given).
    ``reuse``, a ``ReuseResult`` of these files the run has found already, saves a pass."""
    from .reuse import Source, find_reuse, text_loader
    from .stories import articles

    files = [path for path in paths if path != "-"]
    result = reuse
    if result is None:
        result = find_reuse([Source(path, text_loader(path)) for path in files], places=False)
        if errors is not None:
            errors.extend(result.errors)
    article = articles(result.clusters, result.pairs)
    clusters = len(set(article.values()))
    del result  # the pairs and clusters are not needed while counting
    release()
    counter = TemplateCounter(settings)
    for path in files:
        try:
            text = text_loader(path)()
        except WirelintError:
            continue  # reported by the reuse pass (or by the check)
        counter.add(text.split("\n"), article.get(path, path), source_of(path))
    return counter.frequent(), clusters


def learn_jsonl(paths: Sequence[str], keys, source_key: str | None,
                settings: TemplateSettings | None = None) -> tuple[Templates, dict[str, str]]:
    """(template lines of the records of the JSONL files ``paths``, each record's source
    by its ``path#id``). Records are read again from their offsets when the reuse pass
    needs them, never all held; a record that is not usable is the check's to report."""
    from ..jsonl import read_record_at, read_records, record_id, record_source, record_text
    from .reuse import Source, find_reuse
    from .stories import articles

    def loader(path: str, number: int, offset: int, length: int) -> Callable[[], str]:
        return lambda: record_text(read_record_at(path, number, offset, length, keys), keys)

    sources, found = {}, []
    for path in paths:
        for line in read_records(path, keys):
            if line.record is None:
                continue
            shown = f"{path}#{record_id(line.record, line.number, keys)}"
            found.append(Source(shown, loader(path, line.number, line.offset, len(line.raw))))
            source = record_source(line.record, source_key)
            if source is not None:
                sources[shown] = source
    result = find_reuse(found, places=False)
    article = articles(result.clusters, result.pairs)
    del found, result
    release()
    counter = TemplateCounter(settings)
    for path in paths:
        for line in read_records(path, keys):
            if line.record is not None:
                shown = f"{path}#{record_id(line.record, line.number, keys)}"
                counter.add(record_text(line.record, keys).split("\n"), article.get(shown, shown), sources.get(shown))
    return counter.frequent(), sources
