"""Running rules over a document and stamping their hits into findings.

Kinds only say where they match; the engine adds the rule id, severity, message,
line/column and the fix edits, so every rule reports in the same shape.
"""
from __future__ import annotations

from .structs import dataclass
from typing import Iterable, Sequence

from .document import Document
from .finding import Edit, Finding, Fix
from .kinds import Hit
from .markdown import is_markdown_path
from .prefilter import screen

TIMEOUT_RULE = "wirelint/rule-timeout"


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    fixed: str | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Rule:
    """A loaded, validated rule: its metadata and the kind instance that finds its hits."""

    id: str
    kind_name: str
    kind: object
    severity: str
    message: str
    description: str = ""
    first: int | None = None
    last: int | None = None
    fix_action: str | None = None
    fix_applicability: str | None = None
    fix_replacement: str | None = None
    matches: tuple[Example, ...] = ()
    non_matches: tuple[str, ...] = ()
    source: str = ""

    @property
    def pack(self) -> str:
        return self.id.split("/", 1)[0]

    def hits(self, doc: Document) -> list[Hit]:
        """This rule's hits on ``doc``, computed once per document (other rules may anchor on them).

        In a Markdown document, hits that would break its structure are dropped here, so
        neither findings nor fixes nor anchored rules ever see them.
        """
        key = ("hits", self.id)
        found = doc.cache.get(key)
        if found is None:
            start, end = doc.region(self.first, self.last)
            found = list(self.kind.find(doc, start, end))
            markdown = doc.markdown if found else None
            if markdown is not None:
                removes_lines = self.fix_action == "remove-lines"
                found = [hit for hit in found if markdown.allows(doc, hit, removes_lines)]
            doc.cache[key] = found
        return found

    def has_no_hits(self, doc: Document) -> None:
        """Record that this rule cannot hit ``doc`` (the prefilter found none of its evidence)."""
        doc.cache[("hits", self.id)] = []


def line_removal_span(doc: Document, first: int, last: int) -> tuple[int, int]:
    """Span that removes lines first..last so paragraphs stay one blank line apart.

    Blank lines that would be left doubled go too. At the end of the text the span runs
    to the end; ``apply_edits`` then trims the blank lines left above it and restores the
    document's final newline (or its absence).
    """
    starts = doc.line_starts
    following = next((i for i in range(last + 1, len(doc.lines)) if not doc.is_blank(i)), None)
    if following is None:
        return starts[first], len(doc.text)
    if first == 0 or doc.is_blank(first - 1) or following == last + 1:
        return starts[first], starts[following]
    return starts[first], starts[last + 1]


def _fix_for(rule: Rule, hit: Hit, doc: Document) -> Fix | None:
    action = rule.fix_action
    if action is None:
        return None
    if action == "remove-lines":
        first, last = hit.fix_span or (hit.start, hit.end)
        start, end = line_removal_span(doc, doc.line_of(first), doc.line_of(max(last - 1, first)))
        content = ""
    elif action == "remove":
        start, end, content = hit.start, hit.end, ""
    else:
        content = hit.replacement if hit.replacement is not None else rule.fix_replacement
        if content is None:
            return None
        start, end = hit.start, hit.end
    line, column = doc.position(start)
    end_line, end_column = doc.position(end)
    return Fix(rule.fix_applicability or "safe", (Edit(start, end, content, line, column, end_line, end_column),))


def _finding(rule: Rule, hit: Hit, doc: Document, path: str, record: str | None) -> Finding:
    line, column = doc.position(hit.start)
    end_line, end_column = doc.position(hit.end)
    message = f"{rule.message}: {hit.detail}" if hit.detail else rule.message
    return Finding(
        path, rule.id, rule.severity, message, line, column, end_line, end_column,
        hit.start, hit.end, _fix_for(rule, hit, doc), record,
    )


def check_document(doc: Document, rules: Iterable[Rule], path: str = "-", record: str | None = None) -> list[Finding]:
    """All findings of ``rules`` on ``doc``, sorted by position then rule id.

    A rule whose regex exceeds its time budget is skipped for this document and reported
    as a ``wirelint/rule-timeout`` finding, so one hostile rule cannot stall a run. A
    document whose kind is not set yet is Markdown if ``path`` names a Markdown file.
    Rules the prefilter shows cannot match ``doc`` are not run; the findings are the same.
    """
    findings = run_rules(doc, screened(doc, rules, path), path, record)
    findings.sort(key=finding_order)
    return findings


def screened(doc: Document, rules: Iterable[Rule], path: str = "-", threads: int = 1) -> Sequence[Rule]:
    """The rules worth running on ``doc`` (the others are recorded as having no hits there);
    sets the document's kind from ``path`` if it is not set yet. A long text may be
    screened by up to ``threads`` threads (``spread`` has the cores to spare)."""
    if doc.kind is None:
        doc.kind = "markdown" if is_markdown_path(path) else "text"
    rules, excluded = screen(doc, rules, threads)
    for rule in excluded:
        rule.has_no_hits(doc)
    return rules


def run_rules(doc: Document, rules: Iterable[Rule], path: str = "-", record: str | None = None) -> list[Finding]:
    """The findings of ``rules`` on ``doc``, in rule order (``check_document`` sorts them)."""
    findings: list[Finding] = []
    for rule in rules:
        try:
            for hit in rule.hits(doc):
                findings.append(_finding(rule, hit, doc, path, record))
        except TimeoutError:
            findings.append(Finding(
                path, TIMEOUT_RULE, "error",
                f"rule '{rule.id}' took too long on this text and was skipped ({rule.source})",
                1, 1, 1, 1, 0, 0, None, record,
            ))
    return findings


def finding_order(finding: Finding) -> tuple:
    """The order of a document's findings: by position, then rule id and message."""
    return finding.start, finding.end, finding.rule, finding.message


def check_text(text: str, rules: Iterable[Rule], path: str = "-") -> list[Finding]:
    """Public entry point: findings for a text whose newlines are ``\\n``."""
    return check_document(Document(text), rules, path)
