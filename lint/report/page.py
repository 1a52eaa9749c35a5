"""The HTML page: the ``Batch`` records through one Jinja template, with autoescaping on.

Every text from the batch (file names, messages, article lines, template samples) goes
through Jinja's escaping or drawsvg's; the only unescaped parts are this package's own
CSS, script and the SVG drawsvg made. The page has no external reference of any kind, and
its content security policy lets only its own script run (by hash), so even text that
slipped past escaping could not run as script.
"""
from __future__ import annotations

import base64
import hashlib
import os
from importlib import resources

from ..errors import WirelintError
from .model import Batch

RULE_BARS = 25
SOURCE_BARS = 15
GRAPH_CLUSTERS = 25
CLUSTER_ROWS = 300
MEMBER_NAMES = 6
DIFF_CLASS = {"+": "d-add", "-": "d-del", " ": "d-ctx", "@": "d-hunk"}


def _libraries():
    try:
        import drawsvg  # noqa: F401
        import jinja2
    except ImportError:
        raise WirelintError("the html report needs the report extra: pip install 'wirelint[report]'") from None
    return jinja2


def _num(value) -> str:
    if value is None:
        return "—"
    return f"{value:,}"


def _count_of(value: int, word: str) -> str:
    return f"{value:,} {word}{'' if value == 1 else 's'}"


def _rate(value) -> str:
    return "—" if value is None else f"{value:,.1f}"


def _pct(part, whole) -> str:
    if part is None or not whole:
        return "—"
    share = 100 * part / whole
    return f"{share:.1f}%" if share >= 0.1 or share == 0 else "<0.1%"


def _common_folder(batch: Batch) -> str:
    """The folder every listed path is under (shown once, not on every row), or ``""``."""
    paths = [r.path.split(".jsonl#", 1)[0] for r in batch.worst]
    if batch.source_kind in ("folder", "JSONL file"):
        paths += [s.source for s in batch.sources]
    paths += [m.path.split(".jsonl#", 1)[0] for c in (batch.clusters or ()) for m in c.members]
    if len(paths) < 2 or len({os.path.isabs(p) for p in paths}) > 1:
        return ""
    try:
        folder = os.path.commonpath(paths)
    except ValueError:
        return ""
    return folder if folder not in ("", "/", ".") and folder not in paths else ""


def _anchor(path: str) -> str:
    return "f-" + hashlib.sha1(path.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def render_page(batch: Batch) -> str:
    """The whole page as one string."""
    from .charts import COLLAPSE_OVER, bar_chart, cluster_graph

    jinja2 = _libraries()
    package = resources.files(__package__)
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    folder = _common_folder(batch)
    environment.filters.update(
        num=_num, rate=_rate, count_of=_count_of,
        rel=lambda path: path[len(folder) + 1:] if folder and path.startswith(folder + os.sep) else path,
    )
    template = environment.from_string(package.joinpath("page.html.j2").read_text(encoding="utf-8"))
    packs: dict[str, int] = {}
    for row in batch.rules:
        packs[row.pack] = packs.get(row.pack, 0) + row.count
    rule_chart = bar_chart([(r.rule, r.count, r.severity) for r in batch.rules[:RULE_BARS]], "findings by rule", "rules") if batch.rules else ""
    pack_chart = bar_chart(sorted(((p, n, None) for p, n in packs.items()), key=lambda b: -b[1]), "findings by pack", "packs") if packs else ""
    worst_sources = [s for s in batch.sources if s.per_thousand][:SOURCE_BARS]
    source_chart = bar_chart(
        [(s.source, round(s.per_thousand or 0), "error") for s in worst_sources], "residue per 1,000 lines by source", "sources", keep_end=True,
    ) if len(batch.sources) > 1 and worst_sources else ""
    graph = cluster_graph(batch.clusters[:GRAPH_CLUSTERS]) if batch.clusters else ""
    script = package.joinpath("page.js").read_text(encoding="utf-8")
    return template.render(
        b=batch, css=package.joinpath("page.css").read_text(encoding="utf-8"), js=script,
        script_hash=base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii"),
        rule_chart=rule_chart, pack_chart=pack_chart, source_chart=source_chart, graph=graph,
        rule_bars=RULE_BARS, graph_clusters=GRAPH_CLUSTERS, cluster_rows=CLUSTER_ROWS, member_names=MEMBER_NAMES,
        collapse=COLLAPSE_OVER, pct=_pct, diff_class=DIFF_CLASS,
        anchors={f.row.path: _anchor(f.row.path) for f in batch.shown}, folder=folder,
    )
