"""Giving freed memory back to the system between the passes of a long run.

The reuse pass and the template count allocate and free many arrays of a few hundred
kilobytes. glibc's allocator serves those from its heap (its mmap threshold rises as
large blocks are freed), and a freed block that is not at the heap's top stays resident:
after the template count of 10,000 articles the check that followed ran with 50 MB more
than it held. ``release`` asks glibc to return the free pages (``malloc_trim``); it
frees nothing that is in use, so it cannot change a result, and elsewhere (macOS,
Windows, musl) it does nothing.
"""
from __future__ import annotations

import sys

_trim = None
_looked = False


def release() -> bool:
    """Return the heap's free pages to the system; whether it could (glibc only)."""
    global _trim, _looked
    if not _looked:
        _looked = True
        _trim = _find_trim()
    if _trim is None:
        return False
    _trim(0)
    return True


def _find_trim():
    """glibc's ``malloc_trim``, or None where the C library has none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, ImportError):
        return None
