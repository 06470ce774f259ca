"""Branch coverage of ``lib/`` under the pipeline's gate when the unit tests run.

What it finds:
    Running the project's unit tests as the pipeline runs them (``pytest
    tests/unit --cov=lib --cov-branch``), a total coverage (lines and branches,
    as ``--cov-fail-under`` reads it) below the gate: 90 by default, set with
    ``--cov-fail-under`` or the ``cov-fail-under`` configuration key. One
    finding, at the least covered file, naming the least covered files and
    their missing lines. Critical when the tests execute no line of ``lib/``
    at all.

    When no test could import what it tests, the message says so (TST004
    reports why): the pipeline's gate fails all the same.

Why it matters:
    The pipeline fails the build under the gate, whatever the tests assert:
    code no test executes is code whose synthesized resources nobody checked.

Example:
        # tests/unit/test_stack.py builds the stack with the default arguments only;
        # the multi-region branch of lib/tap_stack.py never runs
        def test_builds():
            assert Testing.synth(TapStack(Testing.app(), "t"))

Use instead:
        @pytest.mark.parametrize("regions", [["us-east-1"], ["us-east-1", "eu-west-1"]])
        def test_replicas(regions):
            resources = json.loads(Testing.synth(TapStack(Testing.app(), "t", regions=regions)))["resource"]
            assert len(resources["aws_dynamodb_table"]) == 1

Fix safety:
    No automatic fix: which behaviour the missing tests should check is the task's.

References:
    https://pytest-cov.readthedocs.io/en/latest/config.html
"""
from __future__ import annotations

from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.synth import suite_causes
from iac_review.synth.suite_causes import IMPORT


class CoverageBelowGate(Rule):
    meta = RuleMeta(
        id="TST005",
        name="coverage-below-gate",
        category="tests_missing_or_placeholder",
        default_severity=Severity.HIGH,
        stage="tests",
        summary="Branch coverage of lib/ is below the pipeline's gate when the unit tests run",
        why=("The model tests the default path of the stack (or only that it builds) and leaves "
             "options, branches and helper modules unexercised."),
        impact="Deployability: the pipeline's coverage gate fails the build.",
        docs="https://pytest-cov.readthedocs.io/en/latest/config.html",
        training_value=("Unit tests exercise every option and branch of the stack and assert on "
                        "what each synthesizes, up to the coverage the pipeline requires."),
    )

    def check(self, ctx) -> Iterator[Finding]:
        suite = ctx.suite
        if suite is None or not suite.ran or suite.plan is None or suite.plan.cov is None:
            return
        gate = ctx.config.coverage_gate
        percent = suite.coverage if suite.coverage is not None else 0.0
        if percent >= gate:
            return
        blocked = not suite.counts.get("passed") and any(
            c.kind == IMPORT for c in suite_causes.causes(suite, ctx.project.files))
        files = [f for f in suite.files if f.percent < 100.0]
        first = files[0] if files else None
        if first is not None and first.path in ctx.project.files:
            path, line = first.path, (first.missing_lines[0] if first.missing_lines else 1)
        else:
            path, line = _any_lib_file(ctx, suite.plan.cov), 1
        if suite.coverage is None or percent == 0.0:
            message = (f"the unit tests execute no line of {suite.plan.cov}/: coverage 0%, under the "
                       f"pipeline's gate of {gate:g}%")
            severity = Severity.CRITICAL
        else:
            message = (f"branch coverage of {suite.plan.cov}/ is {percent:.1f}%, under the pipeline's "
                       f"gate of {gate:g}%")
            severity = None
        if blocked:
            message += " (no test could import what it tests: TST004 says why)"
        elif files:
            message += "; least covered: " + "; ".join(_describe(f) for f in files[:3])
        yield self.finding(ctx, path, line, message, severity=severity,
                           fix="add unit tests that build the stack with the options and inputs "
                               "these lines handle, and assert on what they synthesize")


def _describe(file) -> str:
    text = f"{file.path} {file.percent:.1f}%"
    if file.missing_lines:
        text += f" (lines {compact_lines(file.missing_lines)} never run)"
    elif file.missing_branches:
        text += f" ({len(file.missing_branches)} branches never taken)"
    return text


def compact_lines(lines, limit: int = 6) -> str:
    """``[3, 4, 5, 9]`` reads ``3-5, 9``; more than ``limit`` ranges end in ``...``."""
    ranges: list[list[int]] = []
    for n in sorted(set(lines)):
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    parts = [f"{a}-{b}" if b > a else str(a) for a, b in ranges[:limit]]
    return ", ".join(parts) + (", ..." if len(ranges) > limit else "")


def _any_lib_file(ctx, cov: str) -> str:
    """A module of the measured folder to put the finding on (a package's __init__ last)."""
    modules = sorted((p.endswith("__init__.py"), p) for p in ctx.project.files
                     if p.startswith(f"{cov}/") and p.endswith(".py"))
    return modules[0][1] if modules else next(iter(sorted(ctx.project.files)), cov)
