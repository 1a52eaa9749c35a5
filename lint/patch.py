"""Unified diffs that ``patch`` applies to reproduce ``--fix`` byte for byte.

A diff of the decoded text would not do: it splits lines where Python does (form feeds,
U+2028 ...), shows CRLF files with LF lines and cannot say that a file lacks a final
newline. Here lines are cut only after ``\\n``, as ``patch`` cuts them, every line keeps
its own line ending, and a last line without one is followed by
``\\ No newline at end of file``.
"""
from __future__ import annotations

from difflib import SequenceMatcher
from typing import Sequence

from .errors import WirelintError
from .source import Article, encode_article

CONTEXT = 3
NO_NEWLINE = "\\ No newline at end of file\n"


def patch_lines(text: str) -> list[str]:
    """``text`` cut after each ``\\n`` only, every piece keeping its line ending."""
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        lines.append(pieces[-1])
    return lines


def _range(start: int, length: int) -> str:
    """A hunk's ``start,length`` as diff writes it: ``3`` for one line, ``2,0`` for none after line 2."""
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _emit(prefix: str, line: str) -> str:
    return prefix + line if line.endswith("\n") else prefix + line + "\n" + NO_NEWLINE


_C_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def header_name(name: str) -> str:
    """A file name as the ``---``/``+++`` lines write it so that ``patch`` reads it back.

    A name with a quote, backslash or control character is C-quoted (``"a/x\\ty"``, as
    git writes it); one with a space is followed by a tab, which ends the name.
    """
    if any(char in _C_ESCAPES or ord(char) < 0x20 or ord(char) == 0x7F for char in name):
        escaped = "".join(
            _C_ESCAPES.get(char) or (f"\\{ord(char):03o}" if ord(char) < 0x20 or ord(char) == 0x7F else char)
            for char in name
        )
        return f'"{escaped}"'
    return name + "\t" if " " in name else name


def unified_diff(before: Sequence[str], after: Sequence[str], old_name: str, new_name: str, context: int = CONTEXT) -> str:
    """A unified diff of two lists of lines made by ``patch_lines``; empty if they are equal."""
    matcher = SequenceMatcher(None, before, after)
    out: list[str] = []
    for group in matcher.get_grouped_opcodes(context):
        if not out:
            out.append(f"--- {header_name(old_name)}\n+++ {header_name(new_name)}\n")
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2] - first[1])} +{_range(first[3], last[4] - first[3])} @@\n")
        for tag, old_from, old_to, new_from, new_to in group:
            if tag == "equal":
                out.extend(_emit(" ", line) for line in before[old_from:old_to])
                continue
            out.extend(_emit("-", line) for line in before[old_from:old_to])
            out.extend(_emit("+", line) for line in after[new_from:new_to])
    return "".join(out)


def article_patch(name: str, data: bytes, article: Article, fixed_text: str) -> str:
    """The diff that turns the file's bytes ``data`` into what ``--fix`` would write.

    For UTF-8 files (with or without BOM) the diff is exact: writing it as UTF-8 and
    applying it with ``patch -p1`` gives the fixed bytes. A file in another encoding is
    shown in UTF-8, with its own line endings, behind a line that says it will not apply.
    """
    try:
        fixed = encode_article(article, fixed_text, name)
    except WirelintError as exc:
        return f"# wirelint: {exc}\n"
    if article.encoding == "utf-8":
        before, after = data.decode("utf-8"), fixed.decode("utf-8")
        note = ""
    else:
        before = data[len(article.bom):].decode(article.encoding)
        after = fixed[len(article.bom):].decode(article.encoding)
        note = f"# wirelint: {name} is encoded as {article.encoding}; this diff is shown in UTF-8 and will not apply with patch\n"
    diff = unified_diff(patch_lines(before), patch_lines(after), f"a/{name}", f"b/{name}")
    return note + diff if diff else ""
