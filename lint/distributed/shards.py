"""Where the records are: shards (local paths, globs, fsspec URLs), their slices, and the
records in a slice, read exactly as ``wirelint check --jsonl`` reads them.

A partition of the distributed jobs is a *slice*: a whole shard when it is no larger
than the block size (or compressed, so it cannot be cut), else a byte range that starts
and ends at a line start. Records keep the line numbers they have in their shard, so a
record without an id gets the same id (its line number) and a bad record the same
message as in the single-process corpus mode, however the shard was cut. No dask here:
the caller maps ``measure`` over the cluster; fsspec is imported when a file is opened.
"""
from __future__ import annotations

import glob
import json
import os
import posixpath
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

from ..errors import WirelintError
from ..jsonl import BREAK
from ..jsonl import CorpusKeys, parse_record, record_id, record_text, split_lines

_ALIGN_CHUNK = 1 << 16
MAX_SLICES = 1 << 24  # a record reference is (slice index: 24 bits, byte offset in the slice: 40 bits)
MAX_SLICE_BYTES = 1 << 40


@dataclass(frozen=True, slots=True)
class Shard:
    """One JSONL file. ``path`` is shown in findings (``path#id``) as the user gave it;
    ``url`` is what workers open; ``name`` is its output name under ``--out``."""

    index: int
    path: str
    url: str
    name: str
    size: int
    compression: str | None = None


@dataclass(frozen=True, slots=True)
class Slice:
    """Bytes [start, end) of a shard (``end`` -1: to the end of a compressed shard), whose
    first line is line ``first_line`` of the shard. ``index`` is unique in the run."""

    index: int
    shard: Shard
    part: int
    parts: int
    start: int
    end: int
    first_line: int = 1


@dataclass(frozen=True, slots=True)
class Line:
    """A record line of a slice: its line number in the shard, its byte offset in the
    slice, and either the parsed record or the one-line problem with it."""

    number: int
    offset: int
    record: dict | None
    error: str | None = None
    raw: bytes = b""


def _has_protocol(path: str) -> bool:
    return "://" in path


def _filesystem(url: str):
    from fsspec.core import url_to_fs

    try:
        return url_to_fs(url)
    except (ImportError, ValueError) as exc:  # a protocol whose package is not installed
        raise WirelintError(f"{url}: cannot open: {exc}") from None


def _expand(pattern: str) -> list[tuple[str, str]]:
    """(shown path, url) of each shard a path or glob names, sorted."""
    if not _has_protocol(pattern):
        if glob.has_magic(pattern):
            found = sorted(p for p in glob.glob(pattern) if os.path.isfile(p))
            if not found:
                raise WirelintError(f"{pattern}: no JSONL shards match")
            return [(p, os.path.abspath(p)) for p in found]
        if not os.path.isfile(pattern):
            raise WirelintError(f"{pattern}: no such JSONL file")
        return [(pattern, os.path.abspath(pattern))]
    fs, root = _filesystem(pattern)
    if glob.has_magic(root):
        found = sorted(fs.glob(root))
        if not found:
            raise WirelintError(f"{pattern}: no JSONL shards match")
        return [(fs.unstrip_protocol(p), fs.unstrip_protocol(p)) for p in found]
    if not fs.isfile(root):
        raise WirelintError(f"{pattern}: no such JSONL file")
    return [(pattern, pattern)]


def _output_names(urls: Sequence[str]) -> list[str]:
    """Each shard's name under ``--out``: its path relative to the shards' common folder,
    without a compression suffix (outputs are plain JSONL). Shards from different
    filesystems, or whose names would clash, get their number in front of their file name."""
    from fsspec.core import split_protocol
    from fsspec.utils import infer_compression

    def plain(name: str) -> str:
        return name.rsplit(".", 1)[0] if infer_compression(name) else name

    paths = [split_protocol(url)[1].replace(os.sep, "/") for url in urls]
    names = [plain(posixpath.basename(path)) for path in paths]
    if len({split_protocol(url)[0] for url in urls}) == 1 and len(paths) > 1:
        common = posixpath.commonpath(paths)
        names = [plain(posixpath.relpath(path, common)) for path in paths]
    if len(set(names)) < len(names) or len({split_protocol(url)[0] for url in urls}) > 1:
        names = [f"{index:05d}-{posixpath.basename(name)}" for index, name in enumerate(names)]
    return names


def find_shards(patterns: Sequence[str]) -> list[Shard]:
    """The shards ``patterns`` name, in the order given (globs sorted), each once."""
    from fsspec.utils import infer_compression

    found: list[tuple[str, str]] = [item for pattern in patterns for item in _expand(pattern)]
    seen: dict[str, str] = {}
    for shown, url in found:
        if url in seen:
            raise WirelintError(f"{shown}: shard given twice (also as {seen[url]})")
        seen[url] = shown
    if not found:
        raise WirelintError("no JSONL shards given")
    names = _output_names([url for _, url in found])
    shards = []
    for index, ((shown, url), name) in enumerate(zip(found, names)):
        fs, root = _filesystem(url)
        try:
            size = fs.size(root)
        except OSError as exc:
            raise WirelintError(f"{shown}: cannot read: {exc.strerror or exc}") from None
        shards.append(Shard(index, shown, url, name, size, infer_compression(url)))
    return shards


def _open(shard: Shard):
    import fsspec

    return fsspec.open(shard.url, "rb", compression=shard.compression)


def _line_start_at_or_after(handle, position: int, size: int) -> int:
    """The first line start at or after ``position`` (a line starts after a LF)."""
    if position <= 0:
        return 0
    handle.seek(position - 1)
    cursor = position - 1
    while cursor < size:
        chunk = handle.read(_ALIGN_CHUNK)
        if not chunk:
            break
        found = chunk.find(b"\n")
        if found >= 0:
            return cursor + found + 1
        cursor += len(chunk)
    return size


def count_breaks(data: bytes) -> int:
    """Line breaks in ``data`` as universal newlines count them (CRLF, CR, LF)."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def measure(shard: Shard, raw_start: int, raw_end: int) -> tuple[int, int, int]:
    """(start, end, line breaks) of the slice of ``shard`` cut near [raw_start, raw_end):
    both ends moved to the next line start, so slices tile the shard on whole lines."""
    try:
        with _open(shard) as handle:
            start = _line_start_at_or_after(handle, raw_start, shard.size)
            end = _line_start_at_or_after(handle, raw_end, shard.size) if raw_end < shard.size else shard.size
            handle.seek(start)
            data = handle.read(max(end - start, 0))
    except OSError as exc:
        raise WirelintError(f"{shard.path}: cannot read: {exc.strerror or exc}") from None
    return start, end, count_breaks(data)


MeasureMany = Callable[[list[tuple[Shard, int, int]]], list[tuple[int, int, int]]]


def plan_slices(shards: Sequence[Shard], blocksize: int, measure_many: MeasureMany | None = None) -> list[Slice]:
    """The slices of every shard, in shard order. Shards larger than ``blocksize`` bytes
    (and not compressed) are cut; ``measure_many`` maps ``measure`` over the cuts (on the
    cluster; default: here), which reads those shards once to number their lines."""
    if blocksize < 1:
        raise WirelintError(f"--blocksize must be at least 1 byte, not {blocksize}")
    if blocksize >= MAX_SLICE_BYTES:
        raise WirelintError(f"--blocksize must be under {MAX_SLICE_BYTES} bytes")
    cuts: list[tuple[Shard, int, int]] = []
    for shard in shards:
        if shard.compression is None and shard.size > blocksize:
            cuts.extend((shard, at, min(at + blocksize, shard.size)) for at in range(0, shard.size, blocksize))
    measured = (measure_many or (lambda calls: [measure(*call) for call in calls]))(cuts) if cuts else []
    by_shard: dict[int, list[tuple[int, int, int]]] = {}
    for (shard, _, _), result in zip(cuts, measured):
        by_shard.setdefault(shard.index, []).append(result)
    slices: list[Slice] = []
    for shard in shards:
        ranges = [(s, e, n) for s, e, n in by_shard.get(shard.index, ()) if e > s]
        if not ranges:
            slices.append(Slice(len(slices), shard, 0, 1, 0, -1 if shard.compression else shard.size))
            continue
        line = 1
        for part, (start, end, breaks) in enumerate(ranges):
            slices.append(Slice(len(slices), shard, part, len(ranges), start, end, line))
            line += breaks
    if len(slices) >= MAX_SLICES:
        raise WirelintError(f"{len(slices)} slices: too many; give a larger --blocksize")
    return slices


def read_slice(piece: Slice) -> bytes:
    """The bytes of a slice (decompressed for a compressed shard)."""
    try:
        with _open(piece.shard) as handle:
            if piece.start:
                handle.seek(piece.start)
            return handle.read() if piece.end < 0 else handle.read(piece.end - piece.start)
    except OSError as exc:
        raise WirelintError(f"{piece.shard.path}: cannot read: {exc.strerror or exc}") from None


def slice_lines(piece: Slice, data: bytes, keys: CorpusKeys) -> Iterator[Line]:
    """Each non-blank line of a slice's bytes, parsed as ``check --jsonl`` parses it (a
    line that is not UTF-8 is a problem for that record only)."""
    for index, (offset, raw) in enumerate(split_lines(data)):
        if not raw.strip():
            continue
        number = piece.first_line + index
        record, error = parse_record(piece.shard.path, number, raw, keys)
        yield Line(number, offset, record, error, raw)


class SliceReader:
    """Records of one slice read by byte offset, for the few records a task needs.

    A plain shard is read by seeking; a compressed one is read once and kept. Line numbers
    (needed only for records without an id) are counted from the slice's start.
    """

    def __init__(self, piece: Slice) -> None:
        self.piece = piece
        self.data: bytes | None = read_slice(piece) if piece.shard.compression else None
        self.handle = None

    def _raw(self, offset: int) -> bytes:
        if self.data is not None:
            match = BREAK.search(self.data, offset)
            return self.data[offset:match.start() if match else len(self.data)]
        if self.handle is None:
            self.handle = _open(self.piece.shard).open()
        self.handle.seek(self.piece.start + offset)
        raw = self.handle.readline()
        match = BREAK.search(raw)
        return raw[:match.start()] if match else raw

    def line_number(self, offset: int) -> int:
        data = self.data if self.data is not None else read_slice(self.piece)
        if self.data is None:
            self.data = data  # a record without an id: keep the slice for the next one
        return self.piece.first_line + count_breaks(data[:offset])

    def record(self, offset: int, keys: CorpusKeys) -> tuple[str, str] | None:
        """(id, text) of the record at ``offset``, or None when it is not a record."""
        try:
            raw = self._raw(offset).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        record, _ = parse_record(self.piece.shard.path, 0, raw, keys)
        if record is None:
            return None
        number = self.line_number(offset) if keys.id not in record else 0
        return record_id(record, number, keys), record_text(record, keys)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None
