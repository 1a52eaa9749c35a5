"""Corpus mode: JSON Lines files whose records each hold one article's text.

Findings carry ``path#id`` as their path and lines within the record's text. Fixing
writes a new JSONL file and never touches the input: every other field and the record
order are kept.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from typing import Iterator, Sequence

from .engine import Rule
from .errors import WirelintError
from .runner import FileResult, Options, check_text_result, result_extras


@dataclass(frozen=True, slots=True)
class CorpusKeys:
    text: str = "text"
    id: str = "id"


def _records(path: str, keys: CorpusKeys) -> Iterator[tuple[int, dict | None, str | None]]:
    """(line number, record, error) for each non-empty line of a JSONL file."""
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise WirelintError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with handle:
        try:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError as exc:
                    yield number, None, f"{path}:{number}: not a JSON object: {exc.msg}"
                    continue
                if not isinstance(record, dict) or not isinstance(record.get(keys.text), str):
                    yield number, None, f"{path}:{number}: record has no string field {keys.text!r}"
                    continue
                yield number, record, None
        except UnicodeDecodeError:
            raise WirelintError(f"{path}: JSONL must be UTF-8") from None


def fixed_path(path: str) -> str:
    """Where the fixed copy of a JSONL file goes: beside it, as ``NAME.fixed.jsonl``."""
    root, ext = os.path.splitext(path)
    return f"{root}.fixed{ext or '.jsonl'}"


def process_jsonl(path: str, rules: Sequence[Rule], options: Options, keys: CorpusKeys = CorpusKeys()) -> Iterator[FileResult]:
    """One FileResult per record, in order; with ``options.fix`` also write the fixed copy."""
    out = None
    target = fixed_path(path) if options.fix else None
    if target:
        directory = os.path.dirname(os.path.abspath(target))
        fd, tmp = tempfile.mkstemp(prefix=".wirelint-", suffix=".jsonl", dir=directory)
        out = os.fdopen(fd, "w", encoding="utf-8")
    ok = False
    try:
        for number, record, error in _records(path, keys):
            if record is None:
                yield FileResult(f"{path}:{number}", error=error)
                continue
            record_id = str(record.get(keys.id, number))
            shown = f"{path}#{record_id}"
            text = record[keys.text].replace("\r\n", "\n").replace("\r", "\n")
            fixed_text, findings, applied, _ = check_text_result(text, rules, options, shown, record_id)
            changed = fixed_text != text
            if out is not None:
                if changed:
                    record = {**record, keys.text: fixed_text}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            yield FileResult(shown, tuple(findings), changed, applied, **result_extras(fixed_text, findings, options))
        ok = True
    finally:
        if out is not None:
            out.close()
            if ok:
                os.replace(tmp, target)
            else:
                os.unlink(tmp)
