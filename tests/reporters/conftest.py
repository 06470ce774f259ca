"""Hand-built reviews for the reporter tests.

Rule metadata comes from ``FAKE_RULES`` through a monkeypatched
``iac_review.reporters._common.rule_meta``, so these tests do not depend on
which rules exist.
"""
from __future__ import annotations

import pytest

from iac_review.api import InputReview, Review, ReviewConfig
from iac_review.core.finding import Finding, Location, NotEvaluated, Origin, Severity
from iac_review.core.rule import RuleMeta
from iac_review.core.workspace import Project, SourceFile
from iac_review.reporters import _common

REAL_RULE_META = _common.rule_meta  # before the autouse fixture patches it

STACK_TEXT = """\
from constructs import Construct
from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning
from cdktf_cdktf_provider_aws.s3_bucket_logging import S3BucketLogging


class TapStack(TerraformStack):
    def __init__(self, scope: Construct, id: str):
        super().__init__(scope, id)
        password = "hunter2-not-a-secret"
        S3BucketVersioning(self, "v", bucket="b")
"""

MD_FILE = "tasks/t1/lib/MODEL_RESPONSE.md"  # origins carry the input folder, as the parser writes them
MD_FIRST_LINE = 120  # markdown line holding line 1 of lib/tap_stack.py

FAKE_RULES = {
    "CDK001": RuleMeta(
        id="CDK001", name="missing-a-suffix-class", category="provider_class_missing_a_suffix",
        default_severity=Severity.CRITICAL, stage="static",
        summary="Provider class used without its jsii A suffix.",
        why="The bare name is a nested-block struct; the resource class is the A-suffixed one.",
        impact="ImportError at synth: nothing deploys.",
        docs="https://registry.terraform.io/providers/hashicorp/aws/latest/docs",
        training_value="Models must use the generated class names of the installed provider.",
        fix="safe"),
    "SEC001": RuleMeta(
        id="SEC001", name="hardcoded-password", category="hardcoded_secret_or_password",
        default_severity=Severity.HIGH, stage="static",
        summary="Password written into the code",
        why="Secrets in code end up in state, logs and version control.",
        impact="Credential leak.",
        docs="https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html",
        training_value="Generate secrets or read them from a secret store.",
        fix="none"),
    "LNT001": RuleMeta(
        id="LNT001", name="builtin-id-shadowed", category="builtin_shadowing_id",
        default_severity=Severity.LOW, stage="static",
        summary="Parameter `id` shadows the builtin",
        why="Copied from CDK examples; pylint W0622 fails the lint gate.",
        impact="Lint failure.",
        docs="https://docs.python.org/3/library/functions.html#id",
        training_value="Name the parameter construct_id.",
        fix="unsafe"),
    "INP001": RuleMeta(
        id="INP001", name="unattributed-code-block", category="project_scaffolding_missing_or_wrong",
        default_severity=Severity.MEDIUM, stage="input",
        summary="Code block without a file path",
        why="The answer does not say which file the block belongs to.",
        impact="The project cannot be assembled as written.",
        docs="",
        training_value="Label every code block with its path.",
        fix="none"),
}


def _finding(rule_id: str, line: int, message: str, *, column: int = 1, path: str = "lib/tap_stack.py",
             origin: bool = True, fix: str | None = None, evidence: str | None = None,
             severity: Severity | None = None, input_: str = "tasks/t1", rule_name: str | None = None,
             category: str | None = None, origin_line: int | None = None) -> Finding:
    meta = FAKE_RULES.get(rule_id)
    return Finding(
        rule_id=rule_id,
        rule_name=rule_name if rule_name is not None else (meta.name if meta else ""),
        category=category or (meta.category if meta else "code_quality_lint"),
        severity=severity or (meta.default_severity if meta else Severity.MEDIUM),
        message=message,
        location=Location(path, line, column),
        stage=meta.stage if meta else "static",
        origin=(Origin(MD_FILE, origin_line or MD_FIRST_LINE + line - 1) if origin else None),
        input=input_,
        evidence=evidence,
        fix=fix,
    )


@pytest.fixture(autouse=True)
def fake_rules(monkeypatch):
    monkeypatch.setattr(_common, "rule_meta", lambda rule_id: FAKE_RULES.get(rule_id))
    return FAKE_RULES


def make_task_input(findings: list[Finding] | None = None) -> InputReview:
    """A task whose code came from lib/MODEL_RESPONSE.md: every finding has an origin."""
    project = Project(
        input="tasks/t1", kind="task", source="model",
        files={"lib/tap_stack.py": SourceFile("lib/tap_stack.py", STACK_TEXT, origin_file=MD_FILE,
                                              origin_line=MD_FIRST_LINE, attribution="heading")},
        notes=["lib/tap_stack.py: path taken from the heading above the code block"],
    )
    if findings is None:
        findings = [
            # deliberately unsorted
            _finding("LNT001", 8, "Parameter `id` shadows the builtin id()", column=43,
                     fix="Renamed `id` to `construct_id`."),
            _finding("CDK001", 11, "S3BucketVersioning is not a resource class; use S3BucketVersioningA",
                     column=9, fix="Used S3BucketVersioningA."),
            _finding("SEC001", 10, "Hardcoded password literal", column=20,
                     evidence="secret scanner: literal assigned to `password`"),
            _finding("CDK001", 3, "cannot import name 'S3BucketVersioning'",
                     fix="Imported S3BucketVersioningA."),
            _finding("INP001", 140, "Code block at line 140 has no file path",
                     path=MD_FILE, origin_line=140),
        ]
    return InputReview(
        project=project, findings=findings,
        not_evaluated=[NotEvaluated("tests", "the task has no tests/ folder", "tasks/t1"),
                       NotEvaluated("synth", "synth stage not enabled (--stages)", "")],
        seconds=0.25,
    )


def make_project_input() -> InputReview:
    """A CDKTF project read from disk: no origins."""
    project = Project(input="examples/app", kind="project",
                      files={"lib/tap_stack.py": SourceFile("lib/tap_stack.py", STACK_TEXT)})
    findings = [_finding("CDK001", 3, "cannot import name 'S3BucketVersioning'", origin=False,
                         input_="examples/app")]
    return InputReview(project=project, findings=findings, seconds=0.1)


@pytest.fixture
def task_review() -> Review:
    return Review(inputs=[make_task_input()], config=ReviewConfig(),
                  provider={"cdktf": "0.21.0", "cdktf-cdktf-provider-aws": "21.22.1"})


@pytest.fixture
def two_input_review() -> Review:
    return Review(inputs=[make_task_input(), make_project_input()], config=ReviewConfig())


@pytest.fixture
def empty_review() -> Review:
    project = Project(input="examples/clean", kind="project",
                      files={"lib/tap_stack.py": SourceFile("lib/tap_stack.py", "x = 1\n")})
    return Review(inputs=[InputReview(project=project)], config=ReviewConfig())


@pytest.fixture
def no_input_review() -> Review:
    return Review(inputs=[], config=ReviewConfig())


@pytest.fixture
def make_finding():
    return _finding


@pytest.fixture
def make_input():
    return make_task_input


@pytest.fixture
def real_rule_meta():
    """The unpatched rule metadata lookup."""
    return REAL_RULE_META
