"""The one error an integration raises when its optional library is not installed."""
from __future__ import annotations


def missing_extra(exc: ModuleNotFoundError, what: str, extra: str) -> ModuleNotFoundError:
    """``<module> is not installed, and wirelint's <what> need it: pip install 'wirelint[<extra>]'``."""
    module = (exc.name or extra).split(".")[0]
    return ModuleNotFoundError(f"{module} is not installed, and wirelint's {what} need it: pip install 'wirelint[{extra}]'")
