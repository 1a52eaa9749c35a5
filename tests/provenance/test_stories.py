"""Copies of one story count as one article; texts joined only by a shared short footer do not."""
from __future__ import annotations

from lint.provenance import Source, find_reuse
from lint.provenance.stories import article_labels, articles

STORY = ("The harbour council voted on Tuesday to rebuild the old sea wall before the winter storms, "
         "after engineers warned that another season of high tides could breach it near the ferry pier. ") * 3
FOOTER = "Weather, traffic and tides for the whole bay"  # shorter than a confirmed passage


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
    assert any(len(cluster.members) > 2 for cluster in result.clusters)  # the footer joins them in a cluster
    story = articles(result.clusters, result.pairs)
    assert set(story) == {"copy.txt", "original.txt"} and len(set(story.values())) == 1


def test_article_labels_keep_the_cluster_of_paired_documents_only():
    assert article_labels([0, 0, 0, 3, 3], [0, 2]).tolist() == [0, 1, 0, 3, 4]
    assert article_labels([0, 0], []).tolist() == [0, 1]
