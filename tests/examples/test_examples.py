"""The bundled example tasks: each carries its seed's defects, and its ideal synthesizes.

Expectations are data, one YAML file per example in ``expected/``:

    example: secure-data-pipeline      # folder under examples/
    seed: "000"                        # the seed analysis the task is modelled on
    config: {terraform_version: "1.9"} # optional ReviewConfig fields
    items:
      - seed_item: 1                   # the seed's item number
        rule: HC001                    # the rule that must report it ...
        severity: Critical             # ... with this severity
        message: "123456789012"        # ... in a finding whose message contains this
        seed_severity: Critical        # what the seed said
        severity_reason: "..."         # required when severity differs from seed_severity
      - seed_item: 8
        not_found: "needs synthesis past the ImportError of item 3"
        not_evaluated: tfjson          # the stage the report must list as not evaluated

Every example folder must have an expectations file and vice versa.
"""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from iac_review.api import ReviewConfig, review
from iac_review.parse.loader import load
from iac_review.reporters import _common, markdown

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
EXPECTED = Path(__file__).parent / "expected"
SPECS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(EXPECTED.glob("*.yml"))}
def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


BEFORE_REVIEW = _digest(EXAMPLES / "payments-api")   # taken when the module is collected
NEEDS_NODE = pytest.mark.skipif(shutil.which("node") is None, reason="synthesis needs Node.js")


def _config(spec: dict, **extra) -> ReviewConfig:
    return ReviewConfig(**{**(spec.get("config") or {}), **extra})


def test_every_example_has_expectations():
    folders = {p.name for p in EXAMPLES.iterdir() if (p / "lib" / "MODEL_RESPONSE.md").is_file()}
    assert folders == set(SPECS), "examples/ and tests/examples/expected/ must list the same tasks"
    for name, spec in SPECS.items():
        assert spec["example"] == name
        assert spec["items"], f"{name}: no seed items listed"
        for item in spec["items"]:
            assert "not_found" in item or ("rule" in item and "severity" in item), item
            if item.get("seed_severity") and item.get("severity") not in (None, item["seed_severity"]):
                assert item.get("severity_reason"), f"{name} item {item['seed_item']}: say why " \
                    f"{item['severity']} and not the seed's {item['seed_severity']}"


@pytest.fixture(scope="module")
def model_reviews():
    """Every example's MODEL_RESPONSE, reviewed with synthesis as `report` does."""
    out = {}
    for name, spec in SPECS.items():
        result = review([str(EXAMPLES / name)], _config(spec, source="model", synth=True))
        out[name] = result
    return out


@NEEDS_NODE
@pytest.mark.parametrize("name", sorted(SPECS))
def test_report_lists_the_seed_defects(model_reviews, name):
    result = model_reviews[name]
    item_review = result.inputs[0]
    assert not item_review.error
    report = markdown.render(result)
    stages_not_run = {n.stage for n in item_review.not_evaluated}
    problems = []
    for item in SPECS[name]["items"]:
        if "not_found" in item:
            if item.get("not_evaluated") and item["not_evaluated"] not in stages_not_run:
                problems.append((item["seed_item"], f"stage {item['not_evaluated']} was evaluated"))
            continue
        # a finding of the rule, or one that absorbed it (the same defect seen by two rules)
        hits = [f for f in item_review.findings
                if item["rule"] in {f.rule_id, *(rule for rule, _ in f.also)}
                and item.get("message", "").lower() in f.message.lower()]
        if not hits:
            problems.append((item["seed_item"], f"no {item['rule']} finding with {item.get('message')!r}"))
            continue
        if item.get("severity") and not any(f.severity.value == item["severity"] for f in hits):
            problems.append((item["seed_item"], f"{item['rule']} is {hits[0].severity.value}, "
                                                f"expected {item['severity']}"))
        if _common.rule_title(hits[0].rule_id) not in report:
            problems.append((item["seed_item"], f"{item['rule']} missing from MODEL_FAILURES.md"))
    assert not problems, f"{name}: {problems}"


@NEEDS_NODE
def test_the_report_shows_the_repairs_that_let_the_answer_synthesize(model_reviews):
    """payments-api's answer stops at an ImportError; the review repairs its copy and goes on."""
    result = model_reviews["payments-api"]
    item_review = result.inputs[0]
    assert item_review.synth.status == "failed" and item_review.repairs.synthesized
    after = [f for f in item_review.findings if f.after_repairs]
    assert after and all(f.stage in ("tfjson", "tests") and "automatic repair" in f.message for f in after)
    # the unit tests ran on the repaired copy too, their lines mapped back to the answer's
    assert item_review.suite.repairs == len(item_review.repairs.steps) and item_review.suite.ran
    assert any(f.stage == "tests" and f.origin is not None for f in after)
    report = markdown.render(result)
    assert "#### Automatic Repairs" in report and "```diff" in report
    for step in item_review.repairs.steps:
        assert f"`{step.path}:{step.line}`" in report
    # the example on disk is what it was: the repairs were made to the review's copy
    assert _digest(EXAMPLES / "payments-api") == BEFORE_REVIEW


@NEEDS_NODE
@pytest.mark.parametrize("name", sorted(SPECS))
def test_ideal_project_synthesizes_without_critical_findings(name):
    result = review([str(EXAMPLES / name)], _config(SPECS[name], source="code", synth=True))
    item_review = result.inputs[0]
    assert item_review.synth is not None and item_review.synth.ok, \
        f"{name}: the ideal project did not synthesize: {getattr(item_review.synth, 'error', None)}"
    critical = [f"{f.rule_id} {f.location.file}:{f.location.line} {f.message}"
                for f in item_review.findings if f.severity.value == "Critical"]
    assert not critical, f"{name}: Critical findings on the ideal project: {critical}"


@pytest.mark.parametrize("name", sorted(SPECS))
def test_ideal_response_matches_the_project(name):
    """lib/IDEAL_RESPONSE.md shows exactly the project's code files."""
    ideal = load(str(EXAMPLES / name), source="ideal")
    code = load(str(EXAMPLES / name), source="code")
    shown = {p: f.text.strip() for p, f in ideal.files.items() if p.endswith(".py") and f.text.strip()}
    on_disk = {p: f.text.strip() for p, f in code.files.items() if p.endswith(".py") and f.text.strip()}
    assert shown == on_disk
