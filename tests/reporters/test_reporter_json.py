from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

import reporter_schema_check as schema_check
from iac_review.api import Review, ReviewConfig
from iac_review.reporters.json_ import JSON_SCHEMA_VERSION
from iac_review.reporters import get_reporter

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "json-schema" / f"review-{JSON_SCHEMA_VERSION}.json"


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def render(review) -> dict:
    text = get_reporter("json").render(review)
    assert text.endswith("\n")
    return json.loads(text)


def test_schema_file_matches_the_schema_version(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema_version"]["const"] == JSON_SCHEMA_VERSION


def test_schema_uses_only_keywords_the_checker_knows(schema):
    assert schema_check.keywords(schema) <= schema_check.SUPPORTED


@pytest.mark.parametrize("fixture", ["task_review", "two_input_review", "empty_review", "no_input_review"])
def test_output_is_valid_against_the_schema(fixture, schema, request):
    doc = render(request.getfixturevalue(fixture))
    assert schema_check.errors(doc, schema) == []


def test_checker_rejects_invalid_documents(task_review, schema):
    doc = render(task_review)
    broken = copy.deepcopy(doc)
    del broken["findings"][0]["location"]["line"]
    broken["findings"][1]["severity"] = "Blocker"
    broken["findings"][2]["origin"] = {"file": "x.md"}
    broken["inputs"][0]["surprise"] = 1
    errs = schema_check.errors(broken, schema)
    assert any("missing 'line'" in e for e in errs)
    assert any("'Blocker'" in e for e in errs)
    assert any("oneOf" in e for e in errs)
    assert any("unexpected property 'surprise'" in e for e in errs)


def test_output_is_valid_with_jsonschema_when_installed(two_input_review, schema):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema)
    validator.check_schema(schema)
    assert [e.message for e in validator.iter_errors(render(two_input_review))] == []


def test_top_level_fields(task_review):
    doc = render(task_review)
    assert list(doc) == ["schema_version", "tool", "provider", "inputs", "findings",
                         "not_evaluated", "suppressed", "internal_errors", "complete", "summary"]
    assert doc["internal_errors"] == [] and doc["complete"] is True
    assert doc["schema_version"] == JSON_SCHEMA_VERSION
    assert doc["tool"] == {"name": "iac-review", "version": task_review.tool_version}
    assert doc["provider"] == {"cdktf": "0.21.0", "cdktf-cdktf-provider-aws": "21.22.1"}


def test_inputs(task_review):
    (entry,) = render(task_review)["inputs"]
    assert entry == {
        "input": "tasks/t1", "kind": "task", "source": "model", "files": ["lib/tap_stack.py"],
        "notes": ["lib/tap_stack.py: path taken from the heading above the code block"],
        "error": None, "complete": True, "seconds": 0.25, "synth": None, "score": None,
        "ideal_diff": None, "agreement": None, "repairs": None, "requirements": [], "tests": None,
    }


def test_findings_sorted_worst_first_then_location(task_review):
    findings = render(task_review)["findings"]
    assert [(f["rule_id"], f["location"]["line"]) for f in findings] == [
        ("CDK001", 3), ("CDK001", 11), ("SEC001", 10), ("INP001", 140), ("LNT001", 8)]


def test_finding_fields(task_review):
    findings = render(task_review)["findings"]
    first = findings[0]
    assert first == {
        "input": "tasks/t1",
        "rule_id": "CDK001",
        "rule_name": "missing-a-suffix-class",
        "category": "provider_class_missing_a_suffix",
        "severity": "Critical",
        "message": "cannot import name 'S3BucketVersioning'",
        "location": {"file": "lib/tap_stack.py", "line": 3, "column": 1, "end_line": None,
                     "end_column": None},
        "origin": {"file": "tasks/t1/lib/MODEL_RESPONSE.md", "line": 122},
        "stage": "static",
        "evidence": None,
        "fix": "Imported S3BucketVersioningA.",
        "confidence": 1.0,
        "breaks_synth": False,
        "fix_safety": None,
        "after_repairs": 0,
        "also": [],
        "docs": None,
    }
    by_rule = {f["rule_id"]: f for f in findings}
    assert by_rule["INP001"]["origin"] == {"file": "tasks/t1/lib/MODEL_RESPONSE.md", "line": 140}
    assert by_rule["SEC001"]["evidence"] == "secret scanner: literal assigned to `password`"


def test_disk_findings_have_null_origin(two_input_review):
    (finding,) = [f for f in render(two_input_review)["findings"] if f["input"] == "examples/app"]
    assert finding["origin"] is None


def test_rule_name_falls_back_to_rule_metadata(make_finding, make_input):
    finding = make_finding("SEC001", 10, "Hardcoded password literal", rule_name="")
    review = Review(inputs=[make_input([finding])], config=ReviewConfig())
    assert render(review)["findings"][0]["rule_name"] == "hardcoded-password"


def test_not_evaluated_gets_the_input_and_pipeline_order(task_review):
    assert render(task_review)["not_evaluated"] == [
        {"input": "tasks/t1", "stage": "synth", "reason": "synth stage not enabled (--stages)"},
        {"input": "tasks/t1", "stage": "tests", "reason": "the task has no tests/ folder"},
    ]


def test_summary(task_review, empty_review):
    assert render(task_review)["summary"] == {
        "by_severity": {"Critical": 2, "High": 1, "Medium": 1, "Low": 1}, "total": 5,
        "internal_errors": 0}
    assert render(empty_review)["summary"] == {
        "by_severity": {"Critical": 0, "High": 0, "Medium": 0, "Low": 0}, "total": 0,
        "internal_errors": 0}


def test_findings_grouped_by_input_name(two_input_review):
    doc = render(two_input_review)
    assert [f["input"] for f in doc["findings"]] == ["examples/app"] + ["tasks/t1"] * 5
    # inputs keep the order they were given in
    assert [i["input"] for i in doc["inputs"]] == ["tasks/t1", "examples/app"]


def test_input_error_is_reported(make_input):
    broken = make_input([])
    broken.error = "could not read lib/MODEL_RESPONSE.md: not UTF-8"
    doc = render(Review(inputs=[broken], config=ReviewConfig()))
    assert doc["inputs"][0]["error"] == "could not read lib/MODEL_RESPONSE.md: not UTF-8"


def test_render_is_deterministic(two_input_review):
    reporter = get_reporter("json")
    assert reporter.render(two_input_review) == reporter.render(two_input_review)
