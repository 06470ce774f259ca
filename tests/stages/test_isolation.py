"""One crashing rule, stage or reader costs only itself: every output says so and the CLI exits 3."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from iac_review import api
from iac_review.core.errors import INPUT_CRASHED, RULE_CRASHED, STAGE_CRASHED
from iac_review.core.finding import Severity
from iac_review.rules import rules_for_stage
from iac_review.core.rule import Rule, RuleMeta
from iac_review.cli.main import main
from iac_review.reporters.json_ import JSON_SCHEMA_VERSION
from iac_review.reporters import get_reporter
from iac_review.stages import runner

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "json-schema" / f"review-{JSON_SCHEMA_VERSION}.json"

ANSWER = """# Answer

## lib/tap_stack.py

```python
from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning
```
"""


class ExplodingRule(Rule):
    meta = RuleMeta(
        id="TST999", name="exploding-rule", category="code_quality_lint",
        default_severity=Severity.LOW, stage="static", summary="raises on every input",
        why="-", impact="-", docs="https://example.org", training_value="-")

    def check(self, ctx):
        yield self.finding(ctx, "lib/tap_stack.py", 1, "a finding the crash must discard")
        raise RuntimeError("boom in a rule")


@pytest.fixture
def answers(tmp_path):
    paths = []
    for name in ("one.md", "two.md"):
        path = tmp_path / name
        path.write_text(ANSWER, encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.fixture
def exploding(monkeypatch):
    def with_bomb(stage):
        found = rules_for_stage(stage)
        return found + [ExplodingRule] if stage == "static" else found
    monkeypatch.setattr(runner, "rules_for_stage", with_bomb)


def _key(review):
    return [(f.input, f.rule_id, f.location, f.message) for f in review.findings]


def test_a_crashing_rule_costs_only_its_own_findings(answers, monkeypatch):
    clean = api.review(answers)
    assert clean.complete and not clean.internal_errors
    with_bomb = ExplodingRule
    monkeypatch.setattr(runner, "rules_for_stage",
                        lambda stage: rules_for_stage(stage) + ([with_bomb] if stage == "static" else []))
    broken = api.review(answers)
    assert _key(broken) == _key(clean)            # every other rule still reported
    assert not broken.complete
    assert [(e.code, e.unit, e.input, e.error_type, e.message) for e in broken.internal_errors] == [
        (RULE_CRASHED, "TST999", answers[0], "RuntimeError", "boom in a rule"),
        (RULE_CRASHED, "TST999", answers[1], "RuntimeError", "boom in a rule"),
    ]
    assert "test_isolation.py" not in broken.internal_errors[0].where   # only our package's frames
    assert broken.internal_errors[0].text == (
        f"internal error in TST999 on {answers[0]}: RuntimeError: boom in a rule")


def test_every_format_shows_the_crash_and_says_the_review_is_incomplete(answers, exploding):
    review = api.review(answers)
    text = " ".join(get_reporter("text").render(review).split())   # unwrapped
    assert f"ERR001 internal error in TST999 on {answers[0]}: RuntimeError: boom in a rule" in text
    assert "2 internal errors: the review is incomplete" in text

    doc = json.loads(get_reporter("json").render(review))
    assert doc["complete"] is False and doc["summary"]["internal_errors"] == 2
    assert doc["internal_errors"][0] == {
        "code": "ERR001", "name": "rule-crashed", "unit": "TST999", "input": answers[0],
        "error_type": "RuntimeError", "message": "boom in a rule",
        "where": doc["internal_errors"][0]["where"]}
    assert [i["complete"] for i in doc["inputs"]] == [False, False]
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)] == []

    sarif = json.loads(get_reporter("sarif").render(review))
    (invocation,) = sarif["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    crashes = [n for n in invocation["toolExecutionNotifications"] if n.get("descriptor")]
    assert [(n["level"], n["descriptor"]["id"], n["associatedRule"]["id"]) for n in crashes] == [
        ("error", "ERR001", "TST999")] * 2
    assert "boom in a rule" in crashes[0]["message"]["text"]

    markdown = get_reporter("markdown").render(review)
    assert "**Review incomplete**: 1 internal error" in markdown
    assert "### Internal Errors" in markdown and "`ERR001` internal error in `TST999`" in markdown

    html = get_reporter("html").render(review)
    assert "Review incomplete: internal errors" in html and "boom in a rule" in html


def test_cli_exits_3_and_still_reports_everything(answers, exploding, capsys):
    assert main(["check", *answers, "--format", "json"]) == 3
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert {f["input"] for f in doc["findings"] if f["rule_id"] == "SCH001"} == set(answers)
    assert "the review is incomplete (exit code 3)" in captured.err
    assert "Traceback" not in captured.err


def test_a_crashing_stage_is_an_internal_error_of_that_stage(answers, monkeypatch):
    def broken_score(*args, **kwargs):
        raise ValueError("score exploded")
    monkeypatch.setattr(api, "compute_score", broken_score)
    review = api.review(answers[:1])
    (error,) = review.internal_errors
    assert (error.code, error.unit, error.error_type) == (STAGE_CRASHED, "score", "ValueError")
    assert any(f.rule_id == "SCH001" for f in review.findings)


def test_a_crashing_reader_loses_only_its_input(answers, monkeypatch):
    real_load = api.load

    def load(path, source="model"):
        if path == answers[0]:
            raise KeyError("reader bug")
        return real_load(path, source=source)
    monkeypatch.setattr(api, "load", load)
    review = api.review(answers)
    (error,) = review.internal_errors
    assert (error.code, error.unit, error.input) == (INPUT_CRASHED, "read", answers[0])
    assert {f.input for f in review.findings} == {answers[1]}


def test_debug_mode_raises_instead(answers, exploding, monkeypatch):
    monkeypatch.setenv("IAC_REVIEW_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom in a rule"):
        api.review(answers[:1])


def test_severity_overrides_are_applied_once_by_the_runner(answers):
    config = api.ReviewConfig(severity_overrides={"SCH001": Severity.LOW})
    review = api.review(answers[:1], config)
    found = [f for f in review.findings if f.rule_id == "SCH001"]
    assert found and {f.severity for f in found} == {Severity.LOW}
    # the prediction is the rule's, not the user's severity
    assert all(f.breaks_synth for f in found)
