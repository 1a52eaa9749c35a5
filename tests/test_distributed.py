"""Corpus mode on Dask: the same findings and fixed records as ``wirelint check --jsonl``,
record for record, on a real two-process LocalCluster; a worker killed mid-run loses and
duplicates nothing; reuse found by the band-key shuffle is what ``wirelint provenance``
finds."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("dask.distributed")

from conftest import ROOT, SEEDS, local_dask_client, run_wirelint  # noqa: E402
from lint.corpus import CorpusKeys  # noqa: E402
from lint.errors import WirelintError  # noqa: E402

EDGE = Path(__file__).resolve().parent / "distributed" / "edge.jsonl"
RESIDUE = [
    "Leave a Reply", "Share this:", "Advertisement", "Read more: Russia and China sign a deal",
    "All rights reserved.", "News code: 1165381", "Facebook Twitter WhatsApp E-Mail", "Text Size:",
]


def _paragraphs() -> list[str]:
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        found += [p for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 3]
    return found


def make_records(count: int, seed: int) -> list[dict]:
    """Articles of seed paragraphs with residue, damage and odd ids, the same for a seed."""
    rng = random.Random(seed)
    pool = _paragraphs()
    records = []
    for number in range(count):
        body = rng.sample(pool, rng.randint(2, 6))
        for _ in range(rng.randint(0, 3)):
            body.insert(rng.randint(0, len(body)), rng.choice(RESIDUE))
        if rng.random() < 0.15:
            body[0] = body[0].replace(" ", "\u00a0", 2)
        if rng.random() < 0.1:
            body[-1] = body[-1].encode("utf-8").decode("cp1252", errors="replace")
        record = {"id": f"{seed}-{number}", "source": rng.choice(["wire", "blog", "site"]), "text": "\n\n".join(body) + "\n"}
        if rng.random() < 0.1:
            del record["id"]  # the line number stands in for it
        records.append(record)
    return records


def write_shard(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


@pytest.fixture(scope="module")
def client():
    yield from local_dask_client()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Three generated shards and the edge-case shard, with ``wirelint check --jsonl``'s
    output for each, with and without --fix (``reference[fix][shard]``)."""
    folder = tmp_path_factory.mktemp("corpus")
    shards = []
    for number, count in enumerate((90, 120, 70)):
        shard = folder / f"part-{number}.jsonl"
        write_shard(shard, make_records(count, number))
        shards.append(shard)
    edge = folder / "edge.jsonl"
    edge.write_bytes(EDGE.read_bytes())
    shards.append(edge)
    reference: dict[bool, dict[str, dict]] = {False: {}, True: {}}
    for fix in (False, True):
        # corpus check learns template lines only with --learn-templates (tests/test_distributed_templates.py)
        args = ["check", "--jsonl", "--format", "json-lines", "-q", "--ignore", "residue/template-line",
                *(["--fix"] if fix else []), *map(str, shards)]
        result = run_wirelint(*args)
        assert result.returncode in (1, 2), result.stderr
        findings = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
        for shard in shards:
            own = [f for f in findings if f["path"].startswith(f"{shard}#")]
            fixed = (folder / f"{shard.stem}.fixed.jsonl").read_bytes() if fix else None
            reference[fix][str(shard)] = {"findings": own, "fixed": fixed, "code": result.returncode,
                                          "stderr": result.stderr.decode()}
    return shards, reference


def assert_same_as_single_process(out: Path, shards: list[Path], reference: dict, fix: bool) -> None:
    for shard in shards:
        found = read_lines(out / "findings" / shard.name)
        for item in found:
            assert item.pop("shard") == str(shard)
            assert item["path"] == f"{shard}#{item.pop('record')}"
        assert found == reference[fix][str(shard)]["findings"], shard.name
        if fix:
            assert (out / "fixed" / shard.name).read_bytes() == reference[fix][str(shard)]["fixed"], shard.name
    leftovers = [p for p in out.rglob("*") if p.name.startswith(".wirelint-tmp-") or p.name == ".parts"]
    assert not leftovers


def corpus_command(*args: str) -> subprocess.CompletedProcess:
    """``wirelint corpus`` (run through its module, so it works before the CLI is wired)."""
    return subprocess.run(
        [sys.executable, "-m", "lint.distributed.cli", *args], capture_output=True, timeout=240,
        cwd=ROOT, env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.mark.parametrize("fix", [False, True], ids=["check", "fix"])
def test_cli_matches_single_process_record_for_record(client, corpus, tmp_path, fix):
    shards, reference = corpus
    out = tmp_path / "out"
    result = corpus_command(
        "check", *map(str, shards), "--scheduler", client.scheduler.address, "--out", str(out),
        "--blocksize", "64KiB", *(["--fix"] if fix else []),
    )
    assert result.returncode == 2, result.stderr  # the edge shard has bad lines, as in the single-process run
    assert_same_as_single_process(out, shards, reference, fix)
    problems = [line for line in result.stderr.decode().splitlines() if line.startswith("wirelint: ") and ".jsonl:" in line]
    expected = [line for line in reference[fix][str(shards[-1])]["stderr"].splitlines() if line.startswith("wirelint: ")]
    assert problems == expected
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    everything = [f for shard in shards for f in reference[fix][str(shard)]["findings"]]
    assert summary["findings"] == len(everything)
    assert summary["rules"] == {rule: sum(f["rule"] == rule for f in everything) for rule in summary["rules"]}
    assert [s["shard"] for s in summary["sources"]] == [str(s) for s in shards]
    assert summary["problem_count"] == 2 and str(shards[-1]) in summary["files_with_errors"]
    assert b"Dask dashboard at http" in result.stderr


def test_killed_worker_loses_and_duplicates_nothing(client, corpus, tmp_path):
    from lint.distributed.lint_job import LintSpec, run_lint
    from lint.distributed.outputs import OutDir
    from lint.distributed.shards import find_shards, measure, plan_slices
    from lint.packs import load_rules

    shards, reference = corpus
    found = find_shards([str(s) for s in shards])
    slices = plan_slices(found, 12 * 1024, lambda calls: client.gather(client.map(measure, *zip(*calls))))
    assert len(slices) > 20
    pids = client.run(os.getpid)
    killed: dict[str, int] = {}

    def kill_a_busy_worker() -> None:
        if killed:
            return
        busy = {address: len(keys) for address, keys in client.processing().items() if keys}
        if busy:
            address = max(busy, key=busy.get)
            killed[address] = busy[address]
            os.kill(pids[address], signal.SIGKILL)

    spec = LintSpec(OutDir.of(str(tmp_path / "out")), CorpusKeys(), fix=True)
    results = run_lint(client, slices, spec, load_rules(), kill_a_busy_worker)
    assert killed and all(count > 0 for count in killed.values())  # it had tasks in hand when it died
    started = client.run_on_scheduler(lambda dask_scheduler: [
        str(entry[0]) for entry in getattr(dask_scheduler, "transition_log", ()) if entry[2] == "processing"
    ])
    lint_tasks = [key for key in started if "wirelint-lint-" in key]
    assert not lint_tasks or len(lint_tasks) > len(set(lint_tasks))  # the scheduler ran some slice again
    assert_same_as_single_process(tmp_path / "out", shards, reference, fix=True)
    records = [read_lines(tmp_path / "out" / "fixed" / s.name) for s in shards]
    assert [r.records for r in results] == [len(r) for r in records]
    ids = [r.get("id") for shard in records for r in shard if r.get("id") is not None]
    assert len(ids) == len(set(ids))
    client.wait_for_workers(2, timeout=60)


def test_reuse_shuffle_finds_the_clusters_and_pairs_provenance_finds(client, tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from provenance.corpus import Corpus

    from lint.distributed.outputs import OutDir
    from lint.distributed.reuse_job import run_reuse
    from lint.distributed.shards import find_shards, plan_slices
    from lint.provenance import Source, find_reuse
    from lint.provenance.output import cluster_to_dict, reuse_to_dict

    generated = Corpus(160, seed=3, copy_every=8)
    texts = {f"d{i}": generated.text(i) for i in range(160)}
    texts["d500"] = texts["d3"]  # an exact duplicate in another shard
    story = texts["d10"]
    for copy in range(12):  # one story syndicated twelve times, lightly edited
        texts[f"s{copy}"] = f"Outlet {copy} headline\n\n" + story.split("\n\n", 1)[1].replace("the", "a", copy % 3)
    names = list(texts)
    half = len(names) // 2
    shards = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    write_shard(shards[0], [{"id": n, "text": texts[n]} for n in names[:half]])
    write_shard(shards[1], [{"id": n, "text": texts[n]} for n in names[half:]])
    slices = plan_slices(find_shards([str(s) for s in shards]), 40 * 1024)
    assert len(slices) > 2
    stats = run_reuse(client, slices, OutDir.of(str(tmp_path / "out")), CorpusKeys())

    found = [json.loads(line) for path in sorted((tmp_path / "out" / "reuse").glob("part-*.jsonl"))
             for line in path.read_text(encoding="utf-8").split("\n") if line]
    clusters = [json.loads(line) for line in (tmp_path / "out" / "reuse" / "clusters.jsonl").read_text(encoding="utf-8").splitlines()]
    shard_of = {n: str(shards[0] if i < half else shards[1]) for i, n in enumerate(names)}
    single = find_reuse([Source.of(f"{shard_of[n]}#{n}", texts[n]) for n in names])
    expected = {(r.a, r.b): {**reuse_to_dict(r), "a_reports": r.a_reports, "b_reports": r.b_reports} for r in single.pairs}
    got = {(item["a"], item["b"]): {k: v for k, v in item.items() if k in expected.get((item["a"], item["b"]), {})}
           for item in found}
    planted = {(f"{shard_of[f'd{a}']}#d{a}", f"{shard_of[f'd{b}']}#d{b}") for a, b in generated.planted()}
    assert planted <= set(got)
    assert got == expected and len(found) == len(got)
    assert clusters == [cluster_to_dict(c) for c in single.clusters]
    syndicated = next(c for c in clusters if f"{shards[1]}#s0" in c["members"])
    assert syndicated["size"] >= 13  # the story and its twelve copies are one cluster
    assert stats.shared_pairs == len(found) and stats.clusters == len(clusters)
    # a pair whose two sides' plans run in different tasks is compared in both
    assert single.stats.candidate_pairs <= stats.candidate_pairs < 4 * len(names)
    duplicate = [item for item in found if item["a_record"] == "d3" and item["b_record"] == "d500"]
    assert duplicate and duplicate[0]["duplicate"] and duplicate[0]["passages"][0]["a"] == duplicate[0]["passages"][0]["b"]


def test_signatures_are_minhashes_and_confirm_matches_provenance():
    import numpy as np

    from lint.distributed.signatures import agreement, band_keys, confirm, unit_bands, unit_signatures
    from lint.provenance import ReuseSettings, Source, find_reuse
    from lint.provenance.minhash import reference_signature
    from lint.provenance.shingles import unit_shingles

    settings = ReuseSettings()
    paragraphs = _paragraphs()
    a = "\n\n".join(paragraphs[0:6]) + "\n"
    b = "A new headline\n\n" + "\n\n".join(paragraphs[3:5] + paragraphs[20:24]) + "\n"
    other = "\n\n".join(paragraphs[30:34]) + "\n"
    units = unit_shingles(a, 5, settings.unit_min_words, settings.unit_max_words, settings.unit_window_words)
    expected = [reference_signature(unit, settings.num_perm, settings.seed) for unit in units]
    assert np.array_equal(unit_signatures(units, settings, width=settings.num_perm), np.array(expected, dtype=np.uint64))
    assert set(band_keys(a).tolist()) & set(band_keys(b).tolist())
    assert not set(band_keys(a).tolist()) & set(band_keys(other).tolist())
    assert len(band_keys("Too short.")) == 0
    first, second, third = unit_bands([a, b, other])
    assert agreement(first.sketches[3], second.sketches[1]) == 1.0  # the same paragraph
    assert agreement(first.sketches[0], third.sketches[0]) < settings.unit_similarity
    reuse = confirm("a", a, "b", b)
    assert reuse is not None and reuse == find_reuse([Source.of("a", a), Source.of("b", b)]).pairs[0]
    assert confirm("a", a, "c", other) is None


def test_a_key_shared_by_many_units_links_them_in_a_chain_not_in_all_pairs():
    import numpy as np

    from lint.distributed.reuse_job import BandChunk, link_partition, reference
    from lint.distributed.shards import Shard, Slice
    from lint.provenance import ReuseSettings

    settings = ReuseSettings()
    piece = Slice(0, Shard(0, "s.jsonl", "/s.jsonl", "s.jsonl", 1), 0, 1, 0, 1)
    count = 400
    refs = np.array([reference(piece, offset) for offset in range(count)], dtype=np.uint64)
    sketches = np.zeros((count, 32), dtype=np.uint8)
    shuffled = np.random.default_rng(1).permutation(count)
    chunk = BandChunk(0, np.full(count, 7, dtype=np.uint64), refs[shuffled], sketches)
    (result,) = link_partition([(0, [chunk])], settings)
    assert list(zip(result.a.tolist(), result.b.tolist())) == list(zip(refs[:-1].tolist(), refs[1:].tolist()))
    weak = BandChunk(0, np.full(2, 9, dtype=np.uint64), refs[:2], np.arange(64, dtype=np.uint8).reshape(2, 32))
    (result,) = link_partition([(0, [weak])], settings)
    assert result.entries == 2 and len(result.a) == 0  # shares a key, sketches disagree: no link


def test_a_record_that_is_not_utf8_is_reported_and_the_others_are_checked(client, tmp_path):
    from lint.distributed.lint_job import LintSpec, run_lint
    from lint.distributed.outputs import OutDir
    from lint.distributed.shards import find_shards, plan_slices
    from lint.packs import load_rules

    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    write_shard(good, make_records(5, 4))
    bad.write_bytes(b'{"id": 1, "text": "caf\xe9"}\n{"id": 2, "text": "The council met on Monday to vote on the harbour wall.\\n\\nLeave a Reply\\n"}\n')
    slices = plan_slices(find_shards([str(good), str(bad)]), 1 << 20)
    results = run_lint(client, slices, LintSpec(OutDir.of(str(tmp_path / "out")), fix=True), load_rules())
    assert results[1].problems == (f"{bad}:1: record is not UTF-8 (byte 22)",) and not results[1].unreadable
    assert results[1].records == 1 and results[1].changed == 1
    assert (tmp_path / "out" / "fixed" / "good.jsonl").exists()
    assert read_lines(tmp_path / "out" / "fixed" / "bad.jsonl") == [{"id": 2, "text": "The council met on Monday to vote on the harbour wall.\n"}]
    assert (tmp_path / "out" / "findings" / "bad.jsonl").exists()


def test_a_compressed_shard_is_one_slice_read_decompressed(client, corpus, tmp_path):
    import gzip

    from lint.distributed.lint_job import LintSpec, run_lint
    from lint.distributed.outputs import OutDir
    from lint.distributed.shards import find_shards, plan_slices
    from lint.packs import load_rules

    shards, reference = corpus
    packed = tmp_path / "part-0.jsonl.gz"
    packed.write_bytes(gzip.compress(shards[0].read_bytes()))
    slices = plan_slices(find_shards([str(packed)]), 1024)
    assert len(slices) == 1 and slices[0].shard.name == "part-0.jsonl"
    run_lint(client, slices, LintSpec(OutDir.of(str(tmp_path / "out")), fix=True), load_rules())
    found = read_lines(tmp_path / "out" / "findings" / "part-0.jsonl")
    expected = reference[True][str(shards[0])]["findings"]
    assert [{**f, "path": f["record"]} for f in found] == [
        {**f, "path": f["path"].split("#", 1)[1], "shard": str(packed), "record": f["path"].split("#", 1)[1]}
        for f in expected
    ]
    assert (tmp_path / "out" / "fixed" / "part-0.jsonl").read_bytes() == reference[True][str(shards[0])]["fixed"]


def test_slices_tile_a_shard_on_line_starts_and_keep_line_numbers(tmp_path):
    from lint.distributed.shards import find_shards, plan_slices, read_slice, slice_lines

    shard = tmp_path / "s.jsonl"
    shard.write_bytes(EDGE.read_bytes() * 7)
    found = find_shards([str(shard)])
    for blocksize in (1, 50, 333, 10 ** 6):
        slices = plan_slices(found, blocksize)
        assert slices[0].start == 0 and slices[-1].end == shard.stat().st_size
        assert all(x.end == y.start for x, y in zip(slices, slices[1:]))
        lines = [line for piece in slices for line in slice_lines(piece, read_slice(piece), CorpusKeys())]
        assert [(line.number, line.error) for line in lines] == [
            (line.number, line.error) for line in slice_lines(plan_slices(found, 10 ** 9)[0], shard.read_bytes(), CorpusKeys())
        ]
    assert [line.number for line in lines][:4] == [1, 3, 4, 5]


def test_usage_errors_are_one_line(tmp_path):
    from lint.distributed.cli import main

    shard = tmp_path / "s.jsonl"
    write_shard(shard, make_records(3, 9))
    with pytest.raises(WirelintError, match="no such JSONL file"):
        from lint.distributed.shards import find_shards

        find_shards([str(tmp_path / "missing.jsonl")])
    with pytest.raises(WirelintError, match="no JSONL shards match"):
        find_shards([str(tmp_path / "*.none")])
    with pytest.raises(WirelintError, match="given twice"):
        find_shards([str(shard), str(tmp_path / "*.jsonl")])
    assert main(["check", str(shard), "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:9", "--workers", "2"]) == 2
    assert main(["check", str(shard), "--out", str(tmp_path / "o"), "--blocksize", "lots"]) == 2
    overwrite = tmp_path / "findings"
    overwrite.mkdir()
    write_shard(overwrite / "s.jsonl", make_records(2, 1))
    assert main(["check", str(overwrite / "s.jsonl"), "--out", str(tmp_path)]) == 2


def test_building_the_parser_does_not_import_dask():
    code = (
        "import argparse, sys\n"
        "from lint.cli import build_parser\n"
        "from lint.distributed import cli\n"
        "parser = argparse.ArgumentParser()\n"
        "cli.add_parser(parser.add_subparsers())\n"
        "build_parser()\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')], 'dask imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr.decode()


def test_wirelint_corpus_check_when_wired(client, tmp_path):
    from lint.cli import build_parser

    if "corpus" not in build_parser().format_help():
        pytest.skip("wirelint corpus is not wired into lint/cli.py yet")
    result = run_wirelint("corpus", "check", "--help")
    assert result.returncode == 0 and b"--scheduler" in result.stdout
    result = run_wirelint("corpus", "check", str(EDGE), "--scheduler", client.scheduler.address,
                          "--out", str(tmp_path), "--fix", "-q")
    assert result.returncode == 2 and b"edge.jsonl:3: not a JSON object" in result.stderr
    assert (tmp_path / "fixed" / "edge.jsonl").exists() and (tmp_path / "summary.json").exists()


def test_a_record_with_an_unpaired_surrogate_is_reported_not_a_crash(client, tmp_path):
    from lint.distributed.lint_job import LintSpec, run_lint
    from lint.distributed.outputs import OutDir
    from lint.distributed.shards import find_shards, plan_slices
    from lint.packs import load_rules

    shard = tmp_path / "s.jsonl"
    body = "The council met on Monday to vote on the harbour wall.\n\nLeave a Reply\n"
    shard.write_text('{"id": 1, "text": "Body \\ud800."}\n' + json.dumps({"id": 2, "text": body, "note": "\ud800"}) + "\n",
                     encoding="utf-8")
    slices = plan_slices(find_shards([str(shard)]), 1 << 20)
    (result,) = run_lint(client, slices, LintSpec(OutDir.of(str(tmp_path / "out")), fix=True), load_rules())
    assert len(result.problems) == 1 and "s.jsonl:1:" in result.problems[0] and "surrogate" in result.problems[0]
    fixed = read_lines(tmp_path / "out" / "fixed" / "s.jsonl")
    assert fixed == [{"id": 2, "text": "The council met on Monday to vote on the harbour wall.\n", "note": "\ud800"}]
