"""The template count's row key of one line: its hash and word count, as
``provenance.templates.TemplateCounter`` counts it (``normalise``, letters required)."""
from __future__ import annotations

from ..provenance.templates import has_letter, key_hash, normalise


def row_key(line: str) -> tuple[int, int] | None:
    """(line hash, words) of a line that can be template text, else None."""
    key = normalise(line).encode("utf-8", "surrogatepass")
    if not has_letter(key):
        return None
    return key_hash(key), key.count(b" ") + 1
