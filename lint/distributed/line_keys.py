"""The template count's row key of one line: its hash and word count, as
``provenance.templates.TemplateCounter`` counts it (``normalise``, letters required)."""
from __future__ import annotations

import re

from ..provenance.templates import line_hash, normalise

_ASCII_LETTER = re.compile("[a-z]")


def has_letter(key: str) -> bool:
    """Whether a key has a letter (a line without one tells no chrome apart)."""
    if key.isascii():
        return _ASCII_LETTER.search(key) is not None
    return any(char.isalpha() for char in key)


def key_hash(line: str) -> tuple[int, int] | None:
    """(line hash, words) of a line that can be template text, else None."""
    key = normalise(line)
    if not has_letter(key):
        return None
    return line_hash(key), key.count(" ") + 1
