"""Shared fixtures: the repository's paths, the loaded shipped rules, and the real CLI."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Compiled-pack cache of this test session only: tests never read or fill the user's cache.
os.environ["WIRELINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="wirelint-test-cache-")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def shipped_rules():
    from lint.packs import load_rules

    return load_rules()


def wirelint_command() -> list[str]:
    """The installed console script if there is one, else ``python -m lint``."""
    exe = shutil.which("wirelint", path=os.path.dirname(sys.executable)) or shutil.which("wirelint")
    return [exe] if exe else [sys.executable, "-m", "lint"]


def run_wirelint(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*wirelint_command(), *args], cwd=cwd, input=stdin, capture_output=True, timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    (target / "LABELS.yaml").unlink()
    return target


def local_dask_client():
    """A two-process local Dask cluster's client, for a module-scoped ``client`` fixture."""
    import logging

    import dask.distributed as distributed

    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR,
    )
    with distributed.Client(cluster) as connected:
        yield connected
    cluster.close()
