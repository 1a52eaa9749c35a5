"""A rule's regular expression rewritten for RE2 as a superset: evidence, not a replacement.

The rewrite keeps what a match must contain and drops what RE2 cannot check: look-arounds,
word boundaries, ``\\K`` and other zero-width assertions become empty, a back-reference
becomes "any text", atomic groups and possessive quantifiers become plain ones. Classes,
``.`` and case-insensitive letters become explicit RE2 classes (``charsets``). So wherever
the rule's regex matches, the rewritten one matches too. A construct with no safe rewrite
(verbose patterns, fuzzy matching, recursion, conditionals, version-1 syntax, unknown
escapes) gives None: the rule then has no evidence and runs on every document.
"""
from __future__ import annotations

import functools
import re
import unicodedata

import regex

from .charsets import charset

EMPTY = "(?:)"
ANY_TEXT = "(?s:.*)"
_QUANTIFIER = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")
_FLAG_GROUP = re.compile(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])")
_KNOWN_FLAGS = {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL, "x": regex.VERBOSE}
_MAX_CALL_DEPTH = 3  # subroutine calls followed this deep; deeper ones read as any text
_ZERO_WIDTH = set("AZbBGKmMz")
_LITERAL_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_CLASS_ESCAPES = set("dDwWsShH")
_SMALL_REPEAT = 3  # x{0,200} becomes x{0,}: counted repeats cost RE2 DFA states


class Untranslatable(Exception):
    """The pattern uses a construct with no safe RE2 superset."""


def to_re2(source: str, flags: int = 0, engine: str = "regex", cut: bool = False) -> str | None:
    """An RE2 pattern matching at least wherever ``source`` matches, or None.

    ``flags`` are the compile flags of the rule (regex / re flag values); ``engine`` is
    the module that runs the rule. ``^`` and ``$`` are kept only under MULTILINE, where
    they mean line starts and ends in RE2 too; elsewhere they are dropped.

    With ``cut``, each branch ends at its first positive look-ahead that names a word
    (``(?=[^\n]*\bcookies?\b)``): the look-ahead's body is kept and what follows it in
    the branch, and after the branch's group, is dropped. ``X(?=A)Y`` matches only where
    ``XA`` does, starting at the same place, so this too is a superset; it keeps the
    words a line-wise rule tests with look-aheads, which the plain rewrite drops.
    """
    found = rewrite(source, flags, engine, cut)
    return None if found is None else found[0]


def rewrite(source: str, flags: int = 0, engine: str = "regex", cut: bool = False,
            skip: int = 0) -> tuple[str, bool] | None:
    """``to_re2``'s pattern, and whether its match may start before the regex's.

    The plain rewrite keeps a look-behind that opens the pattern, so its match starts
    early; a cut rewrite drops it. A ``\\K`` makes either start early. With ``skip``, a
    cut rewrite drops the first ``skip`` word-naming look-aheads (counted through the
    pattern) and ends at the next: ``X(?=A)(?=B)Y`` matches only where ``XB`` does, so
    each such rewrite is a superset too, and together they ask for every look-ahead's words.
    """
    if flags & regex.LOCALE or flags & (regex.ASCII | regex.V1 if engine == "regex" else re.ASCII):
        return None
    try:
        try:
            global_flags = _global_flags(source, flags & regex.VERBOSE)
        except Untranslatable:
            global_flags = None
        if global_flags is None or (global_flags & regex.VERBOSE and not flags & regex.VERBOSE):
            # (?x) turns on comments, which may hold brackets: read the flags again, with comments
            global_flags = _global_flags(source, regex.VERBOSE)
            if not global_flags & regex.VERBOSE and not flags & regex.VERBOSE:
                raise Untranslatable("unreadable pattern")
        translator = _Translator(source, flags | global_flags, engine)
        translator.collect_names()
        translator.cutting, translator.skip = cut, skip
        return translator.run(), translator.early
    except (Untranslatable, ValueError, IndexError, RecursionError):
        return None


_RE2_TOKEN = re.compile(
    r"(?P<class>\[(?:\\x\{[0-9A-F]+\}(?:-\\x\{[0-9A-F]+\})?)+\])|\\x\{(?P<char>[0-9A-F]+)\}|(?P<safe>\[\^\\n\]|"
    r"\(\?m:[$^]\)|\(\?:|\)|\||[*+?]|\{\d+(?:,\d*)?\})"
)
_RANGE = re.compile(r"\\x\{([0-9A-F]+)\}(?:-\\x\{([0-9A-F]+)\})?")


def line_bound(source: str, flags: int = 0, engine: str = "regex") -> bool:
    """Whether no match of ``source``, nor any look-ahead it makes, can take in a line break,
    and it asserts nothing about the text's ends (``\\A``, ``\\Z``, ``^``/``$`` without
    MULTILINE). Such a regex finds the same matches line by line, each line's end taken as
    the text's end (``^``, ``$``, ``\\b`` and look-behinds read the same characters), as over
    the whole text. Judged on a rewrite that keeps every look-ahead's body as text: each
    class of it is written out exactly for ASCII, so a line break is seen where it can be.
    """
    if flags & regex.LOCALE or flags & regex.DOTALL:
        return False
    try:
        global_flags = _global_flags(source, flags & regex.VERBOSE)
        translator = _Translator(source, flags | global_flags, engine)
        translator.collect_names()
        translator.probing = True
        probe = translator.run()
    except (Untranslatable, ValueError, IndexError, RecursionError):
        return False
    return not translator.text_edges and not _takes_newline(probe)


def _takes_newline(pattern: str) -> bool:
    """Whether an RE2 pattern of this module's making may match a line break (unknown: yes)."""
    index = 0
    while index < len(pattern):
        token = _RE2_TOKEN.match(pattern, index)
        if token is None:
            return True
        if token.group("char") is not None and int(token.group("char"), 16) == 0xA:
            return True
        if token.group("class") is not None:
            for low, high in _RANGE.findall(token.group("class")):
                if int(low, 16) <= 0xA <= int(high or low, 16):
                    return True
        index = token.end()
    return False


def _global_flags(source: str, verbose: int = 0) -> int:
    """Flags set by ``(?i)``-style groups: in V0 and in ``re`` they apply to the whole pattern."""
    found = 0
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if verbose and char == "#":
            index = _comment_end(source, index)
            continue
        if char == "[":
            index = _class_end(source, index)
            continue
        if source.startswith("(?", index):
            flag = _FLAG_GROUP.match(source, index)
            if flag and flag.group(3) == ")" and flag.group(1) != "R":  # (?R) recurses, sets nothing
                if flag.group(2):
                    raise Untranslatable("flags turned off")
                found |= _flag_bits(flag.group(1))
        index += 1
    return found


def _comment_end(source: str, index: int) -> int:
    end = source.find("\n", index)
    return len(source) if end < 0 else end + 1


def _flag_bits(letters: str) -> int:
    bits = 0
    for letter in letters:
        if letter not in _KNOWN_FLAGS:
            raise Untranslatable(f"flag {letter!r}")
        bits |= _KNOWN_FLAGS[letter]
    return bits


def _class_end(source: str, start: int) -> int:
    """Index just past the class that opens at ``start`` (version-0 syntax)."""
    index = start + 1
    if source.startswith("^", index):
        index += 1
    if source.startswith("]", index):
        index += 1
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
        elif source.startswith("[:", index):
            close = source.find(":]", index + 2)
            if close < 0:
                raise Untranslatable("unclosed POSIX class")
            index = close + 2
        elif char == "[":
            raise Untranslatable("nested set")  # version-1 set syntax, or ambiguous
        elif char == "]":
            return index + 1
        else:
            index += 1
    raise Untranslatable("unclosed class")


_ESCAPE_OR_CLASS = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|\(\?[A-Za-z]*[:<>'=!]?")
_WORD = re.compile(r"[A-Za-z]{3}")


def names_a_word(body: str) -> bool:
    """Whether every alternative of a look-ahead's body spells a word of three letters.

    Such a look-ahead makes a line-wise rule ask for a word; one that only measures the
    line (``(?=[^\n]{1,700}$)``) is not worth ending a branch for. Only speed depends on it.
    """
    plain = _ESCAPE_OR_CLASS.sub(" ", body)
    depth, alternatives, current = 0, [], []
    for char in plain:
        depth += (char == "(") - (char == ")")
        if char == "|" and depth == 0:
            alternatives.append("".join(current))
            current = []
        else:
            current.append(char)
    alternatives.append("".join(current))
    return all(_WORD.search(alternative) for alternative in alternatives)


@functools.lru_cache(maxsize=256)
def _named_groups(source: str, flags: int, engine: str) -> dict[str, tuple[int, int]]:
    """A first pass over ``source`` (calls read as any text) that finds its named groups;
    the plain and the cut rewrite of one pattern share it."""
    probe = _Translator(source, flags, engine)
    probe.depth = _MAX_CALL_DEPTH
    probe.run()
    return probe.names


class _Translator:
    def __init__(self, source: str, flags: int, engine: str) -> None:
        self.source, self.engine = source, engine
        self.index = 0
        self.flags = flags
        self.lookaround: tuple[str, str] | None = None  # the positive look-around just read
        self.names: dict[str, tuple[int, int]] = {}  # group name -> (index of its body, its flags)
        self.depth = 0
        self.cutting = False  # end each branch at its first look-ahead that names a word (``to_re2``)
        self.skip = 0  # word-naming look-aheads still to drop before one ends a branch (``rewrite``)
        self.probing = False  # keep look-ahead bodies as text, for ``line_bound``
        self.text_edges = False  # an assertion about the text's start or end was read
        self.ended = False  # the atom just read ended its branch (a cut look-ahead, or a group holding one)
        self.early = False  # a look-behind opening the pattern was kept: matches start before the regex's

    def collect_names(self) -> None:
        """Where each named group's body starts, for ``(?&name)`` calls before the group."""
        self.names = dict(_named_groups(self.source, self.flags, self.engine))

    def skip_ignored(self, flags: int) -> None:
        """Whitespace and ``#`` comments, which a verbose pattern ignores outside classes."""
        if not flags & regex.VERBOSE:
            return
        source = self.source
        while self.index < len(source):
            char = source[self.index]
            if char.isspace():
                self.index += 1
            elif char == "#":
                self.index = _comment_end(source, self.index)
            else:
                return

    def call(self, name: str) -> str:
        """A subroutine call: the called group's body again, as a superset."""
        if self.depth >= _MAX_CALL_DEPTH or name not in self.names:
            return ANY_TEXT
        body, flags = self.names[name]
        inner = _Translator(self.source, self.flags, self.engine)
        inner.names, inner.depth, inner.index = self.names, self.depth + 1, body
        return "(?:" + inner._close(flags) + ")"

    def run(self) -> str:
        parts = self.sequence(self.flags, top=True)
        if self.index != len(self.source):
            raise Untranslatable("unbalanced parenthesis")
        return "".join(parts)

    def sequence(self, flags: int, top: bool = False) -> list[str]:
        """Alternatives up to the closing parenthesis of the current group (not consumed).

        At the top level, a positive look-ahead that ends the pattern and a positive
        look-behind that starts it are kept as plain groups: a match is then followed
        (preceded) by text they match, so the longer pattern still matches there.
        """
        parts: list[str] = []
        source = self.source
        edges: dict[int, str] = {}
        alternatives = False
        cut = ended = False  # this branch ended at a cut look-ahead; some branch did
        while True:
            self.skip_ignored(flags)
            if self.index >= len(source):
                break
            char = source[self.index]
            if char == ")":
                break
            if char == "|":
                parts.append("|")
                alternatives = True
                cut = False
                self.index += 1
                continue
            self.lookaround = None
            start, self.ended = self.index, False
            atom = self.atom(flags)
            self.skip_ignored(flags)
            quantifier = self.quantifier()
            if self.ended and quantifier:  # a cut group repeated, maybe zero times: read it whole
                self.index, self.cutting = start, False
                atom = self.atom(flags)
                self.skip_ignored(flags)
                quantifier = self.quantifier()
                self.cutting, self.ended = True, False
            if cut:
                continue  # read for its extent only: the branch has ended
            if top and self.lookaround and not quantifier:
                edges[len(parts)] = self.lookaround
            parts.append(atom + quantifier)
            if self.ended:
                cut = ended = True
        self.ended = ended
        if top and not alternatives and parts:
            last, first = edges.get(len(parts) - 1), edges.get(0)
            if last and last[0] == "ahead":
                parts[-1] = f"(?:{last[1]})"
            if first and first[0] == "behind" and not self.cutting:
                parts[0] = f"(?:{first[1]})"
                self.early = True
        return parts

    def quantifier(self) -> str:
        source, index = self.source, self.index
        if index >= len(source):
            return ""
        char = source[index]
        if char in "*+?":
            out, index = char, index + 1
        elif char == "{":
            found = _QUANTIFIER.match(source, index)
            if found is None:
                if regex.match(r"\{[^}]*[<=]", source[index:]):
                    raise Untranslatable("fuzzy matching")
                return ""  # a literal brace, read as an atom next
            low, comma, high = found.groups()
            if not low and not comma:
                return ""
            low_n, index = int(low or 0), found.end()
            high_n = low_n if comma is None else (int(high) if high else None)
            if high_n is not None and high_n <= _SMALL_REPEAT:
                out = f"{{{low_n},{high_n}}}"
            else:  # a long count makes RE2's DFA track every position in it: "at least" is a superset
                out = f"{{{min(low_n, _SMALL_REPEAT)},}}"
        else:
            return ""
        if index < len(source) and source[index] in "?+":  # lazy or possessive: same set of texts
            index += 1
        self.index = index
        return out

    def atom(self, flags: int) -> str:
        source = self.source
        char = source[self.index]
        if char == "\\":
            return self.escape(flags)
        if char == "[":
            end = _class_end(source, self.index)
            text = source[self.index : end]
            self.index = end
            return charset(text, self._class_flags(flags), self.engine)
        if char == "(":
            return self.group(flags)
        self.index += 1
        if char == ".":
            return "(?s:.)" if flags & regex.DOTALL else "[^\\n]"
        if char in "^$":
            if flags & regex.MULTILINE:
                return f"(?m:{char})"
            self.text_edges = True
            return EMPTY
        if char in "*+?":
            raise Untranslatable("nothing to repeat")
        return self.literal(char, flags)

    def _class_flags(self, flags: int) -> int:
        return flags & regex.IGNORECASE

    def literal(self, char: str, flags: int) -> str:
        if flags & regex.IGNORECASE and (char.lower() != char.upper() or not char.isascii()):
            if ord(char) >= 0x10000:
                raise Untranslatable("case-insensitive astral letter")
            return charset(regex.escape(char) if self.engine == "regex" else re.escape(char),
                           self._class_flags(flags), self.engine, astral=False)
        return f"\\x{{{ord(char):X}}}"

    def escape(self, flags: int) -> str:
        source = self.source
        if self.index + 1 >= len(source):
            raise Untranslatable("trailing backslash")
        code = source[self.index + 1]
        start = self.index
        self.index += 2
        if code in _ZERO_WIDTH:
            if code in "AZzG":
                self.text_edges = True
            if code == "K":
                self.early = True  # the match the rule reports starts here, after text the rewrite reads
            return EMPTY
        if code in _CLASS_ESCAPES:
            if code in "hH" and self.engine != "regex":
                raise Untranslatable("\\h")
            return charset(source[start : self.index], self._class_flags(flags), self.engine)
        if code in "pP":
            if self.engine != "regex":
                raise Untranslatable("\\p in re")
            if source.startswith("{", self.index):
                close = source.index("}", self.index)
                self.index = close + 1
            else:
                self.index += 1
            return charset(source[start : self.index], self._class_flags(flags), self.engine)
        if code in _LITERAL_ESCAPES:
            return self.literal(_LITERAL_ESCAPES[code], flags)
        if code == "x":
            return self.literal(chr(int(self._hex(2), 16)), flags)
        if code == "u":
            return self.literal(chr(int(self._hex(4), 16)), flags)
        if code == "U":
            return self.literal(chr(int(self._hex(8), 16)), flags)
        if code == "N" and source.startswith("{", self.index):
            close = source.index("}", self.index)
            name = source[self.index + 1 : close]
            self.index = close + 1
            try:
                return self.literal(unicodedata.lookup(name), flags)
            except KeyError:
                raise Untranslatable(f"unknown character name {name!r}") from None
        if code == "X":
            return "(?s:.+)"
        if code == "0":
            digits = regex.match(r"[0-7]{0,2}", source[self.index :]).group()
            self.index += len(digits)
            return self.literal(chr(int("0" + digits, 8)), flags)
        if code.isdigit():
            while self.index < len(source) and source[self.index].isdigit():
                self.index += 1
            return ANY_TEXT  # a back-reference: some earlier text again
        if code == "g" and source.startswith("<", self.index):
            self.index = source.index(">", self.index) + 1
            return ANY_TEXT
        if code.isascii() and code.isalnum():
            raise Untranslatable(f"escape \\{code}")
        return self.literal(code, flags)

    def _hex(self, width: int) -> str:
        digits = self.source[self.index : self.index + width]
        if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
            raise Untranslatable("bad hex escape")
        self.index += width
        return digits

    def group(self, flags: int) -> str:
        source = self.source
        start = self.index
        if not source.startswith("(?", start):
            self.index += 1
            return "(?:" + self._close(flags) + ")"
        rest = source[start + 2 : start + 4]
        if rest.startswith(("=", "!")) or rest in ("<=", "<!"):
            self.index = body = start + 2 + (1 if rest[0] in "=!" else 2)
            cutting, self.cutting = self.cutting, False
            inner = self._close(flags)  # parsed for its extent (and to reject what cannot be read)
            self.cutting = cutting
            if self.probing and rest[0] in "=!":
                return "(?:" + inner + ")"
            if cutting and rest[0] == "=" and names_a_word(source[body : self.index - 1]):
                if self.skip > 0:
                    self.skip -= 1
                    return EMPTY
                self.ended = True
                return "(?:" + inner + ")"
            if rest[0] == "=" or rest == "<=":
                self.lookaround = ("ahead" if rest[0] == "=" else "behind", inner)
            return EMPTY
        if rest.startswith("#"):
            self.index = source.index(")", start) + 1
            return EMPTY
        if rest.startswith((":", ">", "|")):
            self.index = start + 3
            return "(?:" + self._close(flags) + ")"
        if rest.startswith("P<") or (rest.startswith("<") and rest[1:2] not in ("=", "!")) or rest.startswith("'"):
            closer = ">" if "<" in rest else "'"
            name_start = start + (4 if rest.startswith("P") else 3)
            self.index = source.index(closer, start + 3) + 1
            self.names.setdefault(source[name_start : self.index - 1], (self.index, flags))
            return "(?:" + self._close(flags) + ")"
        if rest.startswith("P="):
            self.index = source.index(")", start) + 1
            return ANY_TEXT
        if rest.startswith(("&", "P>")):
            name_start = start + (3 if rest.startswith("&") else 4)
            self.index = source.index(")", start) + 1
            return self.call(source[name_start : self.index - 1])
        if source.startswith("(?(DEFINE)", start):
            self.index = start + len("(?(DEFINE)")
            self._close(flags)  # defines groups for calls; matches nothing itself
            return EMPTY
        if regex.match(r"\(\?(?:R|[+-]?\d+)\)", source[start:]):
            self.index = source.index(")", start) + 1
            return ANY_TEXT  # recursion or a numbered call
        flag = _FLAG_GROUP.match(source, start)
        if flag:
            self.index = flag.end()
            if flag.group(3) == ")":
                return EMPTY  # already applied to the whole pattern
            inner = (flags | _flag_bits(flag.group(1))) & ~_flag_bits(flag.group(2) or "")
            return "(?:" + self._close(inner) + ")"
        raise Untranslatable("group construct")

    def _close(self, flags: int) -> str:
        inner = "".join(self.sequence(flags))
        if self.index >= len(self.source) or self.source[self.index] != ")":
            raise Untranslatable("unclosed group")
        self.index += 1
        return inner
