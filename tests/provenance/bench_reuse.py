"""Time and peak memory of reuse detection on generated corpora (not a test; run by hand).

    python tests/provenance/bench_reuse.py 10000 100000

Each size runs in its own process, so peak memory is that run's alone. Articles are
generated from their index when reuse detection asks for them (``tests/provenance/
corpus.py``), as files would be read, so the corpus itself is never held in memory;
the time to generate them is measured separately and subtracted (the confirmation
phase reads them again): from the wall time one pass over the corpus, from the CPU time
the generation of every text reuse detection loaded (``cpu_seconds_without_generation``;
generating an article costs about ten times reading a file). Wall and CPU time are both
reported: on a busy machine the CPU time is the steadier number. Recall is the share of
planted copies found; "other pairs" are pairs that really share a passage but were not
planted (e.g. two copies of the same original).
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parents[1])]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(size: int, substitution: float) -> dict:
    from provenance.corpus import Corpus

    from lint.provenance.reuse import ReuseSettings, Source, find_reuse

    corpus = Corpus(size, substitution=substitution)
    started = time.perf_counter()
    words = sum(len(corpus.text(i).split()) for i in range(size))
    generating = time.perf_counter() - started
    import numpy  # noqa: F401 - import cost is not part of the measurement

    import lint.provenance.reuse as reuse

    phase: dict[str, float] = {}
    confirm = reuse.confirm_plans

    def timed(*args):  # time phase 2 (exact confirmation) apart from phase 1 and the clusters
        begun = time.perf_counter()
        try:
            return confirm(*args)
        finally:
            phase["confirming"] = time.perf_counter() - begun

    reuse.confirm_plans = timed
    before = _rss_mb()
    cpu = time.process_time()
    started = time.perf_counter()
    generated = [0.0, 0]  # CPU seconds spent generating the texts reuse detection loaded, and how many

    def load(i: int) -> str:
        begun = time.process_time()
        try:
            return corpus.text(i)
        finally:
            generated[0] += time.process_time() - begun
            generated[1] += 1

    result = find_reuse([Source(str(i), lambda i=i: load(i)) for i in range(size)], ReuseSettings())
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    planted = corpus.planted()
    found = {(int(pair.a), int(pair.b)) for pair in result.pairs}
    stats = result.stats
    return {
        "articles": size, "words": words, "seconds_total": round(elapsed, 1), "cpu_seconds": round(cpu, 1),
        "cpu_seconds_without_generation": round(cpu - generated[0], 1), "texts_loaded": generated[1],
        "seconds_without_generation": round(elapsed - generating, 1),
        "seconds_candidates": round(elapsed - phase["confirming"], 1), "seconds_confirming": round(phase["confirming"], 1),
        "peak_rss_mb": round(_rss_mb(), 0), "rss_before_mb": round(before, 0),
        "units": stats.units, "edges": stats.edges, "clusters": stats.clusters,
        "largest_cluster": max((c.size for c in result.clusters), default=0),
        "comparisons": stats.candidate_pairs, "all_pairs": size * (size - 1) // 2,
        "shared_pairs": stats.shared_pairs, "planted": len(planted),
        "recall": round(len(found & planted) / len(planted), 4) if planted else None,
        "other_pairs": len(found - planted),
    }


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--one":
        print(json.dumps(measure(int(argv[1]), float(argv[2]))))
        return 0
    substitution = 0.5
    sizes = [int(a) for a in argv] or [10000, 100000]
    for size in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(size), str(substitution)],
                             capture_output=True, text=True, check=True)
        print(out.stdout.strip(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
