"""Line keys for the template count, fast: exactly ``provenance.templates.normalise``.

``normalise`` walks a line character by character in Python, which costs more than
linting a record does when every line of a million records goes through it. Here the
per-character mapping (digits to ``0``; whitespace, punctuation and symbols to a space)
is one ``str.translate`` over a table built once for every character of the Basic
Multilingual Plane; a line with a character beyond it takes ``normalise`` itself. The
result is the same string (tests compare the two on arbitrary text).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..provenance.templates import line_hash, normalise

_PLANE = 0x10000
_BEYOND_PLANE = re.compile("[\U00010000-\U0010ffff]")
_ASCII_LETTER = re.compile("[a-z]")


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """What ``normalise`` turns each BMP character into, for those it changes."""
    table = {}
    for code in range(_PLANE):
        char = chr(code)
        if char.isdigit():
            table[code] = "0"
        elif char.isspace() or unicodedata.category(char)[0] in "PS":
            table[code] = " "
    return table


@lru_cache(maxsize=1)
def _ascii_table() -> bytes:
    """The same mapping for ASCII, as a ``bytes.translate`` table (several times faster)."""
    table = _table()
    return bytes(ord(table.get(code, chr(code))) for code in range(256) if code < 128) + bytes(range(128, 256))


def line_key(line: str) -> str:
    """``normalise(line)``: casefolded, digits as 0, punctuation and space runs as one space."""
    folded = line.casefold()
    if folded.isascii():
        return " ".join(folded.encode("ascii").translate(_ascii_table()).decode("ascii").split())
    if _BEYOND_PLANE.search(folded):
        return normalise(line)
    return " ".join(folded.translate(_table()).split())


def has_letter(key: str) -> bool:
    """Whether a key has a letter (a line without one tells no chrome apart)."""
    if key.isascii():
        return _ASCII_LETTER.search(key) is not None
    return any(char.isalpha() for char in key)


def key_hash(line: str) -> tuple[int, int] | None:
    """(line hash, words) of a line that can be template text, else None."""
    key = line_key(line)
    if not has_letter(key):
        return None
    return line_hash(key), key.count(" ") + 1
