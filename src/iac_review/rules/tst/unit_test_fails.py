"""Unit tests that fail when the review runs them, and a test run that never finishes.

What it finds:
    Running the project's unit tests as the pipeline runs them (``pytest
    tests/unit --cov=lib --cov-branch`` in the sandbox, with CI's variables and
    no credentials), each test whose own check fails or which raises, at the
    test's failing line, with the assertion or exception. Tests that fail for
    one reason (the same exception at the same line) are one finding. Where the
    synthesized Terraform JSON shows which side is wrong, the message says so:
    the test expects a resource type the stack does not create, or reads a key
    the JSON does not have (cdktf prefixes resource names; outputs are not
    nested under the stack); or the exception came from the stack's code while
    the test only built it. A run that exceeds its time limit or kills its own
    process is reported at the first test file.

    Not reported here: tests that cannot import or construct the stack
    (TST004), tests that call AWS without a mock (TST006), tests that need a
    file the tree lacks (TST007).

Why it matters:
    The pipeline's unit-test job fails on any failing test: the task cannot be
    merged until the test or the stack changes. A test that expects what the
    stack does not produce is either a wrong test or a missing resource, and
    the review has to say which.

Example:
        def test_bucket_is_versioned():
            resources = json.loads(Testing.synth(stack))["resource"]
            assert "aws_s3_bucket_versioning" in resources   # the stack sets no versioning

Use instead:
        # either the stack creates the versioning resource the test expects, or the
        # test asserts what the task asks for and the stack creates

Fix safety:
    No automatic fix: whether the test or the stack is wrong is the task's to say.

References:
    https://docs.pytest.org/en/stable/how-to/output.html
"""
from __future__ import annotations

from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.synth import suite_causes
from iac_review.synth.suite import CRASHED, TIMEOUT, is_test_file
from iac_review.synth.suite_causes import ASSERTION, CODE, ERROR
from iac_review.synth.suite_sides import which_side

# pytest's exit statuses that mean the run itself broke (not a test's verdict).
_RUN_BROKE = {2: "was interrupted", 3: "hit an internal error", 4: "was given an unusable command line"}


class UnitTestFails(Rule):
    meta = RuleMeta(
        id="TST003",
        name="unit-test-fails",
        category="tests_wrong_expectations",
        default_severity=Severity.HIGH,
        stage="tests",
        summary="A unit test fails (or the run breaks) when the tests run as the pipeline runs them",
        why=("The model writes tests from what it imagines the stack synthesizes (resource names, "
             "nesting, attribute values) without running them, or changes the stack after "
             "writing the tests."),
        impact=("Deployability: the pipeline's unit-test job fails, so the change cannot merge until "
                "either the test or the stack is corrected."),
        docs="https://developer.hashicorp.com/terraform/cdktf/test/unit-tests",
        training_value=("Tests must assert what the stack actually synthesizes: run them, and read "
                        "Testing.synth's JSON for resource types, prefixed names and values."),
    )

    def check(self, ctx) -> Iterator[Finding]:
        suite = ctx.suite
        if suite is None:
            return
        if suite.status in (TIMEOUT, CRASHED):
            yield self._run_level(ctx, suite, f"the unit test run did not finish: {suite.reason}")
            return
        if not suite.ran:
            return
        if suite.exit_code in _RUN_BROKE and not suite.failures:
            tail = _last_error_line(suite.output_tail)
            yield self._run_level(ctx, suite, f"pytest {_RUN_BROKE[suite.exit_code]} (exit status "
                                              f"{suite.exit_code}){': ' + tail if tail else ''}")
        for cause in suite_causes.causes_of(suite, ctx.project.files, ASSERTION, ERROR, CODE):
            yield self._cause(ctx, cause)

    def _cause(self, ctx, cause) -> Finding:
        path, line = cause.location
        count = len(cause.cases)
        subject = f"{count} unit tests fail" if count > 1 else "unit test fails"
        message = f"{subject} ({cause.names()}): {cause.headline}"
        outcome = ctx.json_outcome
        side = which_side(cause, outcome.stacks if outcome else {}, bool(ctx.synth and ctx.synth.ok))
        if side:
            message += f"; {side}"
        return self.finding(ctx, path, line, message, evidence=_evidence(cause),
                            fix="correct whichever side is wrong: the test's expectation, or the "
                                "stack that does not produce what the task asks for")

    def _run_level(self, ctx, suite, message: str) -> Finding:
        paths = suite.plan.paths if suite.plan else ()
        first = next((p for p in sorted(ctx.project.files) if p.startswith(paths) and is_test_file(p)), None)
        return self.finding(ctx, first or next(iter(sorted(ctx.project.files)), "tests"), 1, message,
                            evidence=suite.output_tail[-1200:] or None,
                            fix="make every test finish: mock what it waits for, and never call "
                                "sys.exit or os._exit from a test")


def _evidence(cause) -> str:
    frames = [f"{f.path}:{f.line} {f.code}".strip() for f in cause.first.frames[-4:]]
    text = f"{cause.first.nodeid}\n{cause.headline}"
    message = cause.first.message.strip()
    if "\n" in message:
        text += "\n" + "\n".join(message.splitlines()[1:8])
    return text + ("\n" + "\n".join(frames) if frames else "")


def _last_error_line(output: str) -> str:
    for line in reversed(output.splitlines()):
        if line.startswith(("E ", "ERROR", "error:")):
            return line.strip()[:300]
    return ""
