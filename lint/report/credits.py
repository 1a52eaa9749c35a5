"""Who each text credits, read with ``wirelint provenance``'s analysis (credits, outlets).

Gives the page three things: whether a file credits its text (for the clusters' colours),
the agencies credited across the batch, and a source name for a file when the batch
is one folder (the publisher or aggregator its residue names, else the agency credited).

The analysis costs about 15 ms a text, so a large batch is read in worker processes,
and past ``ALL_UP_TO`` texts only the members of reuse pairs and an even sample are read
(the page says so).
"""
from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from .model import Agency

KINDS = {"wire": "wire service", "photo": "photo agency", "outlet": "outlet"}
ALL_UP_TO = 1000
IN_PROCESS_UP_TO = 200
MAX_MEMBERS = 2000


@dataclass(frozen=True, slots=True)
class Credits:
    """One text's provenance, as the page uses it."""

    credited: bool
    agencies: tuple[tuple[str, str], ...]
    named_source: str | None


def read_credits(text: str, path: str = "-") -> Credits:
    """The credits of one text (newlines ``\\n``)."""
    from ..provenance.report import analyze
    from ..provenance.vocab import load_vocabulary

    report = analyze(text, path, load_vocabulary())
    agencies = tuple(dict.fromkeys(
        (credit.name, KINDS.get(credit.agency_type or "", credit.kind)) for credit in report.credits if credit.name
    ))
    outlets = [outlet.name for outlet in report.outlets]
    wire = [name for name, kind in agencies if kind != "photo agency"]
    return Credits(report.credited, agencies, (outlets or wire or [None])[0])


def _read_one(item: tuple[str, str]) -> tuple[str, Credits]:
    return item[0], read_credits(item[1], item[0])


def _jobs() -> int:
    from ..runner import default_jobs

    return default_jobs()


def read_many(texts: Mapping[str, Sequence[str]], paths: Sequence[str]) -> dict[str, Credits]:
    """The credits of ``paths`` (keys of ``texts``), in worker processes for many texts.

    Forked only from a single-threaded process: a fork while another thread holds a lock
    (a Dask client's event loop, say, after ``corpus check``) can leave the child stuck.
    """
    items = [(path, "\n".join(texts[path])) for path in paths if path in texts]
    jobs = _jobs()
    if (len(items) <= IN_PROCESS_UP_TO or jobs <= 1 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return dict(map(_read_one, items))
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return dict(pool.imap(_read_one, items, chunksize=32))


def chosen_paths(paths: Sequence[str], members: Iterable[str]) -> tuple[list[str], list[str]]:
    """Which texts to read: all up to ``ALL_UP_TO``; past that an even sample of about
    ``ALL_UP_TO``, plus the members of reuse pairs (up to ``MAX_MEMBERS``) for the clusters'
    colours. Returns (the texts the batch's counts use, the members read besides)."""
    if len(paths) <= ALL_UP_TO:
        return list(paths), []
    sample = list(paths[::-(-len(paths) // ALL_UP_TO)])
    taken = set(sample)
    return sample, [m for m in dict.fromkeys(members) if m not in taken][:MAX_MEMBERS]


def agencies_of(all_credits: Iterable[Credits]) -> tuple[Agency, ...]:
    """Each agency credited, with how many files credit it, most credited first."""
    counts: Counter = Counter()
    for credits in all_credits:
        counts.update(set(credits.agencies))
    return tuple(Agency(name, kind, n) for (name, kind), n in sorted(counts.items(), key=lambda i: (-i[1], i[0][0])))
