"""Generated article corpora for reuse tests and benchmarks.

Each article mixes paragraphs of the seed articles and replaces words at random with
made-up words, so articles built from the same seed paragraphs still differ. A few
articles are *planted copies*: an abridged, lightly edited copy of an earlier article
without its credit line; a reuse detector should find exactly those pairs. Every article
is rebuilt from its index alone, so a large corpus never has to sit in memory.
"""
from __future__ import annotations

import random
import re
import string
from functools import lru_cache
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CREDIT = "The Associated Press contributed to this report."


@lru_cache(maxsize=1)
def seed_paragraphs() -> tuple[str, ...]:
    """Paragraphs of the seed articles with at least 12 words."""
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        for paragraph in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            paragraph = " ".join(paragraph.split())
            if len(paragraph.split()) >= 12:
                found.append(paragraph)
    return tuple(found)


class Corpus:
    """``size`` articles; every ``copy_every``-th one is a planted copy of an earlier original."""

    def __init__(self, size: int, seed: int = 0, substitution: float = 0.5, copy_every: int = 50) -> None:
        self.size, self.seed, self.substitution, self.copy_every = size, seed, substitution, copy_every
        rng = random.Random(seed)
        self.words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(30000)]

    def is_copy(self, index: int) -> bool:
        return index % self.copy_every == self.copy_every - 1

    def source_of(self, index: int) -> int:
        """The original a planted copy was made from (an earlier, non-copy article)."""
        rng = random.Random(f"{self.seed}/source/{index}")
        while True:
            source = index - 1 - rng.randrange(min(index, 1000))
            if not self.is_copy(source):
                return source

    def planted(self) -> set[tuple[int, int]]:
        return {(self.source_of(i), i) for i in range(self.size) if self.is_copy(i)}

    def _reword(self, paragraph: str, rng: random.Random, rate: float) -> str:
        return " ".join(rng.choice(self.words) if rng.random() < rate else word for word in paragraph.split())

    def text(self, index: int) -> str:
        rng = random.Random(f"{self.seed}/{index}")
        if self.is_copy(index):
            paragraphs = self.text(self.source_of(index)).split("\n\n")[1:]
            paragraphs = [p for p in paragraphs if p != CREDIT]
            kept = [p for p in paragraphs if rng.random() < 0.6] or paragraphs[:2]
            body = [self._reword(p, rng, 0.03) for p in kept]
            return "\n\n".join([f"Copy {index} headline", *body]) + "\n"
        pool = seed_paragraphs()
        body = [self._reword(rng.choice(pool), rng, self.substitution) for _ in range(rng.randint(6, 12))]
        if rng.random() < 0.3:
            body.append(CREDIT)
        return "\n\n".join([f"Article {index} headline", *body]) + "\n"
