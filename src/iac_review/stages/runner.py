"""Run the rules of the enabled stages over one project.

Stages run in order: input, static, synth (the app runs in the sandbox; the
static predictions are confirmed or contradicted), tfjson (rules over the
synthesized Terraform JSON). Every stage that cannot run says why.
"""
from __future__ import annotations

from typing import Callable

from iac_review.core.finding import Finding, NotEvaluated
from iac_review.core.registry import rules_for_stage
from iac_review.stages import synth_check
from iac_review.stages.context import ReviewContext

# Stages of the design that are not built yet; reported as not evaluated.
PLANNED_STAGES = {
    "tests": "the task's own tests were not run (test stage not built yet)",
}


def run_stages(ctx: ReviewContext, stages: tuple[str, ...], disabled: frozenset[str],
               synthesize: Callable | None = None) -> tuple[list[Finding], list[NotEvaluated]]:
    findings: list[Finding] = []
    not_evaluated: list[NotEvaluated] = []
    note = lambda stage, reason: not_evaluated.append(  # noqa: E731
        NotEvaluated(stage, reason, ctx.project.input))
    for stage in stages:
        if stage == "synth":
            if ctx.synth is None and synthesize is not None:
                ctx.synth = synthesize(ctx.project)
            if ctx.synth is None or ctx.synth.status == "not_run":
                note("synth", getattr(ctx.synth, "reason", None) or "synthesis was not run")
            ctx.synth_check = synth_check.check(findings, ctx.synth)
            findings = synth_check.with_evidence(findings, ctx.synth_check, ctx.synth)
        if stage == "tfjson" and ctx.tfjson is None:
            note("tfjson", "no synthesized Terraform JSON (synthesis did not succeed or did not run)")
            continue
        for rule_cls in rules_for_stage(stage):
            if rule_cls.meta.id in disabled:
                continue
            if stage == "static" and ctx.index is None and rule_cls.meta.id.startswith(
                    ("SCH", "CDK")):
                continue
            findings.extend(rule_cls().check(ctx))
    if "tfjson" in stages and ctx.tfjson is not None:
        _note_extra_checks(ctx, disabled, note)
    if "static" in stages and ctx.index is None:
        note("static", "provider schema unavailable: binding rules were skipped")
    if "synth" not in stages:
        note("synth", "synthesis not requested (use --synth): static predictions are unconfirmed")
    if "tfjson" not in stages:
        note("tfjson", "rules over the synthesized Terraform JSON need --synth")
    for stage, reason in PLANNED_STAGES.items():
        note(stage, reason)
    findings.sort(key=Finding.sort_key)
    return findings, not_evaluated


def _note_extra_checks(ctx: ReviewContext, disabled: frozenset[str], note) -> None:
    """checkov and the provider-less terraform validate are optional: say when they did not run."""
    from iac_review.tfjson.checkov_run import checkov_status
    from iac_review.tfjson.terraform_validate import terraform_validate_status
    if "CKV001" not in disabled:
        reason = checkov_status(ctx)
        if reason:
            note("checkov", reason)
    if "TFV001" not in disabled:
        reason = terraform_validate_status(ctx)
        if reason:
            note("terraform validate", reason)
