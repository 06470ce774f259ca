"""Run the rules of the enabled stages over one project."""
from __future__ import annotations

from iac_review.core.finding import Finding, NotEvaluated
from iac_review.core.registry import rules_for_stage
from iac_review.stages.context import ReviewContext

# Stages that exist in the design but are not built yet; reported as not evaluated.
PLANNED_STAGES = {
    "synth": "the sandboxed synth stage is not built yet (static predictions are unconfirmed)",
    "tfjson": "rules over the synthesized Terraform JSON and checkov are not built yet",
    "tests": "the task's own tests were not run (test stage not built yet)",
    "diff": "the diff against the IDEAL_RESPONSE is not built yet",
    "score": "the training-quality score is not computed yet",
}


def run_stages(ctx: ReviewContext, stages: tuple[str, ...], disabled: frozenset[str]
               ) -> tuple[list[Finding], list[NotEvaluated]]:
    findings: list[Finding] = []
    not_evaluated: list[NotEvaluated] = []
    for stage in stages:
        for rule_cls in rules_for_stage(stage):
            if rule_cls.meta.id in disabled:
                continue
            if stage == "static" and ctx.index is None and rule_cls.meta.id.startswith(
                    ("SCH", "CDK")):
                continue
            findings.extend(rule_cls().check(ctx))
    if "static" in stages and ctx.index is None:
        not_evaluated.append(NotEvaluated(
            "static", "provider schema unavailable: binding rules were skipped",
            ctx.project.input))
    for stage, reason in PLANNED_STAGES.items():
        not_evaluated.append(NotEvaluated(stage, reason, ctx.project.input))
    findings.sort(key=Finding.sort_key)
    return findings, not_evaluated
