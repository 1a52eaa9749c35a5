"""Reading and writing JSON Lines records: the one reader of ``check --jsonl`` and of the
corpus jobs, so a record gets the same line number, id and problem message in both.

Lines are split where Python's universal newlines split them (``\\r\\n``, ``\\r``,
``\\n``). Each line is decoded and parsed on its own: a line that is not UTF-8 or not a
JSON object with a string text field is one problem for that record, and the other
records are still read.
"""
from __future__ import annotations

import re
from .structs import dataclass
from typing import Iterator

from .errors import WirelintError

BREAK = re.compile(rb"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class CorpusKeys:
    """The record fields holding an article's text, its id and (when given) its source."""

    text: str = "text"
    id: str = "id"
    source: str | None = None


@dataclass(frozen=True, slots=True)
class RecordLine:
    """One non-blank line: its number, its bytes, and the record or the one-line problem."""

    number: int
    raw: bytes
    record: dict | None
    error: str | None = None
    offset: int = 0  # where ``raw`` starts in the file, for ``read_record_at``


def split_lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(byte offset, line without its break) of each line of ``data``."""
    position = 0
    for match in BREAK.finditer(data):
        yield position, data[position:match.start()]
        position = match.end()
    if position < len(data):
        yield position, data[position:]


def parse_record(path: str, number: int, raw: bytes | str, keys: CorpusKeys) -> tuple[dict | None, str | None]:
    """(record, None), or (None, problem) for a line that is not a usable record."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        return None, f"{path}:{number}: record is not UTF-8 (byte {exc.start})"
    import json  # here, not at the top: a check of text files imports this module but reads no JSON

    try:
        record = json.loads(text)
    except ValueError as exc:
        return None, f"{path}:{number}: not a JSON object: {getattr(exc, 'msg', exc)}"
    except RecursionError:
        return None, f"{path}:{number}: not a JSON object: nested too deeply"
    if not isinstance(record, dict) or not isinstance(record.get(keys.text), str):
        return None, f"{path}:{number}: record has no string field {keys.text!r}"
    try:
        record[keys.text].encode("utf-8")
    except UnicodeEncodeError:
        return None, f"{path}:{number}: field {keys.text!r} holds an unpaired surrogate escape; not checked"
    return record, None


def record_source(record: dict, field: str | None) -> str | None:
    """The source a record names in ``field`` (a string or a number; ``--source-key``), or None: batch only."""
    if not field:
        return None
    value = record.get(field)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value) or None


def record_id(record: dict, number: int, keys: CorpusKeys) -> str:
    """The id findings name a record by: its id field, else its line number."""
    return str(record.get(keys.id, number))


def record_text(record: dict, keys: CorpusKeys) -> str:
    """The record's text with ``\\n`` newlines, as it is checked."""
    return record[keys.text].replace("\r\n", "\n").replace("\r", "\n")


def dump_record(record: dict) -> str:
    """A record as one JSON line (no newline): non-ASCII kept as it is unless the record
    holds an unpaired surrogate, which only an escape can carry."""
    import json

    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record, ensure_ascii=True)
    return line


def _pieces(handle) -> Iterator[tuple[int, bytes]]:
    """(offset, line) of each line of a binary handle, split as ``split_lines`` splits them."""
    position = 0
    for chunk in handle:
        body = chunk[:-2] if chunk.endswith(b"\r\n") else chunk[:-1] if chunk.endswith(b"\n") else chunk
        for piece in body.split(b"\r"):
            yield position, piece
            position += len(piece) + 1
        position += len(chunk) - len(body) - 1


def read_records(path: str, keys: CorpusKeys) -> Iterator[RecordLine]:
    """Each non-blank line of the JSONL file at ``path``; a non-regular file is refused."""
    from .source import open_regular

    handle, _ = open_regular(path)
    with handle:
        try:
            for number, (offset, raw) in enumerate(_pieces(handle), 1):
                if not raw.strip():
                    continue
                record, error = parse_record(path, number, raw, keys)
                yield RecordLine(number, raw, record, error, offset)
        except OSError as exc:
            raise WirelintError(f"{path}: cannot read: {exc.strerror or exc}") from None


def read_record_at(path: str, number: int, offset: int, length: int, keys: CorpusKeys) -> dict:
    """The record ``read_records`` found at ``offset`` (``length`` bytes): read again on
    demand, so a pass over a large file need not hold its texts."""
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            raw = handle.read(length)
    except OSError as exc:
        raise WirelintError(f"{path}: cannot read: {exc.strerror or exc}") from None
    record, error = parse_record(path, number, raw, keys)
    if record is None:
        raise WirelintError(error or f"{path}:{number}: record changed while it was read")
    return record
