"""Synthesis confirms static predictions (evidence) or contradicts them."""
from __future__ import annotations

from iac_review.api import ReviewConfig, load_schema
from iac_review.core.workspace import Project, SourceFile
from iac_review.stages.context import ReviewContext
from iac_review.stages.runner import run_stages
from iac_review.synth.outcome import Frame, SynthOutcome

CODE = "from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning\n"
STAGES = ("input", "static", "synth")


def _run(outcome: SynthOutcome):
    project = Project(input="p", kind="project",
                      files={"lib/stack.py": SourceFile("lib/stack.py", CODE)})
    index, _ = load_schema()
    ctx = ReviewContext(project, index, ReviewConfig(stages=STAGES))
    ctx.synth = outcome
    findings, not_evaluated, errors = run_stages(ctx, STAGES, frozenset())
    assert not errors, errors
    return ctx, findings, not_evaluated


def test_confirmed_prediction_carries_the_real_error():
    outcome = SynthOutcome(status="failed", error_type="ImportError",
                           error_message="cannot import name 'S3BucketVersioning' from "
                                         "'cdktf_cdktf_provider_aws.s3_bucket_versioning'",
                           frames=[Frame("lib/stack.py", 1)], entry="harness")
    ctx, findings, _ = _run(outcome)
    (sch,) = [f for f in findings if f.rule_id == "SCH001"]
    assert sch.evidence and "cannot import name 'S3BucketVersioning'" in sch.evidence
    assert not any(f.rule_id == "SYN001" for f in findings)
    assert ctx.synth_check.confirmed and not ctx.synth_check.contradicted


def test_successful_synth_contradicts_predictions():
    ctx, findings, _ = _run(SynthOutcome(status="ok", stacks={"s": {}}))
    assert [f.rule_id for f in ctx.synth_check.contradicted] == ["SCH001"]
    (sch,) = [f for f in findings if f.rule_id == "SCH001"]
    assert sch.evidence is None


def test_not_run_is_reported_as_not_evaluated():
    _, findings, not_evaluated = _run(SynthOutcome(status="not_run", reason="no entry point"))
    assert any(n.stage == "synth" and "no entry point" in n.reason for n in not_evaluated)
    assert not any(f.rule_id == "SYN001" for f in findings)
