"""What every wirelint command line shares: the parser class, the rule options and the
``Flags`` they become, and ``guarded``, which turns errors and interrupts into exit codes.

``wirelint`` (``lint.cli``) and the standalone ``python -m lint.provenance.cli`` /
``python -m lint.distributed.cli`` entry points all go through here, so each prints one
line and exits 2 on a problem, and 130 on Ctrl-C or SIGTERM.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
from typing import Callable, Sequence

from .config import Flags
from .errors import WirelintError
from .exits import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK


def terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``: $COLUMNS, else the terminal's width, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


class HelpFormatter(argparse.HelpFormatter):
    """argparse's own layout. argparse makes a formatter for every option it adds, and each
    asks ``shutil`` for the terminal width when not given one: importing shutil (and the
    compression modules it imports) costs a one-file check about 2 ms; this asks ``os``."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, terminal_columns() - 2 if width is None else width)


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit code 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:
        self.exit(EXIT_ERROR, f"wirelint: error: {message}\n")


def names(values: Sequence[str] | None) -> tuple[str, ...] | None:
    """Comma-separated, repeatable option values as one tuple (None when not given)."""
    if values is None:
        return None
    return tuple(name.strip() for value in values for name in value.split(",") if name.strip())


def add_rule_options(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """The options that choose rules and config, shared by ``check``, ``rules`` and ``corpus check``."""
    parser.add_argument("--rules", action="append", metavar="PATH", help="extra rule pack file or directory (repeatable)")
    parser.add_argument("--no-builtin-rules", action="store_true", help="use only the packs given with --rules")
    parser.add_argument("--select", action="append", metavar="IDS", help="rule ids or pack names to run (comma separated)")
    parser.add_argument("--extend-select", action="append", metavar="IDS", help="add to the selection")
    parser.add_argument("--ignore", action="append", metavar="IDS", help="rule ids or pack names to skip (comma separated)")
    parser.add_argument("--config", metavar="PATH", help="config file (default: the closest wirelint.toml, .wirelint.yaml or pyproject.toml)")
    parser.add_argument("--isolated", action="store_true", help="ignore every config file")


def flags_of(args: argparse.Namespace) -> Flags:
    """The rule and file settings an argument namespace gives (what it lacks is not given)."""
    value = vars(args).get
    listed = lambda key: tuple(value(key)) if value(key) else None  # noqa: E731
    return Flags(
        select=names(value("select")), ignore=names(value("ignore")), extend_select=names(value("extend_select")),
        rules=listed("rules"), fail_on=value("fail_on"), unsafe_fixes=value("unsafe_fixes"),
        include=listed("include"), exclude=listed("exclude"),
        rule_severity=tuple(value("rule_severity") or ()), per_file_ignores=tuple(value("per_file_ignores") or ()),
        config=value("config"), isolated=bool(value("isolated")), no_builtin_rules=bool(value("no_builtin_rules")),
        template_source=value("template_source"),
    )


class Interrupted(KeyboardInterrupt):
    """SIGTERM, raised where the program is so that ``finally`` blocks clean up."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Interrupted()


def _safe_streams() -> None:
    """Characters stdout or stderr cannot encode (a file name that is not UTF-8) become escapes."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "") == "strict":
            reconfigure(errors="backslashreplace")


def guarded(work: Callable[[], int]) -> int:
    """Run ``work``; a WirelintError is one line on stderr and exit 2, an interrupt exit 130."""
    if sys.stdout is None:
        if sys.stderr is not None:
            _report("wirelint: standard output is closed")
        return EXIT_ERROR
    _safe_streams()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if _main_thread() else None
    try:
        return work()
    except WirelintError as exc:
        _report(f"wirelint: {' '.join(str(exc).splitlines())}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _report("wirelint: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except (OSError, UnicodeError, RecursionError, MemoryError) as exc:  # the last net: still one line
        _report(f"wirelint: error: {type(exc).__name__}: {' '.join(str(exc).splitlines())[:300]}")
        return EXIT_ERROR
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _report(line: str) -> None:
    if sys.stderr is None:
        return
    try:
        print(line, file=sys.stderr)
    except (OSError, ValueError):
        pass


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit-time flush cannot fail."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
