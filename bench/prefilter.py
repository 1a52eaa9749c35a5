#!/usr/bin/env python3
"""What the prefilter costs and saves, in-process, in CPU time (robust on a shared machine).

    python bench/prefilter.py --n 2000              # generate a corpus and measure
    python bench/prefilter.py --corpus DIR          # measure existing *.txt files

Reports: the time to build the RE2 set from the loaded rules, the screening pass per
document (encode + one ``Set.Match``), how many rules each document keeps, and
``check_document`` over the corpus with the prefilter on and off (alternating rounds,
the median of each), plus the per-rule CPU time of what still runs. With pyahocorasick
installed it also times an Aho-Corasick pass over the casefolded text for the phrase
lists, the alternative the RE2 set was measured against. All figures are CPU seconds
(``time.process_time``) of this one process.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

OUT = BENCH / "out"


def cpu() -> float:
    return time.process_time()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="articles to generate (default 2000)")
    parser.add_argument("--corpus", help="existing folder of *.txt files instead")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of on/off (default 3)")
    args = parser.parse_args(argv)
    if args.corpus:
        files = sorted(Path(args.corpus).rglob("*.txt"))
    else:
        folder = Path(tempfile.mkdtemp(prefix="wirelint-prefilter-"))
        generate.generate(args.n, 1, folder, big=False, quiet=True)
        files = sorted((folder / generate.ARTICLES).rglob("*.txt"))

    from lint.document import Document
    from lint.engine import check_document
    from lint.packs import load_rules
    from lint.prefilter import plan

    rules = load_rules()
    texts = [f.read_text(encoding="utf-8") for f in files]
    started = cpu()
    built = plan.Plan(rules)
    build_s = cpu() - started
    started = cpu()
    kept = [built.candidates(Document(text)) for text in texts]
    screen_s = cpu() - started
    per_rule = collections.Counter(rules[i].id for chosen in kept for i in chosen)

    timings: dict[str, list[float]] = {"on": [], "off": []}
    for _ in range(args.rounds):
        for mode in ("on", "off"):
            os.environ["WIRELINT_PREFILTER"] = "1" if mode == "on" else "0"
            check_document(Document(""), rules)  # past the warm-up
            started = cpu()
            for text in texts:
                check_document(Document(text), rules)
            timings[mode].append(cpu() - started)
    os.environ.pop("WIRELINT_PREFILTER", None)

    rule_cpu: collections.Counter = collections.Counter()
    for text, chosen in zip(texts, kept):
        doc = Document(text)
        for i in chosen:
            started = cpu()
            rules[i].hits(doc)
            rule_cpu[rules[i].id] += cpu() - started

    result = {
        "files": len(texts), "mb": sum(map(len, texts)) / 1e6, "rules": len(rules),
        "rules_without_evidence": [rules[i].id for i in built.always],
        "set_build_ms": build_s * 1000, "screen_us_per_doc": screen_s * 1e6 / len(texts),
        "rules_kept_per_doc": statistics.mean(map(len, kept)),
        "check_document_on_s": statistics.median(timings["on"]), "check_document_off_s": statistics.median(timings["off"]),
        "kept_docs_per_rule": dict(per_rule.most_common()),
        "rule_cpu_us_per_doc": {k: v * 1e6 / len(texts) for k, v in rule_cpu.most_common()},
    }
    result["off_over_on"] = result["check_document_off_s"] / result["check_document_on_s"]
    result.update(aho_corasick(texts, rules))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "prefilter.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{result['files']} files ({result['mb']:.1f} MB), {result['rules']} rules; "
          f"{len(result['rules_without_evidence'])} without evidence: {', '.join(result['rules_without_evidence'])}")
    print(f"set built in {result['set_build_ms']:.1f} ms CPU; screening {result['screen_us_per_doc']:.1f} µs/document; "
          f"{result['rules_kept_per_doc']:.1f} rules kept per document")
    print(f"check_document: {result['check_document_on_s']:.2f} s with the prefilter, "
          f"{result['check_document_off_s']:.2f} s without ({result['off_over_on']:.2f}x), CPU, median of {args.rounds}")
    if "aho_corasick_us_per_doc" in result:
        print(f"pyahocorasick over the casefolded text for the phrase lists: {result['aho_corasick_us_per_doc']:.1f} µs/document "
              "(a second pass; the RE2 set already covers the phrases)")
    print("CPU per kept rule (µs per document, over all documents):")
    for name, value in list(result["rule_cpu_us_per_doc"].items())[:12]:
        print(f"  {name:40s} {value:7.1f}")
    return 0


def aho_corasick(texts: list[str], rules) -> dict:
    """An Aho-Corasick pass for the phrase rules' keys, if pyahocorasick is installed."""
    try:
        import ahocorasick
    except ImportError:
        return {}
    automaton = ahocorasick.Automaton()
    for rule in rules:
        for key in getattr(rule.kind, "keys", ()) or ():
            automaton.add_word(key, rule.id)
    automaton.make_automaton()
    started = cpu()
    for text in texts:
        for _ in automaton.iter("\n" + text.casefold() + "\n"):
            pass
    return {"aho_corasick_us_per_doc": (cpu() - started) * 1e6 / len(texts)}


if __name__ == "__main__":
    sys.exit(main())
