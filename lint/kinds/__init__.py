"""The closed set of rule kinds. A rule pack chooses a kind by name and fills in its fields.

A kind is a small class: ``FIELDS`` declares the fields it accepts (the loader rejects any
other), ``FIX_ACTIONS`` the fix actions it supports, and ``find(doc, start, end)`` yields
``Hit`` spans inside the region [start, end). Kinds never print, never touch files and
never compute line/column: the engine does that.
"""
from __future__ import annotations

from typing import Callable

from .base import Field, Hit, Kind, LazyRegex

__all__ = ["Field", "Hit", "Kind", "LazyRegex", "registry"]


def registry() -> dict[str, Callable[..., Kind]]:
    """Every kind by the name a pack gives in ``kind:``."""
    from .adjacent import Adjacent
    from .block import Block
    from .ending import Ending
    from .layout import Layout
    from .mojibake import Mojibake
    from .pattern import Pattern
    from .phrases import Phrases
    from .repetition import Repetition

    return {
        "adjacent": Adjacent,
        "block": Block,
        "ending": Ending,
        "layout": Layout,
        "mojibake": Mojibake,
        "pattern": Pattern,
        "phrases": Phrases,
        "repetition": Repetition,
    }
