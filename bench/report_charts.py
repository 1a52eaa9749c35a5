"""Chart libraries for the HTML report, measured: page weight and render time of one bar chart.

Draws the same horizontal bar chart (``--bars`` rules with counts) with each library that
is installed and prints, per library, the SVG's size and the time to import the library
and draw the chart (median of ``--runs``, each in a fresh process so import time counts).
The report's choice (drawsvg) is the one this measured lightest; see README "HTML report".

    python bench/report_charts.py --bars 40 --runs 5
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

DRAW = {
    "drawsvg": """
import drawsvg as dw
d = dw.Drawing(640, 22 * len(bars) + 10)
top = max(c for _, c in bars)
for i, (name, count) in enumerate(bars):
    y = 5 + 22 * i
    d.append(dw.Text(name, 12, 200, y + 14, text_anchor='end'))
    d.append(dw.Rectangle(208, y + 2, 380 * count / top, 16, fill='#c0392b'))
    d.append(dw.Text(str(count), 12, 212 + 380 * count / top, y + 14))
svg = d.as_svg()
""",
    "pygal": """
import pygal
chart = pygal.HorizontalBar(js=(), show_legend=False, width=640, height=22 * len(bars) + 60, print_values=True)
chart.x_labels = [name for name, _ in bars]
chart.add('findings', [count for _, count in bars])
svg = chart.render(is_unicode=True)
""",
    "matplotlib": """
import matplotlib
matplotlib.use('svg')
matplotlib.rcParams['svg.fonttype'] = 'none'
import matplotlib.pyplot as plt
import io
fig, ax = plt.subplots(figsize=(6.4, 0.22 * len(bars) + 0.6))
ax.barh([n for n, _ in bars], [c for _, c in bars], color='#c0392b')
ax.invert_yaxis()
buffer = io.StringIO()
fig.savefig(buffer, format='svg', bbox_inches='tight')
svg = buffer.getvalue()
""",
}

HARNESS = """
import json, sys, time
started = time.perf_counter()
bars = [('pack/rule-number-' + str(i), 1000 - 20 * i) for i in range({bars})]
{body}
print(json.dumps({{"ms": (time.perf_counter() - started) * 1000, "bytes": len(svg.encode())}}))
"""


def measure(library: str, bars: int) -> dict | None:
    code = HARNESS.format(bars=bars, body=DRAW[library])
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode:
        return None
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bars", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'library':<12} {'svg bytes':>10} {'import+draw ms':>15}")
    for library in DRAW:
        runs = [measure(library, args.bars) for _ in range(args.runs)]
        if None in runs:
            print(f"{library:<12} {'not installed':>10}")
            continue
        ms = statistics.median(r["ms"] for r in runs)
        print(f"{library:<12} {runs[0]['bytes']:>10} {ms:>15.1f}")


if __name__ == "__main__":
    main()
