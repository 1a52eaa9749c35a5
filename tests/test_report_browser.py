"""The HTML report in a real browser: Debian's headless Chromium driven by Selenium.

One browser session serves every check. It loads the page of a real run over the test
batch (whose hostile file tries to run script), then checks what a reader would see.
The screenshot is kept as a test artifact in ``$WIRELINT_TEST_ARTIFACTS`` (default: the
test's temporary folder). Without Chromium the test is skipped, except in CI (``CI``
set), where ``.ci/run`` installs it and a missing browser is a failure.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import run_wirelint
from report_batch import HOSTILE_LINES, write_batch

CHROMIUM, DRIVER = shutil.which("chromium") or "/usr/bin/chromium", shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--window-size=1280,2000")


@pytest.fixture(scope="module")
def browser():
    if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser test: chromium and chromium-driver are missing")
        pytest.skip("Debian chromium and chromium-driver are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="wirelint-chromium-")
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def loaded(browser, tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch")
    write_batch(folder)
    page = folder / "report.html"
    result = run_wirelint("check", "--format", "html", "-o", str(page), str(folder / "wire"), str(folder / "partners"))
    assert page.exists(), result.stderr.decode()
    browser.get(page.as_uri())
    return browser, page


def test_the_page_loads_without_console_errors(loaded):
    browser, _ = loaded
    assert browser.execute_script("return document.readyState") == "complete"
    errors = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]
    assert errors == []


def test_charts_and_the_cluster_graph_are_drawn_and_visible(loaded):
    from selenium.webdriver.common.by import By

    browser, _ = loaded
    bars = browser.find_elements(By.CSS_SELECTOR, "svg.chart.bars rect.bar")
    assert len(bars) >= 5 and all(bar.size["width"] > 0 and bar.size["height"] > 0 for bar in bars)
    graph = browser.find_element(By.CSS_SELECTOR, "svg.chart.graph")
    browser.execute_script("arguments[0].scrollIntoView()", graph)
    assert graph.is_displayed() and graph.size["width"] > 100
    nodes = browser.find_elements(By.CSS_SELECTOR, "svg.chart.graph circle.node")
    edges = browser.find_elements(By.CSS_SELECTOR, "svg.chart.graph .edge")
    assert len(nodes) == 4 and len(edges) >= 3
    colours = {node.get_attribute("fill") for node in nodes}
    assert {"#1e8449", "#c0392b"} <= colours  # credited and uncredited copies differ


def _column(browser, table: str, index: int) -> list[str]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0] + ' tbody tr'))"
        ".map(r => r.cells[arguments[1]].textContent.trim());", table, index)


def test_sorting_a_table_by_a_column(loaded):
    from selenium.webdriver.common.by import By

    browser, _ = loaded
    header = browser.find_element(By.CSS_SELECTOR, "#rule-table th:nth-child(4)")
    browser.execute_script("arguments[0].scrollIntoView()", header)
    header.click()
    ascending = [int(v.replace(",", "")) for v in _column(browser, "#rule-table", 3)]
    assert ascending == sorted(ascending) and len(set(ascending)) > 1
    header.click()
    descending = [int(v.replace(",", "")) for v in _column(browser, "#rule-table", 3)]
    assert descending == sorted(ascending, reverse=True)
    browser.find_element(By.CSS_SELECTOR, "#rule-table th:nth-child(1)").click()
    names = _column(browser, "#rule-table", 0)
    assert names == sorted(names)


def test_filtering_and_opening_files(loaded):
    from selenium.webdriver.common.by import By

    browser, _ = loaded
    search = browser.find_element(By.CSS_SELECTOR, 'input[data-filter="file-table"]')
    browser.execute_script("arguments[0].scrollIntoView()", search)
    search.send_keys("hostile")
    visible = [row for row in browser.find_elements(By.CSS_SELECTOR, "#file-table tbody tr") if row.is_displayed()]
    assert len(visible) == 1 and "hostile.txt" in visible[0].text
    search.clear()
    search.send_keys(" ")
    browser.find_element(By.CSS_SELECTOR, 'button[data-open="all"]').click()
    assert all(d.get_attribute("open") is not None for d in browser.find_elements(By.CSS_SELECTOR, "#shown > details"))


def test_hostile_article_text_stays_text(loaded):
    from selenium.webdriver.common.by import By

    browser, _ = loaded
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.title != "pwned"
    assert browser.find_elements(By.CSS_SELECTOR, "main img, main textarea, main script") == []
    text = browser.execute_script("return document.getElementById('files').textContent")
    for line in HOSTILE_LINES:
        assert line.replace("\u00a0", "") in text.replace("\u00a0", "")


def test_without_javascript_the_tables_and_drawings_are_all_there(loaded, tmp_path):
    from selenium.webdriver.common.by import By

    browser, page = loaded
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(page.as_uri())
        assert "js" not in (browser.find_element(By.TAG_NAME, "html").get_attribute("class") or "")
        assert browser.find_element(By.ID, "rule-table").is_displayed()
        assert browser.find_element(By.CSS_SELECTOR, "svg.chart.graph").is_displayed()
        first = browser.find_element(By.CSS_SELECTOR, "#shown > details")
        assert first.get_attribute("open") is not None and "residue" in first.text
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    browser.get(page.as_uri())
    folder = Path(os.environ.get("WIRELINT_TEST_ARTIFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "report-browser-test.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
