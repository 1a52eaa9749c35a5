"""Worker processes forked from this one, sharing what it has loaded (the rules, a document).

``check --jobs`` spreads files over them, the template pass its reading and comparisons,
and a long text its rules. The state a pool starts with is inherited where processes
fork, not pickled; results come back in the order the tasks were given.
"""
from __future__ import annotations

import gc
import signal
from collections import deque
from itertools import islice
from typing import Callable, Iterable, Iterator

from .errors import WirelintError

WINDOW = 4  # tasks in flight per worker: the parent holds only their results, however many tasks there are
_WORKER: dict = {}


def _init_worker(state: dict, stop) -> None:
    """Worker set-up: interrupts are the parent's to handle; a worker finishes the file in
    hand (never stops mid-write) and then takes no other. What it inherited lives as long
    as it does: frozen, the collector never walks (and so never copies) those pages."""
    gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    _WORKER.update(state, stop=stop)


def worker_state() -> dict:
    """In a worker of ``Workers``, the state the pool was started with (and ``stop``, an Event)."""
    return _WORKER


class Workers:
    """Worker processes forked from this one, each with ``state`` (inherited, not pickled,
    where processes fork: start the pool once the rules and all it needs are loaded, and
    after ``gc.freeze``). ``map`` keeps a few tasks per worker in flight and yields their
    results in order, so the parent never holds more than those."""

    def __init__(self, jobs: int, state: dict) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        self.jobs = jobs
        self.stop = context.Event()
        self.pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(state, self.stop))

    def map(self, function: Callable, tasks: Iterable) -> Iterator:
        """``function(task)`` of each task in a worker, in the order of ``tasks``."""
        from concurrent.futures.process import BrokenProcessPool

        remaining = iter(tasks)
        pending = deque(self.pool.submit(function, task) for task in islice(remaining, WINDOW * self.jobs))
        try:
            while pending:
                done = pending.popleft().result()
                pending.extend(self.pool.submit(function, task) for task in islice(remaining, 1))
                yield done
        except BrokenProcessPool:
            raise WirelintError("a worker process died (out of memory?); run again with --jobs 1 to see which file") from None

    def close(self) -> None:
        """Tell the workers to take no other file, and wait for them."""
        self.stop.set()
        self.pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


