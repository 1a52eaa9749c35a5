"""Telling a line of article prose from a residue line that starts the same way.

"Related: the mayor said on Tuesday that the wall would be finished by spring." and
"Copyright 2023 was a record year for the harbour." begin like a related-link or a
copyright line, but they are sentences of the story. Residue lines are labels, titles and
notices: no closing punctuation ("Related: The 15 Weirdest Galaxies"), a short first
sentence ("© 2019 Associated Press. All Rights Reserved. ..."), or capitalised names
("© John Brecher Needle poking ..."). Whole-line rules whose lines can open a sentence
run on ``lines: not-prose`` and so never see such a line.
"""
from __future__ import annotations

_MARKUP_SOURCE = r"^[^\S\n]*(?:[>*+-][^\S\n]+|\d{1,9}[.)][^\S\n]+)*"
_ENDS_SENTENCE_SOURCE = r"[.!?…][\"”’»)\]]*$"
_SENTENCE_BREAK_SOURCE = r"(?<=[.!?…][\"”’»)\]]*)\s+(?=[\"“‘«(\[]*[\p{Lu}\d])"
_WORD_SOURCE = r"\p{L}[\p{L}\p{M}'’-]*"
# Compiled on first use, after the rule cache has restored the regex programs it saved:
# the regex module parses a pattern in Python (about 0.4 ms each), a saved program is not.
_MARKUP = _ENDS_SENTENCE = _SENTENCE_BREAK = _WORD = None

MIN_WORDS = 6  # in the first sentence
MIN_LOWERCASE_SHARE = 0.5  # of its words
LOWERCASE_WITHIN = 4  # a lowercase word among the first words: "Related: the ...", "Copyright 2023 was ..."


def is_prose_sentence(line: str) -> bool:
    """Whether ``line`` reads as one or more sentences of running text.

    Its first sentence has at least MIN_WORDS words, mostly lowercase, with a lowercase
    word among the first LOWERCASE_WITHIN tokens, and the line ends as a sentence ends.
    """
    if _WORD is None:
        _compile()
    text = line[_MARKUP.match(line).end():].strip()
    if not _ENDS_SENTENCE.search(text):
        return False
    first = _SENTENCE_BREAK.split(text, maxsplit=1)[0]
    tokens = first.split()
    if len(tokens) < MIN_WORDS:
        return False
    initials = [_initial(token) for token in tokens]
    words = [initial for initial in initials if initial]
    lowercase = sum(1 for initial in words if initial.islower())
    if not words or lowercase < MIN_LOWERCASE_SHARE * len(words):
        return False
    return any(initial and initial.islower() for initial in initials[:LOWERCASE_WITHIN])


def _compile() -> None:
    global _MARKUP, _ENDS_SENTENCE, _SENTENCE_BREAK, _WORD
    from .kinds.programs import compile_regex

    _MARKUP, _ENDS_SENTENCE = compile_regex(_MARKUP_SOURCE), compile_regex(_ENDS_SENTENCE_SOURCE)
    _SENTENCE_BREAK, _WORD = compile_regex(_SENTENCE_BREAK_SOURCE), compile_regex(_WORD_SOURCE)


def _initial(token: str) -> str:
    """The first letter of a token's word ("“The" -> "T"), or "" for "2023" and "©"."""
    found = _WORD.search(token)
    return found.group()[0] if found else ""
