"""Hypothesis strategies and helpers shared by the property, stateful and hostile-rule tests.

Generated articles mix prose in several scripts, residue lines taken from the shipped
packs themselves (their phrases, headings and examples), characters of every Unicode
plane, non-breaking spaces, byte-order marks, control and zero-width characters, empty
and whitespace-only lines and occasional very long lines. Engine texts use ``\\n``
newlines; ``file_styles`` adds the encodings, BOMs and newline styles files come in.
"""
from __future__ import annotations

import codecs
import functools

import yaml
from hypothesis import strategies as st

DIAGNOSTIC_PREFIX = "wirelint/"  # rule-timeout, fix-refused, source-encoding: not rule matches


def is_diagnostic(finding) -> bool:
    return finding.rule.startswith(DIAGNOSTIC_PREFIX)


def run_file(path, rules, *, fix: bool = False, unsafe: bool = False, diff: bool = False):
    """lint.runner.process_file on one path, with the given options."""
    from lint.runner import Options, process_file

    return process_file(str(path), rules, Options(fix=fix, unsafe=unsafe, diff=diff))


@functools.lru_cache(maxsize=None)
def shipped_rules() -> tuple:
    """The shipped rules, loaded once per process (hypothesis dislikes function fixtures)."""
    from lint.packs import load_rules

    return tuple(load_rules())


@functools.lru_cache(maxsize=None)
def pack_material() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(whole-line phrases and headings, example texts) of the shipped packs, read as data."""
    from lint.packs import builtin_pack_dir

    phrases: set[str] = set()
    snippets: list[str] = []
    for path in sorted(builtin_pack_dir().glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for rule in data.get("rules") or []:
            for key in ("phrases", "heading"):
                phrases.update(p for p in rule.get(key) or [] if isinstance(p, str))
            examples = rule.get("examples") or {}
            for item in [*(examples.get("match") or []), *(examples.get("no_match") or [])]:
                text = item.get("text") if isinstance(item, dict) else item
                if isinstance(text, str):
                    snippets.append(text)
    return tuple(sorted(phrases)), tuple(snippets)


PROSE = (
    "The council met on Monday and voted to rebuild the harbour wall before winter.",
    "“We will not accept a deal that leaves the north without power,” the minister said.",
    "Officials said the talks would resume in Geneva next week, according to a statement.",
    "Le président a déclaré à la presse que la réunion était terminée.",
    "Die Regierung in Berlin kündigte am Dienstag neue Maßnahmen an.",
    "Президент заявил, что переговоры продолжатся в среду.",
    "政府周二宣布了新的措施，以应对能源危机。",
    "وقال المتحدث إن المحادثات ستستأنف الأسبوع المقبل.",
    "प्रधानमंत्री ने मंगलवार को नई योजना की घोषणा की।",
    "Zelenskyy’s office said the call lasted 50 minutes 😀 and ended well.",
    "Shares rose 3.5% in early trading in São Paulo and Zürich.",
    "𝔗𝔥𝔢 𝔪𝔞𝔯𝔨𝔢𝔱 closed higher, with 𝟓 of 𝟔 sectors up.",
    "He said he would download our app for the latest news later.",
    "Chapter 7 of the Report, AP said.",
    "Critics said Google News is more than a simple aggregator of headlines.",
)

# Small pieces that exercise the encoding, whitespace and translation rules and the
# position arithmetic: astral characters of several planes, combining marks, BOMs,
# line-separator look-alikes that are not newlines for wirelint.
SPECIALS = (
    "\u00a0", "\u00a0\u00a0", "\ufeff", "\u200b", "\u200c", "\u2060", "\ufffd", "\t", "\x07", "\x0b", "\x0c",
    "\x1c", "\x7f", "\x85", "\u2028", "\u2029", "\u202f", "e\u0301", "😀", "👍🏽", "𝔘𝔫𝔦", "\U00020000",
    "\U00030000", "\U000e0041", "\U000f0000", "\U0010fffd", "â€™", "Ã©", "Ã¼ber", "&amp;", "&#8217;",
    "&nbsp;", " . ,", ". .", "the the", "a. b", "  ", "(AP Photo/Evan Vucci)", "Getty Images",
)

# Any character except the newline characters that the engine's texts never contain and NUL
# (which marks a binary file). st.characters covers every plane; surrogates are excluded.
LINE_CHARS = st.characters(exclude_characters="\n\r\x00", exclude_categories=("Cs",))


@functools.lru_cache(maxsize=None)
def _residue_lines() -> tuple[str, ...]:
    phrases, snippets = pack_material()
    lines = {line for snippet in snippets for line in snippet.split("\n") if line.strip()}
    return tuple(sorted(lines | set(phrases)))


@functools.lru_cache(maxsize=None)
def _snippets() -> tuple[str, ...]:
    return pack_material()[1]


def _mixed_line() -> st.SearchStrategy[str]:
    piece = st.one_of(
        st.sampled_from(PROSE),
        st.sampled_from(SPECIALS),
        st.text(alphabet=LINE_CHARS, max_size=12),
        st.sampled_from(("the", "said", "Putin", "Advertisement", "of", ".", ",", " ", "Home")),
    )
    return st.lists(piece, max_size=8).map(" ".join)


def _long_line() -> st.SearchStrategy[str]:
    return st.builds(
        lambda sentence, count, tail: (sentence + " ") * count + tail,
        st.sampled_from(PROSE),
        st.integers(min_value=30, max_value=250),
        st.sampled_from(("", "the", "\u00a0", "😀", "Getty Images")),
    )


def lines() -> st.SearchStrategy[str]:
    """One line of an article (no newline in it)."""
    return st.one_of(
        st.sampled_from(PROSE),
        st.deferred(lambda: st.sampled_from(_residue_lines())),
        _mixed_line(),
        st.sampled_from(("", "", " ", "\t", "\u00a0", " \u00a0 ")),
        st.text(alphabet=LINE_CHARS, max_size=40),
        _long_line(),
    )


def articles(max_pieces: int = 24) -> st.SearchStrategy[str]:
    """Article text with ``\\n`` newlines: lines and whole residue snippets, mixed."""
    piece = st.one_of(lines(), lines(), lines(), st.deferred(lambda: st.sampled_from(_snippets())))
    separator = st.sampled_from(("\n", "\n", "\n\n", "\n\n\n"))
    return st.builds(_join, st.lists(st.tuples(piece, separator), max_size=max_pieces), st.booleans())


def _join(parts: list[tuple[str, str]], final_newline: bool) -> str:
    text = "".join(piece + separator for piece, separator in parts)
    if not final_newline and text.endswith("\n"):
        text = text[:-1]
    return text


def any_strings() -> st.SearchStrategy[str]:
    """Really any string: every code point including lone surrogates, NUL and CR."""
    char = st.one_of(
        st.characters(codec=None, categories=None),
        st.integers(min_value=0xD800, max_value=0xDFFF).map(chr),
        st.sampled_from(("\n", "\r", "\r\n", "\x00", "\u00a0", "\ufeff", "Advertisement\n", "Getty Images\n")),
    )
    return st.one_of(st.lists(char, max_size=200).map("".join), articles())


ENCODINGS_WITH_BOM = (
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE),
    ("utf-32-be", codecs.BOM_UTF32_BE),
)
NEWLINES = ("\n", "\r\n", "\r")


def file_styles() -> st.SearchStrategy[tuple[str, bytes, str]]:
    """(encoding, bom, newline) of a file any article text can be written in."""
    return st.tuples(st.sampled_from(ENCODINGS_WITH_BOM), st.sampled_from(NEWLINES)).map(
        lambda pair: (pair[0][0], pair[0][1], pair[1])
    )


def encode(text: str, encoding: str, bom: bytes, newline: str) -> bytes:
    return bom + text.replace("\n", newline).encode(encoding)


def representable(text: str, encoding: str, bom: bytes) -> bool:
    """Whether a file holding ``text`` decodes back to exactly ``text``.

    A UTF-8 file without BOM whose text starts with U+FEFF is, byte for byte, a UTF-8
    file with BOM: wirelint (rightly) reads that character as the BOM.
    """
    return not (encoding == "utf-8" and not bom and text.startswith("\ufeff"))


# ---------------------------------------------------------------------------------------
# Position helpers, written independently of lint.document.

def offset_position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset, counting code points."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def text_between(lines_: list[str], line: int, column: int, end_line: int, end_column: int, newline: str = "\n") -> str:
    """The text from (line, column) to (end_line, end_column), end exclusive."""
    if line == end_line:
        return lines_[line - 1][column - 1 : end_column - 1]
    middle = lines_[line : end_line - 1]
    return newline.join([lines_[line - 1][column - 1 :], *middle, lines_[end_line - 1][: end_column - 1]])


def merged(spans) -> list[list[int]]:
    """Union of [start, end) spans, touching spans merged; empty spans dropped."""
    out: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return out

