"""The page's drawings as inline SVG, made with drawsvg (the lightest of the libraries
measured by ``bench/report_charts.py``): bar charts of counts, and the clusters graph.

drawsvg escapes every text and attribute it writes, so a file name from the batch stays
text in the SVG as it does in the page's HTML.
"""
from __future__ import annotations

import math
from typing import Sequence

from .model import Cluster

COLORS = {"error": "#c0392b", "warning": "#d68910", "info": "#2e86c1", None: "#7f8c8d"}
CREDIT_COLORS = {True: "#1e8449", False: "#c0392b", None: "#95a5a6"}
MIXED = "#d68910"
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, BAR_WIDTH = 16, 6, 210, 250
COLLAPSE_OVER = 10
CELL = 190
GRAPH_COLUMNS = 5


def _drawing(width: float, height: float, name: str, label: str, kind: str):
    import drawsvg as dw

    return dw.Drawing(width, height, id_prefix=name, role="img", aria_label=label, class_=f"chart {kind}")


def _cut(text: str, width: int, keep_end: bool) -> str:
    if len(text) <= width:
        return text
    return "…" + text[-(width - 1):] if keep_end else text[: width - 1] + "…"


def bar_chart(bars: Sequence[tuple[str, int, str | None]], label: str, name: str, keep_end: bool = False) -> str:
    """Horizontal bars: (label, count, severity for the colour), in the order given; long
    labels are cut at the end (``keep_end``: at the start, for paths)."""
    import drawsvg as dw

    top = max((count for _, count, _ in bars), default=0) or 1
    height = (BAR_HEIGHT + BAR_GAP) * len(bars) + BAR_GAP
    drawing = _drawing(LABEL_WIDTH + BAR_WIDTH + 70, height, name, label, "bars")
    for i, (text, count, severity) in enumerate(bars):
        y = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP)
        width = max(BAR_WIDTH * count / top, 1)
        shown = _cut(text, 34, keep_end)
        drawing.append(dw.Text(shown, 12, LABEL_WIDTH - 6, y + 12, text_anchor="end", class_="bar-label"))
        bar = dw.Rectangle(LABEL_WIDTH, y, width, BAR_HEIGHT, fill=COLORS.get(severity, COLORS[None]), class_="bar")
        bar.append_title(f"{text}: {count}")
        drawing.append(bar)
        drawing.append(dw.Text(f"{count:,}", 12, LABEL_WIDTH + width + 5, y + 12, class_="bar-value"))
    return drawing.as_svg(header="")


def _node_color(cluster: Cluster) -> str:
    credit = cluster.credit
    return {"credited": CREDIT_COLORS[True], "uncredited": CREDIT_COLORS[False], "unknown": CREDIT_COLORS[None]}.get(credit, MIXED)


def _short(path: str, width: int = 26) -> str:
    return _cut(path.rsplit("/", 1)[-1], width, False)


def _draw_cluster(dw, drawing, cluster: Cluster, x: float, y: float) -> None:
    cx, cy = x + CELL / 2, y + CELL / 2 - 8
    caption = f"#{cluster.number}: {len(cluster.members)} files"
    if len(cluster.members) > COLLAPSE_OVER:
        node = dw.Circle(cx, cy, 44, fill=_node_color(cluster), class_="node collapsed")
        node.append_title(f"cluster {cluster.number}: {len(cluster.members)} files, {cluster.credit}; "
                          f"representative {cluster.representative}")
        drawing.append(node)
        _share_ring(dw, drawing, cluster, cx, cy)
        drawing.append(dw.Text(f"{len(cluster.members):,}", 20, cx, cy + 7, text_anchor="middle", class_="count"))
    else:
        others = [m for m in cluster.members if m.path != cluster.representative]
        where = {cluster.representative: (cx, cy)}
        for i, member in enumerate(others):
            angle = 2 * math.pi * i / max(len(others), 1) - math.pi / 2
            where[member.path] = (cx + 62 * math.cos(angle), cy + 62 * math.sin(angle))
        credited = {m.path: m.credited for m in cluster.members}
        for link in cluster.links:
            if link.a in where and link.b in where:
                sides = {credited.get(link.a), credited.get(link.b)}
                color = CREDIT_COLORS[False] if False in sides else CREDIT_COLORS[None] if None in sides else CREDIT_COLORS[True]
                edge = dw.Line(*where[link.a], *where[link.b], stroke=color, stroke_width=1 + min(link.words, 600) / 150,
                               class_="edge")
                edge.append_title(f"{link.a} and {link.b}: {link.words} words shared")
                drawing.append(edge)
        for member in cluster.members:
            px, py = where[member.path]
            representative = member.path == cluster.representative
            node = dw.Circle(px, py, 11 if representative else 7, fill=CREDIT_COLORS[member.credited],
                             stroke="#17202a", stroke_width=2.5 if representative else 0.8, class_="node")
            state = {True: "credits its text", False: "no credit line", None: "credit not known"}[member.credited]
            node.append_title(f"{member.path}: {state}" + (" (representative)" if representative else ""))
            drawing.append(node)
    drawing.append(dw.Text(caption, 12, cx, y + CELL - 22, text_anchor="middle", class_="caption"))
    drawing.append(dw.Text(_short(cluster.representative), 11, cx, y + CELL - 8, text_anchor="middle", class_="caption rep"))


def _share_ring(dw, drawing, cluster: Cluster, cx: float, cy: float) -> None:
    """A ring round a collapsed cluster: the shares of credited, uncredited and unknown members."""
    counts = [(state, sum(1 for m in cluster.members if m.credited is state)) for state in (True, False, None)]
    start = 90.0
    for state, count in counts:
        if not count:
            continue
        sweep = 360 * count / len(cluster.members)
        if sweep >= 359.99:
            drawing.append(dw.Circle(cx, cy, 50, fill="none", stroke=CREDIT_COLORS[state], stroke_width=7, class_="ring"))
            return
        drawing.append(dw.Arc(cx, cy, 50, start - sweep, start, cw=False, fill="none", stroke=CREDIT_COLORS[state],
                              stroke_width=7, class_="ring"))
        start -= sweep


def cluster_graph(clusters: Sequence[Cluster]) -> str:
    """Each cluster in a cell: the representative in the middle and its copies around it;
    clusters of more than ``COLLAPSE_OVER`` files drawn as one node with their count."""
    import drawsvg as dw

    rows = math.ceil(len(clusters) / GRAPH_COLUMNS) or 1
    label = f"{len(clusters)} cluster{'s' if len(clusters) != 1 else ''} of files that share text"
    drawing = _drawing(CELL * min(len(clusters), GRAPH_COLUMNS) or CELL, CELL * rows, "graph", label, "graph")
    for i, cluster in enumerate(clusters):
        _draw_cluster(dw, drawing, cluster, CELL * (i % GRAPH_COLUMNS), CELL * (i // GRAPH_COLUMNS))
    return drawing.as_svg(header="")
