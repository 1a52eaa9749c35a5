"""Baselines: accept today's findings so that only new ones are reported.

Plain-text articles cannot carry ``# noqa`` comments, so suppressions live in a file. A
finding's fingerprint is its rule, its path, its matched text (case and whitespace
folded) and a hash of the line it stands on: it survives lines moving up or down, and
goes stale when the text itself changes.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from .structs import dataclass
from typing import Iterable

from .errors import WirelintError
from .finding import Finding

VERSION = 1


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def fingerprint(finding: Finding, text: str, path: str | None = None) -> str:
    """Stable identity of a finding in ``text`` (the decoded document it came from).

    ``path`` is the file's one spelling (relative to the baseline's folder); default: as shown.
    """
    line_start = text.rfind("\n", 0, finding.start) + 1
    line_end = text.find("\n", finding.end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    matched = text[finding.start : finding.end]
    digest = hashlib.sha1()
    for part in (finding.rule, path or finding.path, _fold(matched), _fold(line)):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()[:20]


@dataclass(slots=True)
class Baseline:
    """Fingerprint counts from a baseline file; ``take`` consumes one per hidden finding."""

    counts: Counter
    path: str = ""

    @classmethod
    def read(cls, path: str) -> "Baseline":
        from .source import read_file

        if not os.path.lexists(path):
            raise WirelintError(f"{path}: no such baseline file (create it with --write-baseline)")
        data_bytes, _ = read_file(path)
        try:
            data = json.loads(data_bytes.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise WirelintError(f"{path}: not a wirelint baseline: {str(exc)[:200]}") from None
        except RecursionError:
            raise WirelintError(f"{path}: not a wirelint baseline: nested too deeply") from None
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
            raise WirelintError(f"{path}: not a wirelint baseline (version {VERSION})")
        counts: Counter = Counter()
        for entry in data["findings"]:
            if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
                raise WirelintError(f"{path}: baseline entry without a fingerprint")
            counts[entry["fingerprint"]] += 1
        return cls(counts, path)

    def take(self, prints: str) -> bool:
        if self.counts[prints] > 0:
            self.counts[prints] -= 1
            return True
        return False

    def unmatched(self) -> int:
        """Entries that matched no finding this run: the baseline can be rewritten smaller."""
        return sum(count for count in self.counts.values() if count > 0)


def baseline_document(entries: Iterable[tuple[Finding, str]]) -> str:
    """The JSON text of a baseline for (finding, fingerprint) pairs, sorted for stable diffs."""
    rows = sorted(
        ({"path": f.path, "rule": f.rule, "fingerprint": prints, "line": f.line, "message": f.message} for f, prints in entries),
        key=lambda row: (row["path"], row["line"], row["rule"], row["fingerprint"]),
    )
    document = {"version": VERSION, "findings": rows}
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8: only escapes can carry it
        text = json.dumps(document, ensure_ascii=True, indent=1) + "\n"
    return text
