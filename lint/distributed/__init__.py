"""Corpus scale: linting and reuse detection over sharded JSONL on a Dask cluster.

``wirelint corpus check`` (``cli``) runs these jobs on one cluster:

- ``lint_job.run_lint``: every record checked (and fixed) as ``wirelint check --jsonl``
  does, one task per slice of a shard, outputs written atomically under fixed names;
- ``reuse_job.run_reuse``: clusters of records that share text, found by MinHash band
  keys grouped in a shuffle (``dask.bag.groupby``) and union-find, each record confirmed
  against its cluster's representative, never by comparing all pairs;
- ``templates_job.learn_templates``: the lines a source's template prints on many
  different records, counted by line hash in a shuffle with the reuse clusters
  (``--learn-templates``) and flagged in the lint pass (``template_lint``).

``signatures`` is the engine-free part (``band_keys``, ``confirm``) for users who run
their own Dask, Spark or Ray jobs; with ``lint.check_text`` and ``lint.fix_text`` it is
the public API a custom job needs. Dask is an optional extra (``wirelint[dask]``) and is
imported only inside the jobs, so importing this package costs nothing.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "band_keys": "signatures", "unit_bands": "signatures", "agreement": "signatures", "confirm": "signatures",
    "find_shards": "shards", "plan_slices": "shards",
    "LintSpec": "lint_job", "run_lint": "lint_job",
    "ReuseStats": "reuse_job", "run_reuse": "reuse_job", "learn_templates": "templates_job",
    "connect": "cluster",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lint.distributed' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)
