"""Run the rules of the enabled stages over one project.

Stages run in order: input, static, synth (the app runs in the sandbox; the
static predictions are confirmed or contradicted), tfjson (rules over the
synthesized Terraform JSON). Every stage that cannot run says why.

Each rule and each stage is its own unit of failure: an exception becomes an
internal error in the result and the other rules go on. ``--severity``
overrides are applied here, once, to whatever the rules report.
"""
from __future__ import annotations

import time
from dataclasses import replace
from typing import Callable, NamedTuple

from iac_review.core.errors import RULE_CRASHED, STAGE_CRASHED, InternalError, attempt
from iac_review.stages.same_defect import merge_same_defect
from iac_review.core.finding import Finding, NotEvaluated
from iac_review.rules import rules_for_stage
from iac_review.core.rule import Rule
from iac_review.parse.python import RUNNING_PYTHON
from iac_review.stages import suppress, synth_check, tests_stage
from iac_review.stages.context import ReviewContext
from iac_review.tfjson.checkov_run import checkov_status
from iac_review.tfjson.terraform_validate import terraform_validate_status


class StageResults(NamedTuple):
    findings: list[Finding]
    not_evaluated: list[NotEvaluated]
    internal_errors: list[InternalError]


def run_stages(ctx: ReviewContext, stages: tuple[str, ...], disabled: frozenset[str],
               synthesize: Callable | None = None, repair: Callable | None = None) -> StageResults:
    """``repair(ctx) -> RepairLog`` repairs a copy and synthesizes again when synthesis failed;
    ``synthesize.run_tests(project, plan) -> SuiteOutcome``, when it has one, runs the unit tests."""
    out = StageResults([], [], [])
    name = ctx.project.input

    def note(stage: str, reason: str) -> None:
        out.not_evaluated.append(NotEvaluated(stage, reason, name))

    has_tfjson = False
    ran: set[str] = set()
    for stage in stages:
        started = time.perf_counter()
        has_tfjson |= _stage(ctx, stage, disabled, synthesize, repair, out, note, ran)
        ctx.stage_seconds[stage] = ctx.stage_seconds.get(stage, 0.0) + time.perf_counter() - started
    if has_tfjson:
        _guarded("tfjson", ctx, out, lambda: _note_extra_checks(ctx, disabled, note))
    _note_settings(ctx, stages, disabled, note)
    if "static" in stages:
        _note_newer_syntax(ctx, note)
    if "static" in stages and ctx.index is None:
        note("static", "provider schema unavailable: binding rules were skipped")
    if "synth" not in stages:
        note("synth", "synthesis not requested (use --synth): static predictions are unconfirmed")
    if "tfjson" not in stages:
        note("tfjson", "rules over the synthesized Terraform JSON need --synth")
    if "tests" not in stages:
        note("tests", "the task's own unit tests were not run (they run with --synth; --no-tests "
                      "turns them off)")
    out.findings[:] = merge_same_defect(_once(out.findings))
    if "static" in stages:
        ctx.rules_ran = frozenset(ran)
        started = time.perf_counter()
        _guarded("suppressions", ctx, out, lambda: _suppress(ctx, disabled, out, note))
        ctx.stage_seconds["suppressions"] = time.perf_counter() - started
    out.findings.sort(key=Finding.sort_key)
    return out


def _suppress(ctx: ReviewContext, disabled: frozenset[str], out: StageResults, note) -> None:
    """Drop what per-file ignores and inline suppressions cover, then report the suppressions
    that say no reason or match nothing (themselves subject to the per-file ignores)."""
    out.findings[:] = suppress.apply(ctx, out.findings)
    for rule_cls in rules_for_stage("suppressions"):
        if rule_cls.meta.id not in disabled:
            out.findings.extend(suppress.per_file_kept(ctx, _run_rule(rule_cls, ctx, out.internal_errors)))
    for item in ctx.suppressions.not_honored:
        note("settings", f"{item.file}:{item.line}: `{item.text}` is not honored: code taken from "
                         "a model answer cannot suppress its own findings")


def _once(findings: list[Finding]) -> list[Finding]:
    """One finding per defect: stacks built from the same code (one per region, or a stack
    built twice) give the same finding at the same line, which the score must count once."""
    seen, unique = set(), []
    for finding in findings:
        key = (finding.rule_id, finding.location, finding.message)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


def _note_settings(ctx: ReviewContext, stages: tuple[str, ...], disabled: frozenset[str], note) -> None:
    """Rules that stayed silent because of a setting, and the setting under which they would not."""
    for text in ctx.silenced:
        note("settings", text)
    ran = {rule.meta.id for stage in stages for rule in rules_for_stage(stage)}
    off = sorted(disabled & ran)
    if len(off) > 3:
        note("settings", f"{len(off)} of {len(ran)} rules are turned off by the settings (select, "
                         f"ignore or --disable): {_compact(off, ran)}; their findings are not reported")
        return
    for rule_id in off:
        note("settings", f"{rule_id} is turned off by the settings (select, ignore or --disable): "
                         "its findings are not reported")


def _stage(ctx: ReviewContext, stage: str, disabled: frozenset[str], synthesize, repair,
           out: StageResults, note, ran: set[str]) -> bool:
    """Run one stage (and its rules); True for the tfjson stage when there was JSON to read."""
    if stage == "synth":
        _synth(ctx, synthesize, out, note)
        if repair is not None:
            _repair(ctx, repair, out)
    if stage == "tests":
        if not _guarded("tests", ctx, out, lambda: tests_stage.run(ctx, synthesize, note)):
            return False
    has_tfjson = False
    if stage == "tfjson":
        has_tfjson = _graph_ready(ctx, out)
        if not has_tfjson:
            note("tfjson", "no synthesized Terraform JSON (synthesis did not succeed or did not run)")
            return False
    repaired = ctx.repairs_before_json if stage == "tfjson" else (
        ctx.suite.repairs if stage == "tests" and ctx.suite is not None else 0)
    for rule_cls in rules_for_stage(stage):
        if rule_cls.meta.id in disabled or (rule_cls.meta.needs_index and ctx.index is None):
            continue
        ran.add(rule_cls.meta.id)
        found = _run_rule(rule_cls, ctx, out.internal_errors)
        out.findings.extend(_after_repairs(found, repaired) if repaired else found)
    if stage == "tests":
        _guarded("tests", ctx, out, lambda: _confirm_from_run(ctx, out))
    return has_tfjson


def _confirm_from_run(ctx: ReviewContext, out: StageResults) -> None:
    out.findings[:] = tests_stage.with_run_evidence(out.findings, ctx)


def _compact(off: list[str], known: set[str]) -> str:
    """Rule ids with every family that is wholly off as one ``SCH*``."""
    def family(rule_id: str) -> str:
        return rule_id.rstrip("0123456789")

    whole = {family(i) for i in off if all(r in off for r in known if family(r) == family(i))}
    parts = [f"{f}*" for f in sorted(whole)] + [i for i in off if family(i) not in whole]
    return ", ".join(parts)


def _note_newer_syntax(ctx: ReviewContext, note) -> None:
    for module in ctx.modules:
        if module.newer_syntax and module.error is not None:
            note("static", f"{module.path} uses syntax of a newer Python than the {RUNNING_PYTHON} "
                           f"running this review (line {module.error.lineno or 1}): the file was "
                           "not analysed; run iac-review on the Python the project targets")


def _run_rule(rule_cls: type[Rule], ctx: ReviewContext, errors: list[InternalError]) -> list[Finding]:
    """The rule's findings with the user's severity override; none if it crashed."""
    meta = rule_cls.meta
    ok, found = attempt(errors, RULE_CRASHED, meta.id, ctx.project.input,
                        lambda: list(rule_cls().check(ctx)))
    if not ok:
        return []
    override = ctx.config.severity_overrides.get(meta.id)
    if override is not None:
        found = [replace(f, severity=override) for f in found]
    return found


def _synth(ctx: ReviewContext, synthesize: Callable | None, out: StageResults, note) -> None:
    def run() -> None:
        if ctx.synth is None and synthesize is not None:
            ctx.synth = synthesize(ctx.project)
        if ctx.synth is None or ctx.synth.status == "not_run":
            note("synth", getattr(ctx.synth, "reason", None) or "synthesis was not run")
        weaker = _weaker_sandbox(ctx.synth)
        if weaker:
            note("sandbox", weaker)
        ctx.synth_check = synth_check.check(out.findings, ctx.synth)
        out.findings[:] = synth_check.with_evidence(out.findings, ctx.synth_check, ctx.synth)

    if not _guarded("synth", ctx, out, run):
        ctx.synth, ctx.synth_check = None, None   # the tfjson stage then says it has no JSON


def _weaker_sandbox(outcome) -> str | None:
    """Said on every review whose app ran without the bubblewrap sandbox: never a silent downgrade."""
    enforced = getattr(outcome, "enforced", None) or {}
    if not enforced or outcome.status == "not_run" or enforced.get("filesystem_view"):
        return None
    return ("the app ran without bubblewrap (not installed, or no user namespaces here): it was not "
            "dropped to an unprivileged user, and saw the host's file system read-only instead of a "
            "view built for it; install the bubblewrap package for the full sandbox")


def _repair(ctx: ReviewContext, repair: Callable, out: StageResults) -> None:
    """When synthesis failed: the repair loop's rounds, each failure confirmed or recorded."""
    def run() -> None:
        if ctx.synth is None or ctx.synth.status != "failed":
            return
        ctx.repairs = repair(ctx)
        made, seen = 0, {_signature(ctx.synth)}
        for round_ in ctx.repairs.rounds:
            made += len(round_.steps)
            outcome = round_.outcome
            if outcome.ok or _signature(outcome) in seen:
                continue   # the same error again, after repairs elsewhere: one defect, one finding
            seen.add(_signature(outcome))
            later = synth_check.check(out.findings, outcome)
            out.findings[:] = synth_check.with_evidence(out.findings, later, outcome, keep=True,
                                                        repairs=made)
            if later.unexplained or outcome.status in ("timeout", "crashed"):
                ctx.later_failures.append((made, outcome))

    if not _guarded("synth", ctx, out, run):
        ctx.repairs, ctx.later_failures = None, []


def _signature(outcome) -> tuple:
    frame = outcome.innermost_frame
    return (outcome.status, outcome.error_type, outcome.error_message,
            (frame.path, frame.line) if frame else None)


def _after_repairs(findings: list[Finding], count: int) -> list[Finding]:
    """Findings on the JSON of a repaired copy say so: the input itself does not synthesize."""
    words = "1 automatic repair" if count == 1 else f"{count} automatic repairs"
    return [replace(f, after_repairs=count, message=f"{f.message} (found after {words})")
            for f in findings]


def _graph_ready(ctx: ReviewContext, out: StageResults) -> bool:
    """Whether the synthesized resource graph exists; building it is our code, so guarded."""
    if ctx.json_outcome is None:
        return False
    return _guarded("tfjson", ctx, out, lambda: ctx.tfjson) and ctx.tfjson is not None


def _note_extra_checks(ctx: ReviewContext, disabled: frozenset[str], note) -> None:
    """checkov and the provider-less terraform validate are optional: say when they did not run."""
    if "CKV001" not in disabled:
        reason = checkov_status(ctx)
        if reason:
            note("checkov", reason)
    if "TFV001" not in disabled:
        reason = terraform_validate_status(ctx)
        if reason:
            note("terraform validate", reason)


def _guarded(stage: str, ctx: ReviewContext, out: StageResults, work: Callable[[], object]) -> bool:
    return attempt(out.internal_errors, STAGE_CRASHED, stage, ctx.project.input, work)[0]
