"""What the prefilter's derived evidence depends on, as one short key for the rule cache."""
from __future__ import annotations

_TAG: str | None = None


def tag() -> str:
    """What derived evidence depends on (this package's code, the regex module): a cache key part.

    Read from the files, not imported: a run whose rules come from the cache never loads
    the prefilter's code unless it checks more than one document.
    """
    global _TAG
    if _TAG is None:
        import hashlib
        from pathlib import Path

        import regex

        digest = hashlib.sha256(regex.__version__.encode())
        for name in ("charsets.py", "translate.py", "plan.py", "evidence.py", "fingerprint.py"):
            digest.update(Path(__file__).with_name(name).read_bytes())
        _TAG = digest.hexdigest()[:16]
    return _TAG
