"""The reuse pass and template count of ``check --jobs N`` over worker processes.

The same steps as ``find_reuse`` and ``templates_check.learn_files`` in one process, with
the same results: each step whose work is per document runs in the workers, a run of
documents per task, and the parent only joins the compact answers in document order.

1. Reading (phase 1): each worker reads its files once, hashes their units
   (``reuse.unit_block``) and their lines as the template counter counts them
   (``templates.line_keys``); the parent keeps both, a few bytes a unit and a line.
2. The clusters and plans are found in the parent (numpy, on those arrays).
3. Credit lines of the representative candidates, and the exact comparisons of the
   plans (``reuse.confirm_found``), a run of plans per task; the parent merges the
   comparisons (a pair compared by two workers gives the same answer).
4. Counting: the parent feeds the line hashes to the counter by article, and reads the
   few files that hold the samples of the frequent lines.

The workers are forked with the file list and settings (``pool.Workers``): nothing
but the tasks' numbers and plans travels to them.
"""
from __future__ import annotations

from array import array
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..errors import WirelintError
from ..pool import Workers, worker_state
from .confirm import Pair, Passage, Reuse
from .reuse import (
    InProcess, Loaded, ReuseResult, ReuseSettings, Source, Units, confirm_found, find_reuse, text_loader, unit_block,
)
from .span import Span
from .stories import articles
from .templates import TemplateCounter, Templates, TemplateSettings, line_keys, normalise, line_hash

READ_FILES = 128  # files a worker reads and hashes per task: blocks of units big enough to be their own mappings, freed whole
CREDIT_FILES = 64  # files a worker looks for a credit line in per task
PLANS = 64  # plans a worker confirms per task


def credited_text(text: Any) -> bool:
    """Whether a text (or Document) credits its source: ``report.is_credited`` with the
    shipped vocabulary (a plain function, so it reaches workers by name)."""
    from .report import is_credited

    return is_credited(text)


def _sources() -> list[Source]:
    """The worker's sources, made once from the file list it was forked with."""
    state = worker_state()
    if "sources" not in state:
        state["sources"] = [Source(path, text_loader(path)) for path in state["paths"]]
    return state["sources"]


def _read(numbers: Sequence[int]) -> tuple[Any, list[tuple[int, str]], list[bytes | None]]:
    """Phase 1 of files ``numbers``: their unit block, (number, error) of those that could
    not be read, and each file's line hashes (None: not read)."""
    sources, settings = _sources(), worker_state()["settings"]
    batch, errors, keys = [], [], []
    for number in numbers:
        try:
            text = sources[number].load()
        except WirelintError as exc:
            errors.append((number, str(exc)))
            keys.append(None)
            continue
        batch.append((number, text))
        keys.append(array("Q", line_keys(text.split("\n"))).tobytes())
    return (unit_block(batch, settings) if batch else None), errors, keys


def _credit(numbers: Sequence[int]) -> list[tuple[int, bool | str]]:
    """(number, whether it is credited, or the error reading it) of each file."""
    sources, found = _sources(), []
    for number in numbers:
        try:
            found.append((number, credited_text(sources[number].load())))
        except WirelintError as exc:
            found.append((number, str(exc)))
    return found


def _confirm(task: tuple[list, dict[str, bool], set[int], bool]) -> tuple[dict, dict, dict[str, bool], list[str]]:
    """``confirm_found`` of a run of plans: (compared, askers, credits it added, errors);
    the task's last item is ``places`` (``find_reuse``'s)."""
    plans, credited, failed, places = task
    state = worker_state()
    errors: list[str] = []
    loader = Loaded(_sources(), state["settings"], errors, set(failed))
    credit = credited_text if state["credit"] else None
    known = dict(credited)
    found, asked = confirm_found(plans, _sources(), loader.get, state["settings"], credit, known, loader.prefetch,
                                 places)
    record = reuse_record if places else pair_record
    records = {key: record(reuse) for key, reuse in found.items()}
    return records, asked, {name: value for name, value in known.items() if name not in credited}, errors


def _span_record(span: Span) -> tuple:
    return (span.start, span.end, span.line, span.column, span.end_line, span.end_column)


def reuse_record(reuse: Reuse | None) -> tuple | None:
    """``reuse`` as plain tuples: a frozen dataclass with slots unpickles field by field
    through ``dataclasses.fields``, which cost the parent more than the comparison did."""
    if reuse is None:
        return None
    passages = tuple((p.words, _span_record(p.a), _span_record(p.b)) for p in reuse.passages)
    return (reuse.a, reuse.b, reuse.similarity, reuse.a_shared, reuse.b_shared, passages,
            reuse.b_reference, reuse.a_reports, reuse.b_reports)


def reuse_of(record: tuple | None) -> Reuse | None:
    """The ``Reuse`` of a ``reuse_record``."""
    if record is None:
        return None
    a, b, similarity, a_shared, b_shared, passages, *flags = record
    return Reuse(a, b, similarity, a_shared, b_shared,
                 tuple(Passage(words, Span(*here), Span(*there)) for words, here, there in passages), *flags)


def pair_record(pair: Pair | None) -> tuple | None:
    """``pair`` as a plain tuple (see ``reuse_record``)."""
    if pair is None:
        return None
    return (pair.a, pair.b, pair.a_shared, pair.b_shared, pair.passage_count, pair.b_reference, pair.a_reports,
            pair.b_reports)


def pair_of(record: tuple | None) -> Pair | None:
    """The ``Pair`` of a ``pair_record``."""
    return None if record is None else Pair(*record)


def _runs(items: Sequence, size: int) -> list:
    return [items[i:i + size] for i in range(0, len(items), size)]


class InWorkers(InProcess):
    """``find_reuse``'s steps in ``workers`` (forked with ``paths``, the sources' names);
    ``keys`` collects each file's line hashes from the reading (None: not read)."""

    def __init__(self, workers: Workers) -> None:
        self.workers = workers
        self.keys: list[bytes | None] = []

    def read_units(self, given: Sequence[Source], settings: ReuseSettings, errors: list[str]) -> tuple[Units, list[bool]]:
        units = Units([], [], [], [0] * len(given))
        loaded = [True] * len(given)
        for block, problems, keys in self.workers.map(_read, _runs(range(len(given)), READ_FILES)):
            for number, problem in problems:
                loaded[number] = False
                errors.append(problem)
            if block is not None:
                units.add(block)
            self.keys.extend(keys)
        return units, loaded

    def map_bands(self, function: Callable, bands: Iterable[int]) -> Iterator:
        """The bands in threads here, as many as there are workers: they wait meanwhile,
        and numpy sorts without holding the GIL."""
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(self.workers.jobs) as threads:
            yield from threads.map(function, bands)

    def credited(self, numbers: Sequence[int], given: Sequence[Source], failed: set[int], errors: list[str],
                 credit: Callable[[Any], bool] | None) -> dict[str, bool]:
        if credit is None:
            return {}
        found: dict[str, bool] = {}
        wanted = [number for number in numbers if number not in failed]
        for answers in self.workers.map(_credit, _runs(wanted, CREDIT_FILES)):
            for number, answer in answers:
                if isinstance(answer, str):
                    failed.add(number)
                    errors.append(answer)
                else:
                    found[given[number].name] = answer
        return found

    def confirm(self, plans: Sequence[Any], given: Sequence[Source], settings: ReuseSettings,
                credit: Callable[[Any], bool] | None, credited: dict[str, bool], failed: set[int],
                errors: list[str], places: bool = True) -> tuple[dict, dict]:
        found: dict = {}
        asked: dict = {}
        known, unread = dict(credited), set(failed)  # as the tasks go out: ``credited`` grows meanwhile
        tasks = ((run, known, unread, places) for run in _runs(plans, PLANS))
        made = reuse_of if places else pair_of
        for compared, askers, credits, problems in self.workers.map(_confirm, tasks):
            found.update((key, made(record)) for key, record in compared.items() if key not in found)
            for key, documents in askers.items():
                asked.setdefault(key, set()).update(documents)
            for name, value in credits.items():
                credited.setdefault(name, value)
            errors.extend(problems)
        return found, asked


def learn_in_workers(paths: Sequence[str], source_of: Callable[[str], str | None], jobs: int, credit: bool,
                     settings: TemplateSettings | None = None) -> tuple[Templates, ReuseResult | None]:
    """(``learn_files``' template lines of the article files ``paths``, the reuse pass
    they were counted with), found by ``jobs`` worker processes. With ``credit`` the
    pass looks for credit lines as the reuse findings need (``checks.file_reuse``) and
    is returned whole; without, it is the template count's own (no credit lines, the
    pairs without their passages: ``find_reuse(places=False)``) and None is returned for it."""
    files = [path for path in paths if path != "-"]
    reuse = ReuseSettings()
    with Workers(jobs, {"paths": files, "settings": reuse, "credit": credit}) as workers:
        engine = InWorkers(workers)
        result = find_reuse([Source(path, text_loader(path)) for path in files], reuse,
                            credit=credited_text if credit else None, engine=engine, places=credit)
    article = articles(result.clusters, result.pairs)
    counter = TemplateCounter(settings)
    counted: list[str] = []
    for path, keys in zip(files, engine.keys):
        if keys is not None:
            counter.add_keys(array("Q", keys), article.get(path, path), source_of(path))
            counted.append(path)
    engine.keys = []
    return counter.frequent(line_of=_line_reader(counted)), (result if credit else None)


def _line_reader(paths: Sequence[str]) -> Callable[[int, int], str]:
    """``line_of`` for ``TemplateCounter.frequent``: the first line of file ``number`` with hash ``value``, stripped."""
    last: dict[int, list[str]] = {}

    def line_of(number: int, value: int) -> str:
        if number not in last:
            last.clear()
            try:
                last[number] = text_loader(paths[number])().split("\n")
            except WirelintError:
                last[number] = []
        for line in last[number]:
            key = normalise(line)
            if any(char.isalpha() for char in key) and line_hash(key) == value:
                return line.strip()
        return ""

    return line_of
