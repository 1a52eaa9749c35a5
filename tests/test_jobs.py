"""``check --jobs 2`` gives what ``--jobs 1`` gives: the same report, byte for byte, whether
the workers write each file's findings, and the same reuse pass and template lines when
those are found in worker processes."""
from __future__ import annotations

import io

import pytest

from conftest import run_wirelint
from lint.provenance.checks import file_reuse
from lint.provenance.templates_check import learn_files, path_source
from lint.provenance.workers import learn_in_workers
from lint.reporting import ReportWriter
from lint.runner import Options, process_files
from test_provenance_templates_check import RULE, write_batch


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory):
    """The template batch (210 files, four sources, copies of one story), one template line
    spelled two ways, so a sample read from the wrong file would show."""
    root = tmp_path_factory.mktemp("batch")
    items, _ = write_batch(root)
    for number, (name, _, text) in enumerate(items):
        if number % 3 == 0:
            path = root / name
            path.write_text(text.replace("Follow us on Twitter and Facebook", "FOLLOW US on Twitter and facebook!"),
                            encoding="utf-8")
    return root


def files_of(root) -> list[str]:
    return sorted(str(path) for path in root.rglob("*.txt"))


@pytest.mark.parametrize("credit", [False, True])
def test_learning_in_workers_finds_the_lines_and_pairs_one_process_finds(batch_dir, credit):
    files = files_of(batch_dir)
    source_of = path_source("folder", str(batch_dir))
    reuse = file_reuse(files) if credit else None
    alone, _ = learn_files(files, source_of, reuse=reuse)
    spread, result = learn_in_workers(files, source_of, 2, credit)
    assert alone.lines and list(spread.lines.items()) == list(alone.lines.items())
    if credit:
        assert reuse.pairs and result.pairs == reuse.pairs
        assert result.clusters == reuse.clusters and list(result.credited.items()) == list(reuse.credited.items())
        assert result.stats == reuse.stats
    else:
        assert result is None


@pytest.mark.parametrize("fmt", ["full", "concise", "json", "json-lines"])
def test_findings_written_in_workers_read_as_the_report_writes_them(tmp_path, shipped_rules, fmt):
    paths = [str(p) for p in files_of_seed_copies(tmp_path)]
    direct, spread = io.StringIO(), io.StringIO()
    writer = ReportWriter(fmt, direct)
    for result in process_files(paths, shipped_rules, Options(keep_lines=fmt == "full"), jobs=1):
        writer.add(result.findings, {result.path: result.lines} if result.lines is not None else None)
    writer.finish(len(paths))
    other = ReportWriter(fmt, spread)
    results = list(process_files(paths, shipped_rules, Options(keep_lines=fmt == "full"), jobs=2,
                                 render=other.file_renderer()))
    assert any(r.rendered for r in results) and not any(r.findings or r.lines for r in results)
    for result in results:
        other.add_result(result)
    other.finish(len(paths))
    assert writer.items and spread.getvalue() == direct.getvalue() and other.counts == writer.counts


def files_of_seed_copies(root):
    from conftest import SEEDS

    found = []
    for copy in range(3):
        for seed in sorted(SEEDS.glob("*.txt")):
            target = root / f"{copy}_{seed.name}"
            target.write_bytes(seed.read_bytes())
            found.append(target)
    return found


@pytest.mark.parametrize("flags", [
    [],  # the default rules: the reuse findings and the template count share one pass
    ["--ignore", "provenance/duplicate-article,provenance/uncredited-reuse"],  # the template count's own pass
    ["--ignore", "provenance,residue/template-line"],  # no cross-file pass
])
@pytest.mark.parametrize("fmt", ["full", "json"])
def test_check_with_two_jobs_prints_what_one_job_prints(batch_dir, flags, fmt):
    one = run_wirelint("check", "--isolated", "--jobs", "1", "--format", fmt, *flags, ".", cwd=batch_dir)
    two = run_wirelint("check", "--isolated", "--jobs", "2", "--format", fmt, *flags, ".", cwd=batch_dir)
    assert one.returncode == 1 and one.stdout
    assert (RULE.encode() in one.stdout) == ("residue/template-line" not in " ".join(flags))
    assert two.stdout == one.stdout and two.stderr == one.stderr and two.returncode == one.returncode
