"""Where reports and baselines go: written whole or not at all, never over a checked file.

A report (``-o``) or baseline (``--write-baseline``) is written to a hidden temporary file
beside its target and renamed over it only when the run got that far, so an interrupt, a
full disk or an error leaves the old file as it was. Characters a file name carries that
the output encoding cannot hold (bytes that are not UTF-8) are written as ``\\udcXX``
escapes, which JSON reads back as the same name.
"""
from __future__ import annotations

import os
from typing import Iterable, TextIO

from .errors import WirelintError

OUTPUT_ERRORS = "backslashreplace"


def refuse_inputs(target: str | None, option: str, inputs: Iterable[str]) -> None:
    """Raise WirelintError when ``target`` (given with ``option``) is one of the ``inputs``."""
    if target is None or target == "-" or not os.path.exists(target):
        return
    real = os.path.realpath(target)
    for path in inputs:
        if path != "-" and os.path.realpath(path) == real:
            raise WirelintError(f"{target}: {option} names a file that is being checked; refusing to overwrite it")


def _special(target: str) -> bool:
    """Whether ``target`` is written straight through: a device, a FIFO, or a symbolic link
    (``/dev/stdout``), never replaced by a rename."""
    import stat

    if os.path.islink(target):
        return True
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def check_target(target: str, what: str) -> None:
    """Refuse, before anything is done, a target that cannot take the file: a folder, a missing folder."""
    if os.path.isdir(target):
        raise WirelintError(f"{target}: is a directory; cannot write the {what} there")
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        raise WirelintError(f"{target}: folder {folder} does not exist; cannot write the {what}")


def _mode_for(target: str) -> int:
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


class OutputFile:
    """A text file written atomically: ``stream`` to write, then ``commit`` or ``discard``."""

    def __init__(self, target: str, what: str) -> None:
        self.target, self.what, self.tmp = target, what, ""
        check_target(target, what)
        try:
            if _special(target):
                fd = os.open(target, os.O_WRONLY | os.O_TRUNC if os.path.isfile(target) else os.O_WRONLY)
            else:
                import tempfile  # only a run that writes a file needs it

                fd, self.tmp = tempfile.mkstemp(prefix=".wirelint-", suffix=".tmp", dir=os.path.dirname(os.path.abspath(target)))
        except OSError as exc:
            raise WirelintError(f"{target}: cannot write the {what}: {exc.strerror or exc}") from None
        self.stream: TextIO = os.fdopen(fd, "w", encoding="utf-8", errors=OUTPUT_ERRORS, newline="")

    def _fail(self, exc: OSError) -> WirelintError:
        self.discard()
        return WirelintError(f"{self.target}: cannot write the {self.what}: {exc.strerror or exc}; old file left as it was")

    def write(self, text: str) -> None:
        try:
            self.stream.write(text)
        except OSError as exc:
            raise self._fail(exc) from None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as exc:
            raise self._fail(exc) from None

    def commit(self) -> None:
        """Put the finished file in place."""
        try:
            self.stream.flush()
            if not self.tmp:
                self.stream.close()
                return
            os.fsync(self.stream.fileno())
            self.stream.close()
            os.chmod(self.tmp, _mode_for(self.target))
            os.replace(self.tmp, self.target)
            self.tmp = ""
        except OSError as exc:
            raise self._fail(exc) from None

    def discard(self) -> None:
        """Drop the unfinished file; the target keeps what it had."""
        try:
            self.stream.close()
        except OSError:
            pass
        if self.tmp:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
            self.tmp = ""


def write_whole(target: str, what: str, text: str) -> None:
    """Write ``text`` to ``target`` atomically (a baseline, say)."""
    out = OutputFile(target, what)
    try:
        out.write(text)
        out.commit()
    except BaseException:
        out.discard()
        raise
