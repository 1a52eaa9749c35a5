"""``wirelint provenance`` output: pure functions from reports to text or JSON.

JSON (``--format json``) is one object::

    {
      "files": [
        {
          "path": "seeds/000.txt",
          "verdict": "original" | "wire" | "aggregated" | "unknown",
          "reasons": ["aggregator NewsConcerns named in its residue (line 37)", ...],
          "credits": [
            {"kind": "wire" | "contributor" | "dateline" | "photo",
             "name": "Getty Images" | null,          # null: a dateline naming only its place
             "agency_type": "wire" | "photo" | "outlet" | null,   # null: not a known agency
             "place": "WASHINGTON" | null,           # datelines only
             "text": "Anadolu Agency | Getty Images", # the credit as written
             "pattern": "credit-line",               # the credits.yaml pattern that found it
             "line": 5, "column": 18, "end_line": 5, "end_column": 30}
          ],
          "outlets": [
            {"role": "aggregator" | "publisher", "name": "NewsConcerns",
             "evidence": "aggregated" | "wire" | "none", "pattern": "aggregator-disclaimer",
             "line": 37, "column": 13, "end_line": 37, "end_column": 25}
          ],
          "identifiers": [
            {"kind": "news-code", "value": "1165381", "text": "۱۱۶۵۳۸۱", "pattern": "news-code",
             "line": 4, "column": 13, "end_line": 4, "end_column": 20}
          ]
        }
      ],
      "reuse": [
        {"a": "copy.txt", "b": "orig.txt", "b_reference": false,
         "similarity": 0.33,          # Jaccard similarity of the five-word shingle sets
         "a_shared": 0.98, "b_shared": 0.39,   # share of each file's words in the passages
         "words": 302,                # words in all passages
         "passages": [
           {"words": 54,
            "a": {"line": 5, "column": 1, "end_line": 5, "end_column": 335},
            "b": {"line": 17, "column": 1, "end_line": 17, "end_column": 343}}
         ]}
      ],
      "clusters": [
        {"representative": "orig.txt",  # the file the others were compared with
         "size": 2, "references": 0,     # files in the cluster; how many are --against files
         "members": ["copy.txt", "orig.txt"]}   # in input order
      ],
      "stats": {"documents": 2, "references": 0, "units": 31, "boilerplate_units": 0,
                "candidate_pairs": 1,   # exact comparisons made
                "shared_pairs": 1, "edges": 1, "clusters": 1} | null,   # null: reuse not run
      "errors": ["missing.txt: no such file or directory"]
    }

A cluster is a set of files joined by shared text, directly or through each other (the
copies of one syndicated story); each member was compared with the representative, not
with every other member. Lines and columns are 1-based, columns count characters,
``end_column`` is exclusive.
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Sequence

from .report import FileReport
from .reuse import Cluster, Reuse, ReuseResult
from .span import Span


_TYPES = {"wire": "wire service", "photo": "photo agency", "outlet": "outlet"}


def _where(span: Span) -> dict:
    return {"line": span.line, "column": span.column, "end_line": span.end_line, "end_column": span.end_column}


def report_to_dict(report: FileReport) -> dict:
    return {
        "path": report.path,
        "verdict": report.verdict.word,
        "reasons": list(report.verdict.reasons),
        "credits": [
            {"kind": c.kind, "name": c.name, "agency_type": c.agency_type, "place": c.place,
             "text": c.text, "pattern": c.pattern, **_where(c.span)}
            for c in report.credits
        ],
        "outlets": [
            {"role": o.role, "name": o.name, "evidence": o.evidence, "pattern": o.pattern, **_where(o.span)}
            for o in report.outlets
        ],
        "identifiers": [
            {"kind": i.kind, "value": i.value, "text": i.written, "pattern": i.pattern, **_where(i.span)}
            for i in report.identifiers
        ],
    }


def reuse_to_dict(reuse: Reuse) -> dict:
    return {
        "a": reuse.a, "b": reuse.b, "b_reference": reuse.b_reference,
        "similarity": reuse.similarity, "a_shared": reuse.a_shared, "b_shared": reuse.b_shared,
        "words": reuse.words,
        "passages": [{"words": p.words, "a": _where(p.a), "b": _where(p.b)} for p in reuse.passages],
    }


def cluster_to_dict(cluster: Cluster) -> dict:
    return {"representative": cluster.representative, "size": cluster.size, "references": cluster.references,
            "members": list(cluster.members)}


def format_json(reports: Sequence[FileReport], result: ReuseResult | None, errors: Sequence[str]) -> str:
    stats = None
    if result is not None:
        s = result.stats
        stats = {"documents": s.documents, "references": s.references, "units": s.units,
                 "boilerplate_units": s.boilerplate_units, "candidate_pairs": s.candidate_pairs,
                 "shared_pairs": s.shared_pairs, "edges": s.edges, "clusters": s.clusters}
    payload = {
        "files": [report_to_dict(r) for r in reports],
        "reuse": [reuse_to_dict(r) for r in result.pairs] if result is not None else [],
        "clusters": [cluster_to_dict(c) for c in result.clusters] if result is not None else [],
        "stats": stats,
        "errors": list(errors),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _credit_line(path: str, credit) -> str:
    where = f"{path}:{credit.span.line}:{credit.span.column}"
    if credit.kind == "dateline":
        named = f"{credit.name} ({credit.place})" if credit.name else credit.place
        return f"{where}: dateline {named}"
    kind = f" [{_TYPES[credit.agency_type]}]" if credit.agency_type else ""
    return f"{where}: {credit.kind} credit {credit.name}{kind}"


def format_report(report: FileReport) -> str:
    """A verdict line with its reasons, then one ``path:line:column:`` line per item."""
    lines = [f"{report.path}: verdict {report.verdict.word}: {'; '.join(report.verdict.reasons)}"]
    items = [(c.span.start, _credit_line(report.path, c)) for c in report.credits]
    items += [(o.span.start, f"{report.path}:{o.span.line}:{o.span.column}: {o.role} {o.name}") for o in report.outlets]
    items += [
        (i.span.start, f"{report.path}:{i.span.line}:{i.span.column}: {i.kind} {i.value}"
         + (f" (written {i.written})" if i.written != i.value else ""))
        for i in report.identifiers
    ]
    lines += [line for _, line in sorted(items, key=lambda item: item[0])]
    return "\n".join(lines) + "\n"


def format_reuse(reuse: Reuse) -> str:
    reference = " (reference)" if reuse.b_reference else ""
    lines = [
        f"shared text: {reuse.a} and {reuse.b}{reference}: similarity {reuse.similarity:.2f}, "
        f"{reuse.a_shared:.0%} and {reuse.b_shared:.0%} of their words in {len(reuse.passages)} "
        f"passage{'s' if len(reuse.passages) != 1 else ''}"
    ]
    for p in reuse.passages:
        lines.append(
            f"  {reuse.a}:{p.a.line}:{p.a.column}-{p.a.end_line}:{p.a.end_column} = "
            f"{reuse.b}:{p.b.line}:{p.b.column}-{p.b.end_line}:{p.b.end_column} ({p.words} words)"
        )
    return "\n".join(lines) + "\n"


def format_cluster(cluster: Cluster) -> str:
    """One line per cluster: its size, representative and members."""
    others = [m for m in cluster.members if m != cluster.representative]
    return (f"cluster of {cluster.size} files sharing text, represented by {cluster.representative}: "
            f"{', '.join(others)}\n")


def format_text(reports: Sequence[FileReport], result: ReuseResult | None) -> str:
    parts = [format_report(r) for r in reports]
    if result is not None:
        parts += [format_reuse(r) for r in result.pairs]
        parts += [format_cluster(c) for c in result.clusters]
    verdicts = Counter(r.verdict.word for r in reports)
    counts = ", ".join(f"{verdicts[w]} {w}" for w in sorted(verdicts))
    files = f"{len(reports)} file{'s' if len(reports) != 1 else ''}"
    if result is None:
        shared = "shared text not searched"
    else:
        n, k = len(result.pairs), len(result.clusters)
        shared = (f"{n} pair{'s' if n != 1 else ''} of files share{'s' if n == 1 else ''} text, "
                  f"in {k} cluster{'s' if k != 1 else ''}")
    parts.append(f"{files}: {counts or 'none'}; {shared}.\n")
    return "".join(parts)
