"""Test functions that check nothing, and stacks shipped without any test.

What it finds:
    In test files (``tests/**``, ``test_*.py``), every function pytest or
    unittest would collect (``test*`` at module level or in a test class) that
    cannot fail on a wrong stack: an empty body (``pass``, a docstring), only
    ``pytest.skip`` / ``self.skipTest`` / ``self.fail("TODO")`` /
    ``raise NotImplementedError`` or an unconditional skip decorator, only
    ``assert True``, only trivial assertions on the constructed stack object
    (``assert stack is not None``, ``assertIsNotNone(stack)``,
    ``hasattr(stack, ...)``, ``isinstance(stack, ...)``, or comparisons that
    only echo a constructor argument: ``stack.environment_suffix == "qa"``
    after ``TapStack(..., environment_suffix="qa")``), cdktf matchers called
    without asserting their result (``Testing.to_have_resource(...)`` returns a
    bool), or no assertion at all. One finding per test function, at its
    ``def`` line. When the answer defines a stack but ships no test function at
    all, one finding at the stack class ("no unit tests").

    Not reported: fixtures and helpers (functions not named ``test*``); tests
    that assert on the synthesized JSON, on configuration values, on deployed
    resources or on mocks; tests that call ``assert_that``, ``pytest.raises``,
    a mock's ``assert_called*`` or a helper of their own that asserts; tests
    that assert on the synthesis result, even only that it is not None (a
    smoke test that fails when synthesis breaks); and tests that call a boto3
    client (the call raises when the deployed resource is missing). A test
    that synthesizes but asserts only on the stack object, or nothing, is
    reported: the synthesized output is never inspected. The "no unit tests"
    finding is Medium when the files come from a markdown answer (which may not
    show every file) and the task's prompt does not ask for tests.

Why it matters:
    Such a test passes whatever the stack contains, so the suite reports green
    and full coverage while nothing about the infrastructure is verified: a
    wrong CIDR, a missing encryption block or a dropped resource goes unnoticed
    until deployment.

Example:
        def test_stack_created():
            stack = TapStack(Testing.app(), "test", environment_suffix="test")
            assert stack is not None

        def test_bucket_created():
            synthesized = Testing.synth(TapStack(Testing.app(), "t"))
            Testing.to_have_resource(synthesized, "aws_s3_bucket")   # result ignored

Use instead:
        def test_bucket_is_versioned():
            synthesized = Testing.synth(TapStack(Testing.app(), "t", environment_suffix="t"))
            assert Testing.to_have_resource_with_properties(
                synthesized, "aws_s3_bucket_versioning",
                {"versioning_configuration": {"status": "Enabled"}})
            resources = json.loads(synthesized)["resource"]
            assert len(resources["aws_subnet"]) == 4

Fix safety:
    No automatic fix: what a test should check is the stack's intent, which has
    to be read from the task.

References:
    https://developer.hashicorp.com/terraform/cdktf/test/unit-tests
"""
from __future__ import annotations

from typing import Iterator

from iac_review.analysis.project import from_answer, project_model
from iac_review.analysis.suite_judge import judge_test
from iac_review.analysis.suite_collection import SuiteFile, prompt_test_request, suite_files
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta

class PlaceholderTests(Rule):
    meta = RuleMeta(
        id="TST001",
        name="placeholder-tests",
        category="tests_missing_or_placeholder",
        default_severity=Severity.HIGH,
        stage="static",
        summary="Test function that asserts nothing meaningful, or a stack without any test",
        why=("The model writes tests to satisfy a checklist item: it constructs the stack and "
             "asserts it exists, or leaves TODO bodies and skips, instead of reading the "
             "synthesized configuration."),
        impact=("Quality: the suite passes and reports coverage while no property of the "
                "infrastructure is verified; regressions reach deployment."),
        docs="https://developer.hashicorp.com/terraform/cdktf/test/unit-tests",
        training_value=("A unit test synthesizes the stack (Testing.synth) and asserts on the "
                        "resources and properties it must contain; a test that only checks the "
                        "stack object exists verifies nothing."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        files = suite_files(ctx)
        collected = [(f, t) for f in files for t in f.tests]
        if not collected:
            yield from self._no_tests(ctx, files)
            return
        for file, test in collected:
            message = judge_test(ctx, file, test)
            if message:
                yield self.finding(
                    ctx, file.path, test.line, message, column=test.node.col_offset + 1,
                    fix="synthesize the stack with Testing.synth and assert on its resources "
                        "(json.loads the result, or assert Testing.to_have_resource_with_"
                        "properties(...)), or delete the placeholder")

    def _no_tests(self, ctx, files: list[SuiteFile]) -> Iterator[Finding]:
        model = project_model(ctx)
        stacks = [s for s in model.stack_classes
                  if ctx.project.files[s.path].attribution != "guessed-other"]
        if not stacks:
            return
        stack = model.harness_stack() or stacks[0]
        if stack not in stacks:
            stack = stacks[0]
        shown = [f.path for f in files if not f.path.endswith(("__init__.py", "conftest.py"))]
        if shown:
            what = (f"its test files ({', '.join(shown[:3])}) define no test function")
        elif any("integration" in path.lower() for path in ctx.project.files):
            what = "the answer ships no unit tests"
        else:
            what = ("the answer ships no unit tests, and no integration tests either (nothing "
                    "checks the deployed stack through its outputs)")
        request = prompt_test_request(ctx)
        asked = f" although the prompt asks for them (\"{request}\")" if request else ""
        message = (f"no unit tests: `{stack.name}` ({stack.path}) is defined but {what}{asked}; "
                   "nothing checks what the stack synthesizes")
        severity, confidence = None, 1.0
        if from_answer(ctx.project) and not request:
            # a markdown answer may leave the tests out of what it shows, and nothing asked for them
            confidence = 0.7
            severity = Severity.MEDIUM
        yield self.finding(ctx, stack.path, stack.line, message,
                           column=stack.node.col_offset + 1, severity=severity,
                           confidence=confidence,
                           fix="add tests/unit/test_<stack>.py that synthesizes the stack with "
                               "cdktf's Testing and asserts on its resources")
