"""The mojibake kind: which lines its gate lets through to ftfy."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lint.document import Document
from lint.kinds.limits import Budget
from lint.kinds.mojibake import Mojibake
from lint.packs import load_rules

_TEXT = st.lists(st.sampled_from(["a", " ", "\n", "Ã", "©", "â", "€", "™", "\u00a0", "Â", "x\n"]), max_size=40).map("".join)


def per_line(kind: Mojibake, doc: Document, start: int, end: int) -> list[int]:
    """The definition: each line that begins in [start, end), searched on its own."""
    return [index for index in doc.lines_in(start, end) if kind.gate.search(doc.lines[index])]


@given(_TEXT, st.integers(0, 40), st.integers(0, 40))
def test_the_built_in_gate_passes_the_lines_a_search_of_each_line_passes(text, start, end):
    kind = Mojibake({"gate": Mojibake.FIELDS["gate"].default})
    doc = Document(text)
    assert list(kind.gated_lines(doc, start, end, Budget(1.0))) == per_line(kind, doc, start, end)


@given(_TEXT)
def test_a_rules_own_gate_is_tried_line_by_line(text):
    kind = Mojibake({"gate": r"Ã\n?a"})  # may span lines: each line is judged alone
    doc = Document(text)
    assert list(kind.gated_lines(doc, 0, len(text), Budget(1.0))) == per_line(kind, doc, 0, len(text))


def test_the_shipped_rule_repairs_mojibake_on_the_lines_that_have_it():
    rule = next(r for r in load_rules() if r.id == "encoding/mojibake")
    text = "Clean line.\nIt\u00e2\u20ac\u2122s broken.\nCaf\u00c3\u00a9 too.\n"
    hits = rule.hits(Document(text))
    assert [text[h.start:h.end] for h in hits] == ["\u00e2\u20ac\u2122", "\u00c3\u00a9"]
    assert [h.replacement for h in hits] == ["\u2019", "\u00e9"]
