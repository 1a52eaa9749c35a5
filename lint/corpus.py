"""Corpus mode: JSON Lines files whose records each hold one article's text.

Findings carry ``path#id`` as their path and lines within the record's text. Fixing
writes a new JSONL file beside the input (``NAME.fixed.jsonl``) and never touches the
input: every record is kept in order, a changed record with its other fields (a line that
is not a usable record is reported and left out). The copy appears only when it is complete.
"""
from __future__ import annotations

import os
import tempfile
from typing import BinaryIO, Iterator

from .errors import WirelintError
from .jsonl import CorpusKeys, dump_record, read_records, record_id, record_text
from .runner import FileResult, Options, check_text_result, result_extras
from .selection import Selection

__all__ = ["CorpusKeys", "fixed_path", "process_jsonl"]


def fixed_path(path: str) -> str:
    """Where the fixed copy of a JSONL file goes: beside it, as ``NAME.fixed.jsonl``."""
    root, ext = os.path.splitext(path)
    return f"{root}.fixed{ext or '.jsonl'}"


class FixedCopy:
    """The fixed copy being written: a hidden temporary file renamed over the target at the end."""

    def __init__(self, source: str) -> None:
        self.source, self.target = source, fixed_path(source)
        directory = os.path.dirname(os.path.abspath(self.target))
        if os.path.isdir(self.target):
            raise WirelintError(f"{self.target}: is a directory; cannot write the fixed copy of {source}")
        try:
            fd, self.tmp = tempfile.mkstemp(prefix=".wirelint-", suffix=".jsonl", dir=directory)
        except OSError as exc:
            raise WirelintError(f"{self.target}: cannot write the fixed copy: {exc.strerror or exc}") from None
        self.handle: BinaryIO = os.fdopen(fd, "wb")

    def write(self, line: bytes) -> None:
        try:
            self.handle.write(line + b"\n")
        except OSError as exc:
            self.discard()
            raise WirelintError(f"{self.target}: cannot write the fixed copy: {exc.strerror or exc}") from None

    def commit(self) -> None:
        try:
            self.handle.close()
            os.chmod(self.tmp, _copy_mode(self.source))
            os.replace(self.tmp, self.target)
        except OSError as exc:
            self.discard()
            raise WirelintError(f"{self.target}: cannot write the fixed copy: {exc.strerror or exc}") from None

    def discard(self) -> None:
        try:
            self.handle.close()
        except OSError:
            pass
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def _copy_mode(source: str) -> int:
    """The fixed copy's permissions: the input's read/write bits (no execute, no set-id)."""
    try:
        return os.stat(source).st_mode & 0o666
    except OSError:
        return 0o644


def process_jsonl(path: str, rules, options: Options, keys: CorpusKeys = CorpusKeys()) -> Iterator[FileResult]:
    """One FileResult per record, in order; with ``options.fix`` also write the fixed copy.

    ``rules`` is a Selection (per-file ignores match ``path`` and ``path#id``) or a list.
    """
    copy = FixedCopy(path) if options.fix else None
    try:
        for line in read_records(path, keys):
            if line.record is None:
                yield FileResult(f"{path}:{line.number}", error=line.error)
                continue
            name = record_id(line.record, line.number, keys)
            shown = f"{path}#{name}"
            text = record_text(line.record, keys)
            chosen = rules.rules_for(shown) if isinstance(rules, Selection) else rules
            checked = check_text_result(text, chosen, options, shown, name)
            changed = checked.text != text
            if copy is not None:
                record = {**line.record, keys.text: checked.text} if changed else line.record
                copy.write(dump_record(record).encode("utf-8"))
            yield FileResult(shown, tuple(checked.findings), changed, checked.applied,
                             **result_extras(checked.text, checked.findings, options))
    except BaseException:
        if copy is not None:
            copy.discard()
        raise
    if copy is not None:
        copy.commit()
