"""Mojibake repaired by ftfy, restricted to encoding repairs and run only where it can apply."""
from __future__ import annotations

from typing import Iterator

import regex

from ..document import Document
from ..prefilter import Evidence
from .base import Field, Hit, LazyRegex
from .limits import Budget
from .pattern import time_budget

# UTF-8 read as Latin-1 / Windows-1252 leaves a lead character (Ã, Â, â, Ð, ...) followed by
# a character from the continuation range. Text without such a pair cannot be this
# mojibake, so ftfy (about 1 ms a file) runs only on lines that have one.
_DEFAULT_GATE = (
    r"[ÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþ]"
    r"[\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]"
)



def _encoding_only_config():
    from ftfy import TextFixerConfig

    return TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=True,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


class Mojibake:
    """Report text garbled by a wrong decoding (``â€™`` for ``’``); the fix is ftfy's repair."""

    FIELDS = {
        "gate": Field((str,), default=_DEFAULT_GATE, doc="regex a line must match before ftfy looks at it"),
    }
    FIX_ACTIONS = ("replace",)

    def __init__(self, spec: dict) -> None:
        if spec["gate"] == _DEFAULT_GATE:
            # The stdlib engine scans this character-class pair several times faster, and
            # the built-in gate cannot backtrack.
            self.gate = LazyRegex(_DEFAULT_GATE, engine="re")
        else:
            try:
                self.gate = LazyRegex(spec["gate"])
            except regex.error as exc:
                raise ValueError(f"field 'gate' does not compile: {exc}") from None
        self._config = None

    def _gate(self, text: str, start: int, end: int, budget: Budget):
        if self.gate.engine == "re":
            return self.gate.search(text, start, end)
        return budget.run(self.gate.search, text, start, end)

    def evidence(self) -> Evidence:
        """ftfy only ever looks at text that passes the gate."""
        return Evidence(regexes=((self.gate.source, self.gate.flags, self.gate.engine),))

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_config": None}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def gated_lines(self, doc: Document, start: int, end: int, budget: Budget) -> Iterator[int]:
        """The lines of ``lines_in(start, end)`` that pass the gate, in order.

        The built-in gate is a pair of characters, neither a line break: its matches over
        the text fall on exactly the lines it passes, found in one scan instead of a
        search per line (a 50 MB text has a quarter of a million). A rule's own gate may
        span lines, so it is tried on each line alone.
        """
        lines = doc.lines_in(start, end)
        if self.gate.engine != "re":
            yield from (index for index in lines if self._gate(doc.lines[index], 0, len(doc.lines[index]), budget))
            return
        if not lines:
            return
        last = -1
        for found in self.gate.compiled.finditer(doc.text, doc.line_starts[lines.start], doc.line_end(lines.stop - 1)):
            index = doc.line_of(found.start())
            if index != last:
                last = index
                yield index

    def find(self, doc: Document, start: int, end: int) -> Iterator[Hit]:
        text = doc.text
        budget = Budget(time_budget(end - start))  # shared by the text-wide and the per-line gates
        if text.isascii() or self._gate(text, start, end, budget) is None:
            return
        import ftfy

        if self._config is None:
            self._config = _encoding_only_config()
        for index in self.gated_lines(doc, start, end, budget):
            line = doc.lines[index]
            fixed = ftfy.fix_text(line, self._config)
            if fixed == line:
                continue
            head = 0
            while head < min(len(line), len(fixed)) and line[head] == fixed[head]:
                head += 1
            tail = 0
            while tail < min(len(line), len(fixed)) - head and line[-1 - tail] == fixed[-1 - tail]:
                tail += 1
            begin = doc.line_starts[index]
            yield Hit(begin + head, begin + len(line) - tail, replacement=fixed[head : len(fixed) - tail])
