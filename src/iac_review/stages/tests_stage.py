"""The tests stage: the project's unit tests, run in the sandbox as the pipeline runs them.

It runs whenever synthesis runs (``--no-tests`` turns it off), after the
tfjson stage, through the same sandboxed workers: ``synthesize.run_tests``
(synth/pool.py). Its rules (stage "tests") read ``ctx.suite``. A project with
no unit tests is not run; TST001 says so. When the run cannot happen (no
sandbox runner, the tests do not fit) the stage says why instead of judging.
"""
from __future__ import annotations

from dataclasses import replace

from iac_review.analysis.suite_collection import suite_files
from iac_review.synth.suite import NO_TESTS, NOT_RUN, SuiteOutcome, on_input_lines, plan

PLACEHOLDER_RULE = "TST001"


def run(ctx, synthesize, note) -> None:
    """Fill ``ctx.suite`` (unless a caller already gave one) and note what kept the run from judging."""
    if ctx.suite is None:
        ctx.suite = _run(ctx, synthesize)
    suite = ctx.suite
    if suite.status == NOT_RUN:
        note("tests", suite.reason or "the unit tests were not run")
    elif suite.status == NO_TESTS:
        note("tests", "the project has no unit tests to run (no test_*.py under tests/unit or elsewhere)")
    elif suite.plan is not None and suite.plan.cov is None:
        note("tests", "the project has no lib/ folder: branch coverage (the pipeline's --cov=lib) "
                      "was not measured")
    if suite.plan is not None and suite.plan.outside_unit_dir:
        shown = ", ".join(suite.plan.paths[:3]) + (" ..." if len(suite.plan.paths) > 3 else "")
        note("tests", f"the unit tests are not under tests/unit, where the pipeline looks: they ran "
                      f"where they are ({shown})")


def _run(ctx, synthesize) -> SuiteOutcome:
    runner = getattr(synthesize, "run_tests", None)
    if runner is None:
        return SuiteOutcome(NOT_RUN, reason="the unit tests were not run: the sandbox that runs "
                                            "them starts only with synthesis (--synth)")
    suite_plan = plan(ctx.project)
    if suite_plan is None:
        return SuiteOutcome(NO_TESTS)
    repaired = _repaired_copy(ctx)
    if repaired is None:
        return runner(ctx.project, suite_plan)
    # The input does not synthesize: its tests could only repeat that error. The repaired copy,
    # which synthesizes, shows what the tests themselves do; its lines are mapped back.
    outcome = runner(repaired, plan(repaired) or suite_plan)
    return on_input_lines(outcome, ctx.project.files, repaired.files, len(ctx.repairs.steps))


def _repaired_copy(ctx):
    """The review's repaired copy when the input fails synthesis and the repairs made it synthesize."""
    if ctx.synth is None or ctx.synth.ok or ctx.repairs is None or not ctx.repairs.synthesized:
        return None
    return ctx.repairs.repaired


def with_run_evidence(findings: list, ctx) -> list:
    """TST001's placeholder tests, confirmed by the run where it shows them: the test passed
    and executed no line of the measured folder, so it passes whatever the stack holds."""
    suite = ctx.suite
    if suite is None or not suite.ran or not suite.passed_ids or suite.plan is None or not suite.plan.cov:
        return findings
    node_ids = {(t.path, t.line): "::".join([t.path, *([t.cls.name] if t.cls else []), t.name])
                for file in suite_files(ctx) for t in file.tests}
    out = []
    for finding in findings:
        base = node_ids.get((finding.location.file, finding.location.line))
        if finding.rule_id == PLACEHOLDER_RULE and base:
            runs = [i for i in suite.passed_ids if i == base or i.startswith(base + "[")]
            if runs and all(suite.runs_no_code(i) for i in runs):
                said = (f"the run confirms it: the test passed without executing any line of "
                        f"{suite.plan.cov}/")
                finding = replace(finding, confidence=1.0,
                                  evidence=f"{finding.evidence}\n{said}" if finding.evidence else said)
        out.append(finding)
    return out
