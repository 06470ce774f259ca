"""What a review is asked to do and what it produced.

These types sit in core so that every layer can read them: the runner fills
them, the API returns them, the reporters render them. ``iac_review.api``
re-exports them as the public API.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from iac_review import __version__
from iac_review.core.errors import InternalError
from iac_review.core.finding import Finding, NotEvaluated, Severity
from iac_review.core.workspace import Project

# What the corpus harness's tap.py passes to the stack.
DEFAULT_HARNESS_PARAMS = ("environment_suffix", "state_bucket", "state_bucket_region",
                          "aws_region", "default_tags")


@dataclass
class ReviewConfig:
    source: str = "model"                 # task folders: model, ideal or code
    fail_on: Severity = Severity.HIGH
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    disabled_rules: frozenset[str] = frozenset()
    # (gitignore-style pattern, rule selectors): findings in matching files are not reported.
    # Patterns match the project-relative path and the path relative to ``config_dir``.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    config_dir: str | None = None         # the folder of the configuration file read, if any
    stages: tuple[str, ...] = ("input", "static")
    # Target Terraform for backend checks; None: the installed terraform, else 1.10.
    terraform_version: str | None = None
    # Parameters the harness entry point passes to the stack; () switches the
    # harness-contract checks off for projects that do not follow it.
    harness_params: tuple[str, ...] = DEFAULT_HARNESS_PARAMS
    # Run the app in the sandbox (adds the synth and tfjson stages).
    synth: bool = False
    synth_timeout: float = 120.0
    synth_workers: int = 2
    # The task's own unit tests, run in the sandbox whenever synthesis runs (pytest with
    # branch coverage of lib/); their time limit, and the coverage gate (--cov-fail-under).
    tests: bool = True
    tests_timeout: float = 180.0
    coverage_gate: float = 90.0
    # When synthesis fails: rounds of repair and synthesis on a copy (0: the review stops at
    # the first synth error).
    repair_rounds: int = 10
    # The IDEAL_RESPONSE to diff against (an .md answer, project or task folder);
    # None: the task's own lib/IDEAL_RESPONSE.md when the input is a task.
    ideal_path: str | None = None
    # A human MODEL_FAILURES.md to compare with; None: the task's own lib/MODEL_FAILURES.md.
    human_analysis: str | None = None
    # The day lifecycle dates (deprecated runtimes, engine support) are judged on, ISO
    # text; None: today. A review of an old answer can be judged as of its own day.
    review_date: str | None = None
    # A prompt to check the code against (read requirements from); None: the task's own
    # lib/PROMPT.md, or a project's lib/PROMPT.md / PROMPT.md.
    prompt_path: str | None = None

    @property
    def as_of(self) -> datetime.date:
        return datetime.date.fromisoformat(self.review_date) if self.review_date else datetime.date.today()

    @property
    def active_stages(self) -> tuple[str, ...]:
        wanted = ("synth", "tfjson", "tests") if self.tests else ("synth", "tfjson")
        extra = tuple(s for s in wanted if self.synth and s not in self.stages)
        return self.stages + extra


@dataclass
class InputReview:
    project: Project
    findings: list[Finding] = field(default_factory=list)
    not_evaluated: list[NotEvaluated] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None              # the input could not be reviewed at all (usage error)
    synth: object | None = None           # SynthOutcome when the synth stage ran
    suite: object | None = None           # synth.suite.SuiteOutcome when the tests stage ran
    contradicted: list[Finding] = field(default_factory=list)  # predictions synth disproved
    suppressed: list = field(default_factory=list)   # (Finding, what suppressed it)
    stage_seconds: dict = field(default_factory=dict)  # wall time of each stage (input, static, ...)
    repairs: object | None = None         # core.repair.RepairLog when the review repaired a copy
    score: object | None = None           # iac_review.score.Score when computed
    ideal_diff: object | None = None      # iac_review.diff.IdealDiff when an ideal exists
    agreement: object | None = None       # iac_review.agreement.Agreement with a human analysis
    requirements: list = field(default_factory=list)  # analysis.prompt_checks.RequirementCheck
    # Rules or stages that crashed on this input; the rest of the review stands.
    internal_errors: list[InternalError] = field(default_factory=list)

    @property
    def input(self) -> str:
        return self.project.input

    @property
    def complete(self) -> bool:
        return not self.internal_errors


@dataclass
class Review:
    inputs: list[InputReview]
    config: ReviewConfig
    provider: dict = field(default_factory=dict)   # provider/cdktf versions used
    tool_version: str = __version__

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.inputs for f in r.findings]

    @property
    def internal_errors(self) -> list[InternalError]:
        return [e for r in self.inputs for e in r.internal_errors]

    @property
    def complete(self) -> bool:
        return all(r.complete for r in self.inputs)

    def worst(self) -> Severity | None:
        found = self.findings
        return max((f.severity for f in found), key=lambda s: s.rank) if found else None
