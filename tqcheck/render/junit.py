"""JUnit XML for a batch: one testcase per document pair; failures list the flags, errors the reason."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from .locations import flag_location

if TYPE_CHECKING:
    from ..batch import BatchResult, PairResult

_NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (control characters from odd input)."""
    return _NOT_XML.sub("\ufffd", text)


def _flag_lines(result: "PairResult") -> list[str]:
    report = result.report
    lines = []
    for flag in report.flags:
        loc = flag_location(report, flag)
        lines.append(f"{loc.path}:{loc.line}:{loc.column}: {flag.severity.value} {flag.id}: {flag.message}")
    return lines


def _testcase(result: "PairResult") -> ET.Element:
    pair = result.pair
    case = ET.Element("testcase", {"classname": "tqcheck", "name": _clean(pair.id),
                                   "file": _clean(pair.target or pair.source or "")})
    if result.report is None:
        error = ET.SubElement(case, "error", {"message": _clean(result.error or "could not be checked"),
                                              "type": "tqcheck.error"})
        error.text = _clean(result.error or "")
        return case
    report = result.report
    summary = (f"score {report.scores.document:.1f}/100; source {pair.source} [{report.source.lang}], "
               f"translation {pair.target}; {report.signature}")
    if result.status == "fail":
        failure = ET.SubElement(case, "failure", {"message": _clean("; ".join(result.reasons)),
                                                  "type": "tqcheck.fail"})
        failure.text = _clean("\n".join(_flag_lines(result)))
    if report.ignored:
        from ..ignores import ignored_summary

        summary += f"\n{ignored_summary(report.ignored)} (not counted in the verdict)"
    out = ET.SubElement(case, "system-out")
    out.text = _clean(summary + ("\n" + "\n".join(_flag_lines(result)) if result.status != "fail" and
                                 report.flags else ""))
    return case


def render_junit(batch: "BatchResult", suite: str = "tqcheck") -> str:
    """A ``<testsuites>`` document with one ``<testsuite>``; deterministic (no times, no host names)."""
    counts = batch.counts()
    totals = {"tests": str(len(batch.results)), "failures": str(counts["fail"]), "errors": str(counts["error"]),
              "skipped": "0"}
    root = ET.Element("testsuites", {"name": suite, **totals})
    testsuite = ET.SubElement(root, "testsuite", {"name": suite, **totals})
    for result in batch.results:
        testsuite.append(_testcase(result))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
