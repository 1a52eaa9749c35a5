"""JUnit XML, for CI systems that chart test reports (GitLab, Jenkins, Azure Pipelines).

One test suite per file, one test case per finding; errors and warnings are failures,
info findings pass and carry their message as output. A clean run is one passing case, so
report readers that reject an empty report still see a result. Built with ElementTree so
markup is escaped; characters XML 1.0 cannot hold at all are replaced first.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Mapping, Sequence

from ..finding import Finding
from .full import finding_block

FAILING = ("error", "warning")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with characters XML 1.0 forbids (most C0 controls, lone surrogates) as U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _case(suite: ET.Element, finding: Finding, source: Sequence[str] | None) -> None:
    f = finding
    case = ET.SubElement(suite, "testcase", {
        "name": xml_text(f"{f.rule} {f.line}:{f.column}"),
        "classname": xml_text(f.path),
        "file": xml_text(f.path),
        "line": str(f.line),
    })
    detail = xml_text(finding_block(f, source).rstrip("\n"))
    if f.severity in FAILING:
        failure = ET.SubElement(case, "failure", {"message": xml_text(f.message), "type": f.severity})
        failure.text = detail
    else:
        ET.SubElement(case, "system-out").text = detail


def _counts(element: ET.Element, tests: int, failures: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")


def junit_tree(findings: Sequence[Finding], lines: Mapping[str, Sequence[str]], files: int = 0) -> ET.Element:
    """The ``<testsuites>`` element: a suite per path, in the order paths first appear."""
    root = ET.Element("testsuites", {"name": "wirelint"})
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    for path, found in by_path.items():
        suite = ET.SubElement(root, "testsuite", {"name": xml_text(path)})
        _counts(suite, len(found), sum(f.severity in FAILING for f in found))
        suite.set("skipped", "0")
        for finding in found:
            _case(suite, finding, lines.get(path))
    if not by_path:
        suite = ET.SubElement(root, "testsuite", {"name": "wirelint"})
        _counts(suite, 1, 0)
        suite.set("skipped", "0")
        ET.SubElement(suite, "testcase", {"name": f"no problems in {files} file{'s' if files != 1 else ''}",
                                          "classname": "wirelint"})
    _counts(root, max(len(findings), 1), sum(f.severity in FAILING for f in findings))
    return root


def format_junit(findings: Sequence[Finding], lines: Mapping[str, Sequence[str]], files: int = 0) -> str:
    """The report as an indented UTF-8 XML document."""
    root = junit_tree(findings, lines, files)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
