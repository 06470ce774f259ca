"""The tests stage's plan and its notes, without running anything."""
from __future__ import annotations

from iac_review.core.workspace import Project, SourceFile
from iac_review.stages import tests_stage
from iac_review.stages.context import ReviewContext
from iac_review.synth.suite import NO_TESTS, NOT_RUN, RAN, SuiteOutcome, SuitePlan, plan


def _project(*paths: str) -> Project:
    return Project(input="<test>", kind="project", files={p: SourceFile(p, "") for p in paths})


def _notes(ctx, synthesize=None) -> list[str]:
    said: list[str] = []
    tests_stage.run(ctx, synthesize, lambda stage, reason: said.append(f"{stage}: {reason}"))
    return said


def test_the_plan_is_tests_unit_else_the_test_files_elsewhere_else_none():
    assert plan(_project("lib/a.py", "tests/unit/test_a.py", "tests/test_b.py")) == SuitePlan(("tests/unit",), "lib")
    elsewhere = plan(_project("main.py", "tests/test_b.py", "tests/integration/test_c.py"))
    assert elsewhere == SuitePlan(("tests/test_b.py",), None, outside_unit_dir=True)
    assert plan(_project("lib/a.py", "tests/integration/test_c.py")) is None


def test_tests_outside_tests_unit_are_said_to_be_where_the_pipeline_does_not_look():
    ctx = ReviewContext(_project("lib/a.py", "tests/test_b.py"), None)
    ctx.suite = SuiteOutcome(RAN, SuitePlan(("tests/test_b.py",), "lib", outside_unit_dir=True), exit_code=0)
    assert _notes(ctx) == ["tests: the unit tests are not under tests/unit, where the pipeline looks: "
                           "they ran where they are (tests/test_b.py)"]


def test_without_a_sandbox_runner_or_tests_the_stage_says_why():
    ctx = ReviewContext(_project("lib/a.py", "tests/unit/test_a.py"), None)
    assert "starts only with synthesis" in _notes(ctx, synthesize=lambda project: None)[0]
    assert ctx.suite.status == NOT_RUN
    ctx = ReviewContext(_project("lib/a.py"), None)

    class Runner:
        def __call__(self, project):
            return None

        def run_tests(self, project, suite_plan):
            raise AssertionError("a project without tests is not run")

    assert "has no unit tests" in _notes(ctx, Runner())[0] and ctx.suite.status == NO_TESTS
