"""The HTML report at scale: page weight, the time to draw it, and the time a browser takes to open it.

    python bench/report_page.py --n 10000            # generate the benchmark corpus, then measure
    python bench/report_page.py --corpus DIR          # an existing corpus (bench/generate.py --out DIR)

Measures, on the corpus (with ``--ignore provenance`` unless ``--reuse``, since reuse
detection is not yet linear in the files that share text, issue 14):

- ``check --format json`` and ``check --format html`` wall time (the difference is what
  the page costs in a check run);
- ``wirelint report`` from the saved JSON (re-reads every file named, reads the credits,
  draws the page);
- the page's size, and in headless Chromium (Debian's, if installed) the time from
  navigation to the load event, and to the end of the first layout of the whole page.

Results go to stdout and ``bench/out/report_page.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--window-size=1280,2000")


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def browser_open(page: Path, screenshot: Path | None) -> dict | None:
    """Navigation-to-load time of ``page`` in headless Chromium (median of 3 loads)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None
    if not (os.path.exists("/usr/bin/chromium") and os.path.exists("/usr/bin/chromedriver")):
        return None
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (*FLAGS, f"--user-data-dir={tempfile.mkdtemp(prefix='wirelint-bench-')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        loads, layouts = [], []
        for _ in range(3):
            started = time.perf_counter()
            driver.get(page.as_uri())
            driver.execute_script("return document.body.scrollHeight")  # forces the whole page's layout
            layouts.append(time.perf_counter() - started)
            loads.append(driver.execute_script(
                "const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime;") / 1000)
        if screenshot is not None:
            driver.save_screenshot(str(screenshot))
        return {"load_s": sorted(loads)[1], "load_and_layout_s": sorted(layouts)[1]}
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--corpus", type=Path, help="an existing corpus folder (else one is generated)")
    parser.add_argument("--reuse", action="store_true", help="keep reuse detection on (slow: quadratic today)")
    parser.add_argument("--wirelint", default="wirelint")
    args = parser.parse_args()
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    corpus = args.corpus
    if corpus is None:
        corpus = Path(tempfile.mkdtemp(prefix="wirelint-report-bench-"))
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--n", str(args.n), "--seed", "1", "--out", str(corpus)],
                       check=True, stdout=subprocess.DEVNULL)
    files = str(corpus / "articles") if (corpus / "articles").is_dir() else str(corpus)
    select = [] if args.reuse else ["--ignore", "provenance"]
    check = [*args.wirelint.split(), "check", *select, "-q"]
    saved, page, redrawn = out / "report_page.json.findings", out / "report_page.html", out / "report_page_redrawn.html"
    figures = {
        "files": sum(1 for _ in Path(files).rglob("*.txt")),
        "check_json_s": timed([*check, "--format", "json", "-o", str(saved), files]),
        "check_html_s": timed([*check, "--format", "html", "-o", str(page), files]),
        "report_from_json_s": timed([*args.wirelint.split(), "report", str(saved), "-o", str(redrawn)]),
    }
    figures["page_bytes"] = page.stat().st_size
    figures["redrawn_page_bytes"] = redrawn.stat().st_size
    figures["browser"] = browser_open(page, out / "report_page.png")
    (out / "report_page.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
