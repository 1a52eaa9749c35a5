"""Copies of one story are grouped by confirmed pairs that share most of a text, not by clusters."""
from __future__ import annotations

from lint.provenance import Source, find_reuse
from lint.provenance.stories import same_story, story_of

STORY = ("The harbour council voted on Tuesday to rebuild the old sea wall before the winter storms, "
         "after engineers warned that another season of high tides could breach it near the ferry pier. ") * 3
FOOTER = "Weather, traffic and tides for the whole bay every single morning from our newsroom"


def _article(seed: int) -> str:
    """A text of its own: sentences of words drawn for this article alone."""
    import random

    pick = random.Random(seed).choices
    words = [f"{a}{b}{c}" for a in "bcdfglmnprst" for b in "aeiou" for c in ("n", "r", "s", "th", "ck")]
    return " ".join(" ".join(pick(words, k=12)).capitalize() + "." for _ in range(10))


def test_a_shared_footer_does_not_make_different_articles_one_story():
    texts = {f"article{seed}.txt": f"{_article(seed)}\n\n{FOOTER}\n" for seed in range(4)}
    texts["copy.txt"] = f"{STORY}\n\n{FOOTER}\n"
    texts["original.txt"] = f"{STORY}\n\n{FOOTER}\n"
    names = sorted(texts)
    result = find_reuse([Source.of(name, texts[name]) for name in names])
    story = story_of(names, result.pairs)
    assert story == {"copy.txt": "copy.txt", "original.txt": "copy.txt"}
    assert all(same_story(p) == ({p.a, p.b} == {"copy.txt", "original.txt"}) for p in result.pairs)
