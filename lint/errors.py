"""The one exception type wirelint raises on purpose; the CLI turns it into exit code 2."""
from __future__ import annotations


class WirelintError(Exception):
    """A problem the user can act on, already phrased as one line.

    The message names the file, and where it applies the rule, line and field, so the
    CLI can print it as it is.
    """
