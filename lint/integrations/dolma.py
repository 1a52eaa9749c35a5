"""A dolma tagger: one span per wirelint finding, so a dolma mixer can remove residue spans.

    dolma tag --documents 'docs/*.jsonl.gz' --experiment wl \\
        --taggers wirelint --tagger_modules lint.integrations.dolma

Each span is a finding's character offsets into the document text (``Finding.start`` /
``end``, newlines as the document has them), its type the rule id, its score 1. dolma
makes taggers without arguments, so the selection is the class's ``selection``: the
``wirelint`` tagger runs the built-in rules (with the config file named by
``$WIRELINT_CONFIG``, if set), ``wirelint_residue`` only the residue pack; subclass
``WirelintTagger`` and register it with ``dolma.add_tagger`` for another selection. Needs
``pip install 'wirelint[dolma]'``.
"""
from __future__ import annotations

import os

from .extras import missing_extra

try:
    from dolma import add_tagger
    from dolma.core.data_types import DocResult, Document, Span
    from dolma.core.taggers import BaseTagger
except ModuleNotFoundError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_extra(exc, "dolma taggers", "dolma") from None

from .selection import RuleSelection, linter_for

CONFIG_VARIABLE = "WIRELINT_CONFIG"


class WirelintTagger(BaseTagger):
    """Tags every finding of ``selection`` on ``doc.text`` as a span typed by its rule id."""

    selection = RuleSelection()

    def predict(self, doc: Document) -> DocResult:
        selection = self.selection
        if selection.config is None and os.environ.get(CONFIG_VARIABLE):
            selection = RuleSelection.of(selection.select, selection.ignore, selection.rules,
                                         os.environ[CONFIG_VARIABLE], selection.builtin, selection.unsafe)
        checked = linter_for(selection).check(doc.text, str(doc.id))
        spans = [Span(start=start, end=end, type=finding.rule, score=1.0)
                 for finding, (start, end) in zip(checked.findings, checked.offsets())]
        return DocResult(doc=doc, spans=spans)


add_tagger("wirelint")(WirelintTagger)


@add_tagger("wirelint_residue")
class WirelintResidueTagger(WirelintTagger):
    """Only the residue pack: the spans a mixer removes to clean scraped articles."""

    selection = RuleSelection.of(select="residue")
