"""Getting a Dask client: a running scheduler's address, or a local cluster sized to the
machine (one single-threaded worker process per core: linting is pure-Python CPU work,
so threads would only take turns holding the GIL)."""
from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator

from ..errors import WirelintError

LOCAL = "local"


def _dask():
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise WirelintError("wirelint corpus runs on Dask, which is not installed: pip install 'wirelint[dask]'") from None
    return Client, LocalCluster


@contextmanager
def connect(scheduler: str | None = None, workers: int | None = None) -> Iterator[object]:
    """A Client of the scheduler at ``scheduler``, or (None or ``local``) of a new local
    cluster of ``workers`` processes (default: the machine's cores), closed afterwards."""
    from ..runner import default_jobs

    Client, LocalCluster = _dask()
    if workers is not None and workers < 1:
        raise WirelintError(f"--workers must be at least 1, not {workers}")
    cluster = None
    if scheduler in (None, "", LOCAL):
        cluster = LocalCluster(
            n_workers=workers or default_jobs(), threads_per_worker=1, processes=True,
            silence_logs=logging.CRITICAL,
        )
        client = Client(cluster)
    else:
        if workers is not None:
            raise WirelintError("--workers sizes a local cluster; a running scheduler has its own workers")
        try:
            client = Client(scheduler, timeout="15s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise WirelintError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def dashboard(client) -> str | None:
    """The address of the cluster's dashboard, when it has one."""
    try:
        return client.dashboard_link
    except Exception:  # no dashboard (bokeh missing) or a scheduler that does not say
        return None
