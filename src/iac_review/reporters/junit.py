"""JUnit XML: one test suite per input, one failing test case per finding.

CI systems that read JUnit (GitLab, Jenkins, Azure DevOps, CircleCI) then show
each finding as a failed test named after its rule and place. An input without
findings has one passing case, an input that could not be read has an error
case, and an internal error (a crashed rule or stage) is an error case of its
input. What was not evaluated goes to the suite's ``system-out``.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from iac_review.reporters import _common

if TYPE_CHECKING:  # pragma: no cover
    from iac_review.core.review import InputReview, Review

NAME = "junit"
DESCRIPTION = "JUnit XML (a failed test case per finding)"
EXTENSION = ".xml"


# Characters XML 1.0 cannot hold (a hostile answer may put them in a message).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _place(finding) -> str:
    if finding.origin is not None:
        return f"{finding.origin.file}:{finding.origin.line}"
    return f"{finding.location.file}:{finding.location.line}"


def _case(suite: ET.Element, finding) -> None:
    # the file in the repository: the markdown answer when the code came from one
    where = finding.origin or finding.location
    case = ET.SubElement(suite, "testcase", name=_xml(f"{finding.rule_id} {_place(finding)}"),
                         classname=f"iac-review.{finding.rule_id}", file=_xml(where.file),
                         line=str(where.line), time="0")
    failure = ET.SubElement(case, "failure", message=_xml(finding.message), type=finding.severity.value)
    lines = [f"{finding.severity.value} {finding.rule_id} "
             f"{_common.rule_title(finding.rule_id, finding.rule_name)} at {_place(finding)}",
             finding.message]
    if finding.fix:
        lines.append(f"fix: {finding.fix}")
    failure.text = _xml("\n".join(lines))


def _suite(root: ET.Element, input_review: "InputReview") -> None:
    findings = _common.sorted_findings(input_review.findings)
    errors = list(input_review.internal_errors) + ([input_review.error] if input_review.error else [])
    suite = ET.SubElement(root, "testsuite", name=_xml(input_review.project.input),
                          tests=str(max(1, len(findings)) + len(errors)),
                          failures=str(len(findings)), errors=str(len(errors)), skipped="0",
                          time=f"{float(input_review.seconds):.3f}")
    for finding in findings:
        _case(suite, finding)
    if not findings and not errors:
        ET.SubElement(suite, "testcase", name="no findings", classname="iac-review", time="0")
    for error in errors:
        text = _xml(error if isinstance(error, str) else f"{error.code} {error.text}")
        case = ET.SubElement(suite, "testcase", name="review", classname="iac-review", time="0")
        ET.SubElement(case, "error", message=text.splitlines()[0] if text else "error").text = text
    notes = [f"not evaluated: {n.stage}: {n.reason}" for n in input_review.not_evaluated]
    if notes:
        ET.SubElement(suite, "system-out").text = _xml("\n".join(notes))


def render(review: "Review", *, color: bool = False, show_code: bool = True) -> str:
    root = ET.Element("testsuites", name="iac-review")
    for input_review in review.inputs:
        _suite(root, input_review)
    root.set("tests", str(sum(int(s.get("tests")) for s in root)))
    root.set("failures", str(sum(int(s.get("failures")) for s in root)))
    root.set("errors", str(sum(int(s.get("errors")) for s in root)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
