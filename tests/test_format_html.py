"""``wirelint check --format html`` end to end: a real run on real files, the page parsed."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import run_wirelint
from report_batch import HOSTILE_LINES, write_batch


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text of its script elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    write_batch(folder)
    return folder


@pytest.fixture(scope="module")
def page(batch, tmp_path_factory) -> str:
    target = tmp_path_factory.mktemp("page") / "report.html"
    result = run_wirelint("check", "--format", "html", "-o", str(target), str(batch))
    assert result.returncode == 1, result.stderr.decode()
    assert b"Found" in result.stderr  # the summary goes to stderr, the page to the file
    return target.read_text(encoding="utf-8")


def section(page: str, name: str) -> str:
    start = page.index(f'<section id="{name}">')
    return page[start:page.index("</section>", start)]


def test_the_page_is_self_contained_and_runs_only_its_own_script(page):
    tags = parse(page)
    names = [tag for tag, _ in tags.tags]
    assert names.count("script") == 1 and "img" not in names and "textarea" not in names
    assert "link" not in names and "iframe" not in names
    for tag, attrs in tags.tags:
        assert "src" not in attrs, tag
        assert not attrs.get("href", "#").startswith(("http", "//")), attrs
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    assert "@import" not in page and "url(" not in page
    assert "__pwned" not in "".join(tags.scripts)
    policy = next(a["content"] for t, a in tags.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(tags.scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy


def test_hostile_article_text_is_escaped_text(page):
    assert "&lt;script&gt;window.__pwned = 1; document.title = &#39;pwned&#39;;&lt;/script&gt;" in page
    assert "&lt;/textarea&gt;&lt;/pre&gt;&lt;/div&gt;&lt;img src=x onerror=" in page
    for line in HOSTILE_LINES:
        assert line not in page


def test_the_batch_in_numbers(page, batch):
    numbers = section(page, "numbers")
    lines = sum(len(p.read_text(encoding="utf-8").split("\n")) - 1 for p in batch.rglob("*.txt"))
    assert re.search(r'<div class="value">5</div><div class="label">files', numbers)
    assert f'<div class="value">{lines:,}</div><div class="label">lines' in numbers
    assert "of lines <code>--fix</code> would remove" in numbers


def test_every_rule_is_in_the_table_and_the_chart(page, batch):
    rules = section(page, "rules")
    result = run_wirelint("check", "--format", "json", str(batch))
    import json

    expected = {f["rule"] for f in json.loads(result.stdout)}
    listed = set(re.findall(r"<tr><td>([a-z]+/[a-z-]+)</td>", rules))
    assert listed == expected
    assert '<svg' in rules and 'class="bar"' in rules


def test_sources_are_the_folders_worst_first(page):
    rows = re.findall(r'<tr><td class="path">([^<]+)</td>', section(page, "sources"))
    assert [Path(r).name for r in rows] == ["partners", "wire"]


def test_the_copies_are_one_cluster_represented_by_a_credited_file(page):
    provenance = section(page, "provenance")
    table = provenance[provenance.index('id="cluster-table"'):]
    row = re.search(r'<tr><td class="num">1</td><td class="num">(\d+)</td><td class="path">([^<]+)</td>'
                    r'<td class="credit-(\w+)">\w+</td><td class="num">(\d+)</td>', table)
    assert row is not None
    size, representative, credit, uncredited = row.groups()
    assert int(size) == 4 and credit == "mixed" and int(uncredited) == 2
    assert Path(representative).name in ("ap-story.txt", "credited-copy.txt")
    assert 'class="node"' in provenance and 'class="edge"' in provenance
    assert "Associated Press" in section(page, "provenance")


def test_template_lines_say_not_computed(page):
    assert "Not computed: no template lines were learned" in section(page, "templates")


def test_the_worst_files_open_with_their_findings_marked(page):
    files = section(page, "files")
    assert files.count('<details class="file"') == 5
    hostile = files[files.index("hostile.txt</span> · "):]
    mark = re.search(r'<mark class="m-warning" title="1: encoding/nbsp: [^"]*"><sup>1</sup>\u00a0</mark>([^<]*)</div>', hostile)
    assert mark is not None and mark.group(1).startswith("&lt;script&gt;window.__pwned = 4&lt;/script&gt; and the talks")
    assert re.search(r'<mark class="m-error" title="2: residue/comment-widget: [^"]*"><sup>2</sup>Your email', hostile)
    assert '<div class="d-del">-' in files  # the diff of the safe fixes


def test_without_reuse_detection_provenance_says_not_computed(batch, tmp_path):
    target = tmp_path / "page.html"
    run_wirelint("check", "--ignore", "provenance", "--format", "html", "-o", str(target), str(batch))
    provenance = section(target.read_text(encoding="utf-8"), "provenance")
    assert "Clusters of shared text: not computed" in provenance
    assert "Associated Press" in provenance  # the credits are read all the same


def test_a_clean_batch_gives_a_page_that_says_so(tmp_path):
    (tmp_path / "clean.txt").write_text("A clean article.\n\nIt has two paragraphs.\n", encoding="utf-8")
    result = run_wirelint("check", "--format", "html", str(tmp_path / "clean.txt"))
    page = result.stdout.decode("utf-8")
    assert result.returncode == 0 and page.startswith("<!DOCTYPE html>")
    assert "No file has findings." in page and "No findings: nothing to chart." in page
