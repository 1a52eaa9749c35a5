"""Marking finding spans in a text and the diff of its safe fixes (lint/report/marks.py)."""
from __future__ import annotations

from lint.report.marks import fix_diff, mark_line, mark_lines
from lint.report.model import Edit, Item


def item(line, column, end_line, end_column, severity="warning", fix=None, edits=()):
    return Item("a.txt", "pack/rule", severity, "msg", line, column, end_line, end_column, fix, tuple(edits))


def test_a_span_is_cut_out_exactly_and_numbered_where_it_starts():
    shown = mark_line(1, "one two three", [(1, item(1, 5, 1, 8))])
    assert [(s.text, s.severity, s.notes, s.starts) for s in shown.segments] == [
        ("one ", None, (), ()), ("two", "warning", (1,), (1,)), (" three", None, (), ()),
    ]


def test_overlapping_spans_take_the_higher_severity_where_they_meet():
    shown = mark_line(1, "abcdef", [(1, item(1, 1, 1, 5, "info")), (2, item(1, 3, 1, 7, "error"))])
    assert [(s.text, s.severity, s.notes) for s in shown.segments] == [
        ("ab", "info", (1,)), ("cd", "error", (1, 2)), ("ef", "error", (2,)),
    ]


def test_a_multi_line_span_covers_the_lines_between_but_not_the_line_it_ends_at_column_one():
    lines = ["first", "second", "third"]
    marked, cut = mark_lines(lines, [item(1, 3, 3, 1)], limit=10)
    assert cut == 0
    assert [s.text for s in marked[0].segments if s.notes] == ["rst"]
    assert [s.text for s in marked[1].segments if s.notes] == ["second"]
    assert not any(s.notes for s in marked[2].segments)


def test_a_zero_width_span_at_the_end_of_a_line_is_still_marked():
    shown = mark_line(1, "text", [(1, item(1, 5, 1, 5))])
    assert shown.segments[-1].text == "" and shown.segments[-1].notes == (1,)


def test_lines_past_the_limit_are_counted_not_shown():
    marked, cut = mark_lines(["a", "b", "c", "d"], [], limit=3)
    assert len(marked) == 3 and cut == 1


def test_the_diff_removes_the_lines_of_a_safe_fix_and_ignores_unsafe_ones():
    lines = ["Title", "", "Body.", "", "Share this article", ""]
    safe = item(5, 1, 5, 19, fix="safe", edits=[Edit(4, 1, 6, 1, "")])
    unsafe = item(1, 1, 1, 6, fix="unsafe", edits=[Edit(1, 1, 3, 1, "")])
    diff = fix_diff(lines, [safe, unsafe])
    removed = ["".join(text for text, _ in d.parts) for d in diff if d.kind == "-"]
    assert sorted(removed) == ["", "Share this article"]
    assert not [d for d in diff if d.kind == "+"]
    assert fix_diff(lines, [unsafe]) == ()


def test_a_replaced_character_is_shown_where_it_changed():
    lines = ["a\u00a0b", ""]
    nbsp = item(1, 2, 1, 3, fix="safe", edits=[Edit(1, 2, 1, 3, " ")])
    old, new = [d for d in fix_diff(lines, [nbsp]) if d.kind in "+-"]
    assert old.parts == (("a", False), ("\u00a0", True), ("b", False))
    assert new.parts == (("a", False), (" ", True), ("b", False))
