"""Running files in worker processes gives the same results, in the same order."""
from __future__ import annotations

import shutil

from conftest import SEEDS
from lint.runner import Options, process_files


def test_jobs_give_identical_ordered_results(tmp_path, shipped_rules):
    paths = []
    for copy in range(6):
        for seed in sorted(SEEDS.glob("*.txt")):
            target = tmp_path / f"{copy}_{seed.name}"
            shutil.copy(seed, target)
            paths.append(str(target))
    serial = list(process_files(paths, shipped_rules, Options(), jobs=1))
    parallel = list(process_files(paths, shipped_rules, Options(), jobs=2))
    assert [r.path for r in parallel] == paths
    assert [r.findings for r in parallel] == [r.findings for r in serial]
