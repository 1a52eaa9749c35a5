"""Where a corpus run writes, and how: fixed names and temp-file-then-rename.

Every output file's name follows from the input (the shard's name, a slice's number), and
each is written whole to a temporary name beside it and then renamed. A task that runs
again after its worker died therefore replaces what it wrote before instead of adding to
it, and a reader never sees half a file. Works on any fsspec filesystem; on a local disk
the rename is ``os.replace``.
"""
from __future__ import annotations

import os
import posixpath
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, TextIO

from ..errors import WirelintError
from .shards import Shard

FINDINGS, FIXED, REUSE, PARTS = "findings", "fixed", "reuse", ".parts"
SUMMARY = "summary.json"
TEMPLATES = "templates.json"  # the template lines learned by --learn-templates
TEMP_PREFIX = ".wirelint-tmp-"


@dataclass(frozen=True, slots=True)
class OutDir:
    """The ``--out`` folder: an absolute local path or an fsspec URL."""

    url: str

    @classmethod
    def of(cls, path: str) -> "OutDir":
        return cls(path if "://" in path else os.path.abspath(path))

    def join(self, *parts: str) -> str:
        return posixpath.join(self.url, *parts) if "://" in self.url else os.path.join(self.url, *parts)

    def findings(self, shard: Shard) -> str:
        return self.join(FINDINGS, shard.name)

    def fixed(self, shard: Shard) -> str:
        return self.join(FIXED, shard.name)

    def part(self, shard: Shard, kind: str, part: int) -> str:
        """Where slice ``part`` of a cut shard writes its piece of output ``kind``."""
        return self.join(PARTS, kind, f"{shard.name}.part-{part:06d}")

    def reuse(self, number: int) -> str:
        return self.join(REUSE, f"part-{number:06d}.jsonl")


def _fs(url: str):
    from fsspec.core import url_to_fs

    return url_to_fs(url)


@contextmanager
def atomic_text(url: str) -> Iterator[TextIO]:
    """A text stream whose content replaces ``url`` only when the block ends without error."""
    fs, path = _fs(url)
    folder = posixpath.dirname(path) if "://" in url else os.path.dirname(path)
    temp = (posixpath if "://" in url else os.path).join(folder, f"{TEMP_PREFIX}{uuid.uuid4().hex}-{posixpath.basename(path)}")
    try:
        fs.makedirs(folder, exist_ok=True)
        handle = fs.open(temp, "w", encoding="utf-8", errors="surrogateescape", newline="\n")
    except OSError as exc:
        raise WirelintError(f"{url}: cannot write: {exc.strerror or exc}") from None
    try:
        with handle:
            yield handle
        if "://" in url:
            fs.mv(temp, path)
        else:
            os.replace(temp, path)
    except BaseException as exc:
        try:
            fs.rm(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise WirelintError(f"{url}: cannot write: {exc.strerror or exc}") from None
        raise


def write_text(url: str, text: str) -> None:
    with atomic_text(url) as handle:
        handle.write(text)


def concatenate(sources: list[str], target: str) -> None:
    """Write the files ``sources``, in order, as one file ``target`` (atomically)."""
    with atomic_text(target) as out:
        for source in sources:
            fs, path = _fs(source)
            with fs.open(path, "r", encoding="utf-8", newline="") as handle:
                while chunk := handle.read(1 << 20):
                    out.write(chunk)


def remove(url: str) -> None:
    """Remove one output file, if it is there."""
    fs, path = _fs(url)
    if fs.exists(path):
        fs.rm(path)


def clear(out: OutDir, folder: str) -> None:
    """Remove a folder of this run's outputs (part files, an earlier run's reuse parts)."""
    fs, path = _fs(out.join(folder))
    if fs.exists(path):
        fs.rm(path, recursive=True)


def remove_temporaries(out: OutDir) -> None:
    """Remove temporary files a killed worker left behind under ``out``."""
    fs, root = _fs(out.url)
    if not fs.exists(root):
        return
    for path in fs.find(root):
        if posixpath.basename(path).startswith(TEMP_PREFIX):
            try:
                fs.rm(path)
            except OSError:
                pass
