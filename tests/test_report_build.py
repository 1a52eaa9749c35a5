"""The page's records from findings and texts (lint/report/build.py)."""
from __future__ import annotations

from lint.report.build import SHOWN_FILES, Inputs, build_batch, flagged_lines, item_of, removed_lines, source_of
from lint.report.model import Edit, Item


def finding(path, line, rule="residue/share-row", severity="error", fix="safe", edits=None):
    edits = edits if edits is not None else (Edit(line, 1, line + 1, 1, ""),)
    return Item(path, rule, severity, "msg", line, 1, line, 10, fix, tuple(edits))


def test_a_json_finding_becomes_an_item():
    record = {"path": "a.txt", "rule": "encoding/nbsp", "severity": "warning", "message": "m", "line": 2, "column": 3,
              "end_line": 2, "end_column": 4, "fix": {"applicability": "safe", "edits": [
                  {"line": 2, "column": 3, "end_line": 2, "end_column": 4, "content": " "}]}}
    item = item_of(record)
    assert item.pack == "encoding" and item.fix_applicability == "safe" and item.edits == (Edit(2, 3, 2, 4, " "),)


def test_sources_are_folders_and_jsonl_files():
    assert source_of("wire/ap/1.txt") == "wire/ap"
    assert source_of("a.txt") == "."
    assert source_of("dump/part-1.jsonl#42") == "dump/part-1.jsonl"


def test_flagged_and_removed_lines_count_distinct_lines_of_residue_only():
    items = [finding("a", 3), finding("a", 3, rule="residue/nav-links"), finding("a", 5, severity="info"),
             finding("a", 7, rule="provenance/uncredited-reuse", severity="warning", fix=None, edits=())]
    assert flagged_lines(items) == 1  # the info note and the reuse finding are no residue
    assert removed_lines(items) == 2  # line 3 (twice) and line 5 (the info rule's safe fix)
    unsafe = [finding("a", 1, fix="unsafe")]
    assert removed_lines(unsafe) == 0


def test_totals_count_clean_files_and_their_lines():
    texts = {"d/a.txt": ["x", "Share", ""], "d/b.txt": ["clean", "text", ""], "e/c.txt": ["one line", ""]}
    batch = build_batch(Inputs([finding("d/a.txt", 2)], list(texts), texts))
    totals = batch.totals
    assert (totals.files, totals.lines, totals.findings, totals.files_with_residue, totals.removed_lines) == (3, 5, 1, 1, 1)
    assert [s.source for s in batch.sources] == ["d", "e"]
    assert batch.sources[0].lines == 4 and batch.sources[0].per_thousand == 250
    assert [r.path for r in batch.worst] == ["d/a.txt"]
    assert batch.clusters is None and batch.templates is None  # not computed


def test_a_source_the_run_gives_wins_over_folders():
    texts = {"a.txt": ["x", ""], "b.txt": ["y", ""]}
    batch = build_batch(Inputs([], list(texts), texts, sources={"a.txt": "partner-1", "b.txt": "partner-2"}))
    assert sorted(s.source for s in batch.sources) == ["partner-1", "partner-2"]


def test_only_the_worst_files_open_and_the_page_says_how_many_more_it_lists():
    texts = {f"f{n:03d}.txt": ["a", "b", "c", ""] for n in range(SHOWN_FILES + 5)}
    items = [finding(path, line) for n, path in enumerate(texts) for line in range(1, 1 + n % 3 + 1)]
    batch = build_batch(Inputs(items, list(texts), texts))
    assert len(batch.shown) == SHOWN_FILES
    residue = [f.row.residue for f in batch.shown]
    assert residue == sorted(residue, reverse=True) and residue[0] == 3


def test_past_the_limit_credits_are_read_on_an_even_sample_and_the_reuse_members(monkeypatch):
    from lint.report import credits

    monkeypatch.setattr(credits, "ALL_UP_TO", 4)
    texts = {f"d/{n:02d}.txt": ["LONDON (Reuters) - The talks went on for hours, officials said.", ""] for n in range(10)}
    pairs = [{"a": "d/01.txt", "b": "d/03.txt", "words": 40}]
    batch = build_batch(Inputs([], list(texts), texts, pairs=pairs))
    assert batch.agencies_note == "in an even sample of 4 of the 10 texts"
    assert [(a.name, a.files) for a in batch.agencies] == [("Reuters", 4)]
    assert all(m.credited is True for m in batch.clusters[0].members)  # members are read besides the sample


def test_credits_are_not_read_in_forked_workers_while_other_threads_run(monkeypatch):
    import threading

    from lint.report import credits

    def no_fork(method):
        raise AssertionError(f"forked with {method!r} while another thread ran")

    monkeypatch.setattr(credits.multiprocessing, "get_context", no_fork)
    monkeypatch.setattr(credits, "_jobs", lambda: 2)
    texts = {f"a{i}.txt": [f"(Reporting by Jane Doe; editing by John Roe) story {i}."] for i in range(credits.IN_PROCESS_UP_TO + 5)}
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        read = credits.read_many(texts, sorted(texts))
    finally:
        stop.set()
        other.join()
    assert sorted(read) == sorted(texts)
    assert read["a0.txt"] == credits.read_credits(texts["a0.txt"][0], "a0.txt")


def test_a_saved_templates_file_gives_each_line_with_its_batch_count(tmp_path):
    from lint.provenance.templates import TemplateCounter
    from lint.report.saved import templates_from_json

    counter = TemplateCounter()
    for number in range(5):
        source = "north" if number < 4 else "south"
        counter.add([f"Story {'abcde'[number]} has its own words here", "Follow North News on Facebook", "Read more"],
                    f"a{number}", source)
    saved = tmp_path / "partner.templates"
    saved.write_text(counter.frequent().to_json(), encoding="utf-8")
    lines = {line.sample: line for line in templates_from_json(str(saved))}
    assert lines["Follow North News on Facebook"].articles == 5
    assert lines["Follow North News on Facebook"].source == "north"  # frequent in that source alone
    assert not any(sample.startswith("Story") for sample in lines)
