"""JUnit XML and GitHub workflow annotations."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from iac_review.core.review import InputReview, Review, ReviewConfig
from iac_review.core.workspace import Project, SourceFile
from iac_review.reporters import github, junit


@pytest.fixture
def project_input(make_finding):
    project = Project(input="examples/app", kind="project",
                      files={"lib/tap_stack.py": SourceFile("lib/tap_stack.py", "x = 1\n")})
    finding = make_finding("CDK001", 3, "cannot import name 'S3BucketVersioning'", origin=False,
                           input_="examples/app")
    return InputReview(project=project, findings=[finding], seconds=0.1)


def test_junit_has_a_failing_case_per_finding_at_the_file_of_the_repository(task_review):
    root = ET.fromstring(junit.render(task_review))
    (suite,) = root
    cases = suite.findall("testcase")
    assert root.get("failures") == suite.get("failures") == str(len(cases)) == "5"
    first = cases[0]
    assert first.find("failure").get("type") == "Critical"
    assert first.get("file") == "tasks/t1/lib/MODEL_RESPONSE.md"   # the markdown the code came from
    assert "tests: the task has no tests/ folder" in suite.find("system-out").text


def test_junit_passes_a_clean_input_and_keeps_xml_valid_with_hostile_text(empty_review, project_input,
                                                                           make_finding):
    root = ET.fromstring(junit.render(empty_review))
    assert [c.get("name") for c in root.iter("testcase")] == ["no findings"]
    hostile = project_input
    hostile.findings = [make_finding("CDK001", 3, "bad \x00 byte \x1b[31m and <tag> & \"quotes\"", origin=False)]
    text = junit.render(Review([hostile], ReviewConfig()))
    failure = ET.fromstring(text).find(".//failure")
    assert "<tag> & \"quotes\"" in failure.get("message") and "\x00" not in text


def test_junit_reports_an_unreadable_input_as_an_error_case(project_input):
    broken = project_input
    broken.findings, broken.error = [], "answer.md: no such file"
    root = ET.fromstring(junit.render(Review([broken], ReviewConfig())))
    assert root.get("errors") == "1" and root.find(".//error").get("message") == "answer.md: no such file"


def test_github_annotations_map_severity_and_escape_the_message(make_input, make_finding):
    item = make_input([
        make_finding("SEC001", 10, "line one\nline two: 100%", severity=None),
        make_finding("CDK001", 3, "critical one"),
    ])
    lines = github.render(Review([item], ReviewConfig())).splitlines()
    assert lines[0].startswith("::error file=tasks/t1/lib/MODEL_RESPONSE.md,line=")
    assert "title=CDK001 " in lines[0]
    (sec,) = [line for line in lines if "SEC001" in line]
    assert sec.split(" ", 1)[0] in ("::error", "::warning", "::notice")
    assert sec.endswith("::line one%0Aline two: 100%25")


def test_github_annotates_project_files_from_the_working_directory(project_input):
    lines = github.render(Review([project_input], ReviewConfig())).splitlines()
    assert lines == [line for line in lines if line.startswith("::")]
    assert "file=examples/app/lib/tap_stack.py,line=3,col=1," in lines[0]


def test_github_says_nothing_for_a_clean_review(empty_review):
    assert github.render(empty_review) == ""


def test_an_input_review_without_findings_renders_in_both(empty_review):
    assert isinstance(empty_review.inputs[0], InputReview)
    assert junit.render(empty_review).startswith("<?xml")
