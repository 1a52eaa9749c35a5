"""Decoding article bytes to text and writing fixed text back without losing anything.

An article is decoded strictly as UTF-8 (BOM aware); only when that fails is chardet
imported and asked. Newlines are normalised to ``\\n`` for checking and restored on
write, so a file that is not changed is never rewritten and a fixed file keeps its
encoding, BOM, newline style and mode.
"""
from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from .structs import dataclass

from .errors import WirelintError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class Article:
    """Decoded text (newlines as ``\\n``) and what is needed to write it back byte for byte."""

    text: str
    encoding: str
    bom: bytes
    newline: str
    mixed_newlines: bool = False


def _split_newlines(raw: str) -> tuple[str, str, bool]:
    crlf = raw.count("\r\n")
    cr = raw.count("\r") - crlf
    lf = raw.count("\n") - crlf
    styles = {"\r\n": crlf, "\r": cr, "\n": lf}
    used = [style for style, count in styles.items() if count]
    newline = max(styles, key=lambda style: (styles[style], style == "\n")) if used else "\n"
    if crlf or cr:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    return raw, newline, len(used) > 1


def _wide_encoding_without_bom(data: bytes) -> str | None:
    """Name the UTF-16/32 codec of BOM-less data, judged by where its NUL bytes sit.

    Text in these encodings that is mostly Latin script has NUL bytes in fixed positions
    (every other byte, or three of four); a binary file has them anywhere.
    """
    sample = data[:4096]
    size = len(sample) - len(sample) % 4
    if size < 4:
        return None
    positions = [sample[i:size:4].count(0) / (size // 4) for i in range(4)]
    candidates = []
    if len(data) % 4 == 0:
        if positions[1] > 0.9 and positions[2] > 0.9 and positions[3] > 0.9:
            candidates.append("utf-32-le")
        if positions[0] > 0.9 and positions[1] > 0.9 and positions[2] > 0.9:
            candidates.append("utf-32-be")
    if len(data) % 2 == 0:
        odd, even = (positions[1] + positions[3]) / 2, (positions[0] + positions[2]) / 2
        if odd > 0.3 and even < 0.05:
            candidates.append("utf-16-le")
        if even > 0.3 and odd < 0.05:
            candidates.append("utf-16-be")
    for codec in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\0" not in text:
            return codec
    return None


def decode_article(data: bytes, name: str = "<bytes>") -> Article:
    """Decode bytes strictly; raise WirelintError with a one-line reason if they are not text."""
    bom, encoding = b"", None
    for candidate, codec in _BOMS:
        if data.startswith(candidate):
            bom, encoding = candidate, codec
            break
    body = data[len(bom):]
    if encoding is None and b"\0" in body:
        encoding = _wide_encoding_without_bom(body)
        if encoding is None:
            raise WirelintError(f"{name}: binary file (contains NUL bytes), not an article")
    if encoding is None:
        try:
            raw = body.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as exc:
            if _mostly_utf8(body):
                raise WirelintError(
                    f"{name}: invalid UTF-8 at byte {exc.start} in otherwise UTF-8 text; not guessing another encoding"
                ) from None
            encoding = _detect_with_chardet(body, name)
            raw = _strict_decode(body, encoding, name)
    else:
        raw = _strict_decode(body, encoding, name)
    if "\0" in raw:
        raise WirelintError(f"{name}: binary file (contains NUL characters), not an article")
    # Strict UTF-8 decoding is one-to-one (overlong forms and surrogates are refused), so
    # only other codecs need the round trip checked.
    if encoding != "utf-8" and raw.encode(encoding) != body:
        raise WirelintError(f"{name}: text does not round-trip through {encoding}; refusing to treat it as an article")
    text, newline, mixed = _split_newlines(raw)
    return Article(text=text, encoding=encoding, bom=bom, newline=newline, mixed_newlines=mixed)


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(body: bytes) -> bool:
    """Whether bytes that fail UTF-8 are still mostly UTF-8 (damaged, not another encoding).

    Handing such text to chardet would pick a single-byte encoding, and every correct
    UTF-8 character would then read as mojibake and be "repaired" into damage.
    """
    valid = _UTF8_SEQUENCE.findall(body)
    if not valid:
        return False
    non_ascii = sum(1 for byte in body if byte > 0x7F)
    in_sequences = sum(len(sequence) for sequence in valid)
    return in_sequences > non_ascii - in_sequences


def _strict_decode(body: bytes, encoding: str, name: str) -> str:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise WirelintError(f"{name}: cannot decode as {encoding}: {exc.__class__.__name__}") from None


def _detect_with_chardet(body: bytes, name: str) -> str:
    import chardet  # imported only for files that are not UTF-8: it costs start-up time

    guess = chardet.detect(body)
    encoding = guess.get("encoding")
    if not encoding:
        raise WirelintError(f"{name}: not valid UTF-8 and the encoding could not be detected")
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise WirelintError(f"{name}: detected encoding {encoding!r} is not known to Python") from None


def encode_article(article: Article, text: str | None = None, name: str = "<text>") -> bytes:
    """Encode text (default: the article's own) with the article's encoding, BOM and newlines."""
    body = article.text if text is None else text
    if article.newline != "\n":
        body = body.replace("\n", article.newline)
    try:
        return article.bom + body.encode(article.encoding)
    except UnicodeEncodeError as exc:
        raise WirelintError(
            f"{name}: fixed text has a character {exc.object[exc.start:exc.end]!r} that {article.encoding} cannot hold; not written"
        ) from None


@dataclass(frozen=True, slots=True)
class FileState:
    """What a file looked like when it was read, to refuse overwriting a newer version."""

    size: int
    mtime_ns: int
    ino: int
    ctime_ns: int = 0


MAX_READ_BYTES = 256 * 1024 * 1024  # one article, pack, config or baseline; JSONL files are read a line at a time


def _kind_of(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def open_regular(path: str):
    """``path`` open for reading in binary, refused unless it is a regular file.

    Opened without blocking, so a FIFO named like an article cannot stall the run.
    """
    try:
        handle = open(path, "rb", opener=_nonblocking)
    except FileNotFoundError:
        raise WirelintError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise WirelintError(f"{path}: is a directory") from None
    except PermissionError:
        raise WirelintError(f"{path}: permission denied") from None
    except OSError as exc:
        raise WirelintError(f"{path}: cannot read: {exc.strerror or exc}") from None
    info = os.fstat(handle.fileno())
    if not stat.S_ISREG(info.st_mode):
        handle.close()
        if stat.S_ISDIR(info.st_mode):
            raise WirelintError(f"{path}: is a directory")
        raise WirelintError(f"{path}: {_kind_of(info.st_mode)}, not a regular file; not read")
    if hasattr(os, "set_blocking"):
        os.set_blocking(handle.fileno(), True)
    return handle, info


def read_bounded(handle, name: str, limit: int = MAX_READ_BYTES) -> bytes:
    """At most ``limit`` bytes from a binary handle; more is a one-line error."""
    try:
        data = handle.read(limit + 1)
    except OSError as exc:
        raise WirelintError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if data is None:
        data = b""
    if len(data) > limit:
        raise WirelintError(f"{name}: larger than {limit // (1024 * 1024)} MiB; not read")
    return data


def read_file(path: str, limit: int = MAX_READ_BYTES) -> tuple[bytes, FileState]:
    """The bytes of a regular file (at most ``limit``) and its state when read."""
    handle, info = open_regular(path)
    with handle:
        data = read_bounded(handle, path, limit)
    return data, FileState(info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)


def read_stdin(limit: int = MAX_READ_BYTES) -> bytes:
    """Standard input's bytes (at most ``limit``); a closed standard input is an error line."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise WirelintError("-: standard input is closed")
    try:
        return read_bounded(stream, "-", limit)
    except ValueError:  # closed file
        raise WirelintError("-: standard input is closed") from None


def read_input(path: str) -> tuple[bytes, FileState | None]:
    """The bytes of an article file, or of standard input for ``-`` (no state then)."""
    if path == "-":
        return read_stdin(), None
    return read_file(path)


def read_article(path: str, name: str | None = None) -> Article:
    """The decoded article at ``path`` (``-``: standard input), named ``name`` in errors.

    The one way articles are read: by the checks, the reuse rules and provenance.
    """
    data, _ = read_input(path)
    return decode_article(data, name or path)


def _state(stat: os.stat_result) -> FileState:
    # ctime cannot be set by tools that restore mtime, and changes on every write
    return FileState(stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)


def _copy_metadata(tmp: str, fd: int, current: os.stat_result, source: str, path: str) -> None:
    """Give the temporary file the original's owner, group, mode and extended attributes.

    POSIX ACLs are extended attributes (``system.posix_acl_access``), so they come along.
    Owner and group first (changing them clears set-id bits), then the mode, then the
    attributes (an ACL also sets the group bits of the mode). What cannot be kept stops
    the fix: the caller then leaves the original as it was.
    """
    if (current.st_uid, current.st_gid) != (os.fstat(fd).st_uid, os.fstat(fd).st_gid):
        try:
            os.fchown(fd, current.st_uid, current.st_gid)
        except PermissionError:
            raise WirelintError(
                f"{path}: cannot keep its owner and group ({current.st_uid}:{current.st_gid}) "
                "in the fixed copy; not fixed (run as the file's owner, or as root)"
            ) from None
    os.fchmod(fd, current.st_mode & 0o7777)
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(source)
    except OSError:
        return  # a file system without extended attributes: there are none to keep
    for name in names:
        try:
            value = os.getxattr(source, name)
            if _xattr_or_none(tmp, name) != value:  # a security label the new file already has is left alone
                os.setxattr(tmp, name, value)
        except OSError as exc:
            raise WirelintError(
                f"{path}: cannot keep extended attribute {name!r} in the fixed copy ({exc.strerror or exc}); not fixed"
            ) from None
    # What the new file got from its folder (an ACL from the folder's default ACL) and the
    # original did not have, goes: the fixed file has the original's attributes, no more.
    for name in set(os.listxattr(tmp)) - set(names):
        try:
            os.removexattr(tmp, name)
        except OSError as exc:
            raise WirelintError(
                f"{path}: the fixed copy got extended attribute {name!r} from its folder and it cannot be removed "
                f"({exc.strerror or exc}); not fixed"
            ) from None
    os.fchmod(fd, current.st_mode & 0o7777)  # an ACL removed or set also set the group bits


def _xattr_or_none(path: str, name: str) -> bytes | None:
    try:
        return os.getxattr(path, name)
    except OSError:
        return None


def write_file_atomically(path: str, data: bytes, expected: FileState) -> None:
    """Replace path with data via a temporary file and rename, keeping the file's metadata.

    The fixed file keeps the original's owner, group, mode (set-id bits too), extended
    attributes and POSIX ACLs; if any of these cannot be kept, nothing is written.
    Refuses (WirelintError) if the file changed since it was read, so a newer version is
    never overwritten, and if it has no write permission for anyone (even for root); on
    any failure the original stays as it was.
    """
    real = os.path.realpath(path)
    directory = os.path.dirname(real) or "."
    try:
        current = os.stat(real)
    except FileNotFoundError:
        raise WirelintError(f"{path}: deleted since it was read; not written") from None
    except OSError as exc:
        raise WirelintError(f"{path}: cannot look at the file before writing: {exc.strerror or exc}; not written") from None
    if _state(current) != expected:
        raise WirelintError(f"{path}: changed since it was read; not overwritten")
    if not current.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise WirelintError(f"{path}: file is read-only; not fixed")
    import tempfile  # only --fix writes files

    fd, tmp = -1, ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".wirelint-", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(data)
            handle.flush()
            _copy_metadata(tmp, handle.fileno(), current, real, path)
            os.fsync(handle.fileno())
        if _state(os.stat(real)) != expected:
            raise WirelintError(f"{path}: changed while it was being fixed; not overwritten")
        os.replace(tmp, real)
        tmp = ""
    except OSError as exc:
        raise WirelintError(f"{path}: cannot write fixed file: {exc.strerror or exc}; original left intact") from None
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass
