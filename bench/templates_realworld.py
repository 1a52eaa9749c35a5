#!/usr/bin/env python3
"""Precision per line of learned template lines on the real-world set (not a test).

    python bench/templates_realworld.py [--realworld ../shared/realworld]

Every page of ``../shared/realworld`` is there six times, once per extractor: the reuse
clusters make the six count as one article. Templates are learned over the whole set
(batch-wide: the sources are not known), every line they flag is scored against the
labels (``residue`` is right, ``body`` is a false alarm; ``title`` and ``mixed`` residue
are not scored, as the set's scorer does). ``pages_counted_once`` is how many pages have
all their extractions in one reuse cluster (counted as one article).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lint.provenance import Source, find_reuse  # noqa: E402
from lint.provenance.templates import TemplateCounter  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realworld", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "realworld")
    args = parser.parse_args(argv)
    docs = sorted((args.realworld / "docs").glob("*/*.txt"))
    texts = {str(p): p.read_text(encoding="utf-8") for p in docs}
    result = find_reuse([Source.of(name, text) for name, text in texts.items()])
    article = {name: c.representative for c in result.clusters for name in c.members}
    counter = TemplateCounter()
    for name, text in texts.items():
        counter.add(text.split("\n"), article.get(name, name))
    templates = counter.frequent()
    right = wrong = 0
    false_alarms = []
    for path in docs:
        labels = json.loads((args.realworld / "labels" / path.parent.name / f"{path.stem}.json").read_text(encoding="utf-8"))
        lines = texts[str(path)].split("\n")
        for index, _ in templates.flagged(texts[str(path)]):
            label, kind = labels["lines"][index], labels["kind"][index]
            if label == "body":
                wrong += 1
                false_alarms.append(lines[index][:80])
            elif label == "residue" and kind not in ("title", "mixed"):
                right += 1
    pages = len({path.stem for path in docs})
    articles_of_page: dict[str, set] = {}
    for path in docs:
        articles_of_page.setdefault(path.stem, set()).add(article.get(str(path), str(path)))
    once = sum(len(found) == 1 for found in articles_of_page.values())
    print(json.dumps({"files": len(docs), "pages": pages, "clusters": len(result.clusters), "pages_counted_once": once,
                      "template_lines": len(templates.lines), "flagged_residue": right, "flagged_body": wrong,
                      "precision": round(right / (right + wrong), 4) if right + wrong else None,
                      "false_alarms": sorted(set(false_alarms))[:20]}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
