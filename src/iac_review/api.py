"""Public API: ``review(inputs, config) -> Review``. No printing, no argv.

Every input is its own unit of failure: an exception while reading it, in a
rule, or in a stage becomes an ``InternalError`` of that input (see
``core.errors``), and the other inputs are reviewed as if nothing happened.
"""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from iac_review.analysis.binding import unchecked_providers
from iac_review.analysis.prompt_checks import prompt_checks
from iac_review.core.errors import (INPUT_CRASHED, REVIEW_CRASHED, STAGE_CRASHED, attempt,
                                    internal_error)
from iac_review.core.finding import NotEvaluated
from iac_review.core.marks import GENERATED_MARK
from iac_review.core.review import DEFAULT_HARNESS_PARAMS, InputReview, Review, ReviewConfig
from iac_review.core.workspace import Project
from iac_review.diff import diff_against_ideal, load_ideal
from iac_review.knowledge.providers import install_line, installed
from iac_review.parse.loader import InputError, attach_prompt, load
from iac_review.parse.reading import MAX_MARKDOWN_BYTES, read_text
from iac_review.schema.cache import SchemaUnavailable
from iac_review.schema.index import load_index
from iac_review.score import compute_score
from iac_review.stages.context import ReviewContext
from iac_review.stages.runner import run_stages
from iac_review.synth.outcome import NOT_RUN, SynthOutcome

if TYPE_CHECKING:  # pragma: no cover
    from iac_review.fix.engine import FixResult

__all__ = ["DEFAULT_HARNESS_PARAMS", "FixResult", "InputReview", "Review", "ReviewConfig", "ReviewSession",
           "fix_path", "load_schema",
           "review", "review_path", "review_project"]


def __getattr__(name: str):
    """``FixResult`` is public here but lives with the fixer, imported only when asked for."""
    if name == "FixResult":
        from iac_review.fix.engine import FixResult  # deferred: libcst only when fixing
        return FixResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_schema():
    """The schema index, or (None, reason) when the provider is not installed."""
    try:
        return load_index(), None
    except SchemaUnavailable as exc:
        return None, str(exc)


def fix_path(path: str, config: ReviewConfig | None = None, *, unsafe: bool = False,
             source: str = "model") -> "FixResult":
    """The repairs ``iac-review fix`` makes to one input, on a copy (nothing is written).

    Raises InputError when the input cannot be read at all.
    """
    from iac_review.fix.engine import fix_project  # deferred: libcst only when fixing
    config = config or ReviewConfig()
    project = load(path, source=source)
    index, _ = load_schema()
    return fix_project(project, config, index, unsafe=unsafe)


def review_project(project: Project, config: ReviewConfig, index=None,
                   synthesize=None) -> InputReview:
    """Review an already-loaded project (the loader is skipped).

    ``synthesize(project) -> SynthOutcome`` runs the app when the synth stage is on.
    """
    started = time.perf_counter()
    ctx = ReviewContext(project, index, config)
    stages = run_stages(ctx, config.active_stages, config.disabled_rules, synthesize,
                        _repairer(config, index, synthesize))
    contradicted = list(ctx.synth_check.contradicted) if ctx.synth_check else []
    result = InputReview(project, stages.findings, stages.not_evaluated,
                         synth=ctx.synth, contradicted=contradicted,
                         internal_errors=stages.internal_errors, repairs=ctx.repairs, suite=ctx.suite)
    result.stage_seconds = dict(ctx.stage_seconds)
    if ctx.suppressions is not None:
        result.suppressed = list(ctx.suppressions.suppressed)
    if "static" in config.active_stages and index is not None:
        _step(result, "static", lambda: result.not_evaluated.extend(_unchecked_providers(ctx)))
    result.requirements = _step(result, "static", lambda: list(prompt_checks(ctx))) or []
    # Each later step reads the findings; a crash in one loses only that step.
    result.score = _step(result, "score", lambda: compute_score(result, project.prompt_text,
                                                                project.metadata))
    result.ideal_diff = _step(result, "diff", lambda: _ideal_diff(result, project, config, index))
    result.agreement = _step(result, "agreement", lambda: _agreement(result, project, config))
    result.seconds = time.perf_counter() - started
    return result


def _repairer(config: ReviewConfig, index, synthesize):
    """The repair loop the synth stage runs when synthesis fails, or None when it is off."""
    if synthesize is None or config.repair_rounds <= 0:
        return None
    from iac_review.fix.review_loop import repair_and_resynthesize  # deferred: libcst when repairing
    return lambda ctx: repair_and_resynthesize(ctx.project, ctx.synth, config, index, synthesize,
                                               config.repair_rounds)


def _unchecked_providers(ctx: ReviewContext) -> list[NotEvaluated]:
    """A note for each published provider package whose bindings could not be checked."""
    notes = []
    for package, (path, line) in sorted(unchecked_providers(ctx.index, ctx.modules).items()):
        if installed(package):
            why = "is installed but its jsii assembly could not be read"
        else:
            why = f"is not installed here (`{install_line(package)}`)"
        notes.append(NotEvaluated(
            "static", f"provider package `{package}` (imported at {path}:{line}) {why}: "
                      f"its classes and arguments were not checked", ctx.project.input))
    return notes


def _step(result: InputReview, stage: str, work):
    return attempt(result.internal_errors, STAGE_CRASHED, stage, result.input, work)[1]


def _agreement(result: InputReview, project: Project, config: ReviewConfig):
    """Our findings matched against a human MODEL_FAILURES.md, when there is one."""
    path = config.human_analysis or project.failures_markdown
    if path is None:
        if project.kind == "task":
            result.not_evaluated.append(NotEvaluated(
                "agreement", "the task has no human MODEL_FAILURES.md to compare with", project.input))
        return None
    problems: list = []
    text = _read_human(path, problems)
    if text is None:
        why = problems[0].message if problems else f"cannot read {path}"
        result.not_evaluated.append(NotEvaluated("agreement", why, project.input))
        return None
    if GENERATED_MARK in text:
        result.not_evaluated.append(NotEvaluated(
            "agreement", f"{path} was written by iac-review, not by a human", project.input))
        return None
    from iac_review.agreement import agree, parse_analysis  # deferred: only beside a human analysis
    items = parse_analysis(text)
    if not items:
        result.not_evaluated.append(NotEvaluated(
            "agreement", f"{path} lists no items (no numbered headings or lines)", project.input))
        return None
    return agree(items, result.findings, {n.stage for n in result.not_evaluated})


def _read_human(path: str, problems: list) -> str | None:
    return read_text(Path(path), path, MAX_MARKDOWN_BYTES, problems, empty_is_problem=True)


def _ideal_diff(result: InputReview, project: Project, config: ReviewConfig, index=None):
    """The model answer diffed against its IDEAL_RESPONSE (``--ideal``, else a task's own)."""
    if config.ideal_path is None and (project.kind != "task" or project.source != "model"):
        return None
    try:
        ideal = load_ideal(project, config.ideal_path)
    except InputError as exc:
        result.not_evaluated.append(NotEvaluated("diff", f"IDEAL_RESPONSE unreadable: {exc}",
                                                 project.input))
        return None
    if ideal is None:
        result.not_evaluated.append(NotEvaluated("diff", "the task has no IDEAL_RESPONSE.md",
                                                 project.input))
        return None
    if not ideal.files:  # e.g. not UTF-8, empty, or no code blocks: a diff would claim the ideal deleted all
        why = ideal.problems[0].message if ideal.problems else "it holds no code"
        result.not_evaluated.append(NotEvaluated("diff", f"IDEAL_RESPONSE not usable: {why}", project.input))
        return None
    diff = diff_against_ideal(project, ideal, result.findings)
    diff.ideal_findings = _ideal_findings(ideal, config, index)
    return diff


def _ideal_findings(ideal: Project, config: ReviewConfig, index) -> list:
    """The static findings of the IDEAL_RESPONSE itself: a finding the ideal shares is reported
    as "the ideal has the same defect", not answered with the ideal's code."""
    static = dataclasses.replace(config, stages=("input", "static"), synth=False)
    return run_stages(ReviewContext(ideal, index, static), static.active_stages,
                      config.disabled_rules).findings


def review_path(path: str, config: ReviewConfig, index=None, synthesize=None,
                schema_error: str | None = None) -> InputReview:
    """Load and review one input; whatever goes wrong stays inside its InputReview."""
    try:
        project = load(path, source=config.source)
        if config.prompt_path and not attach_prompt(project, Path(config.prompt_path),
                                                    Path(config.prompt_path).name):
            raise InputError(f"{config.prompt_path}: the prompt cannot be read")
    except InputError as exc:
        return InputReview(Project(input=path, kind="unknown"), error=str(exc))
    except Exception as exc:  # noqa: BLE001  (a bug of the reader: this input only)
        return InputReview(Project(input=path, kind="unknown"),
                           internal_errors=[internal_error(INPUT_CRASHED, "read", path, exc)])
    try:
        result = review_project(project, config, index, synthesize)
    except Exception as exc:  # noqa: BLE001  (outside every rule and stage guard)
        return InputReview(project, internal_errors=[internal_error(REVIEW_CRASHED, "review",
                                                                    path, exc)])
    if schema_error:
        result.not_evaluated.insert(0, NotEvaluated("schema", schema_error, path))
    return result


def review(inputs: list[str], config: ReviewConfig | None = None, progress=None) -> Review:
    """Review every input path in one process; the schema index is loaded once.

    ``progress`` is an optional callable taking (done, total, path).
    """
    config = config or ReviewConfig()
    index, schema_error = load_schema()
    provider = index.info() if index else {"error": schema_error}
    synthesize, pool = _synthesizer(config, len(inputs))
    done, lock = [0], threading.Lock()

    def one(path: str) -> InputReview:
        result = review_path(path, config, index, synthesize, schema_error)
        if progress:
            with lock:
                done[0] += 1
                progress(done[0], len(inputs), path)
        return result

    try:
        # Synthesis runs in worker processes, so reviewing inputs on threads overlaps it.
        workers = config.synth_workers if pool is not None else 1
        with ThreadPoolExecutor(max_workers=max(1, workers)) as executor:
            results = list(executor.map(one, inputs))
    finally:
        if pool is not None:
            pool.close()
    return Review(results, config, provider)


class ReviewSession:
    """Many reviews in one process, one after another: the schema index is loaded once and, when
    synthesis is on, one warm synthesis worker serves every review (a batch worker holds one)."""

    def __init__(self, config: ReviewConfig):
        self.index, self.schema_error = load_schema()
        self.provider = self.index.info() if self.index else {"error": self.schema_error}
        self.provider_version = str(self.provider.get("provider_version", ""))
        self._synthesize, self._pool = _synthesizer(dataclasses.replace(config, synth_workers=1), 2)

    def review(self, path: str, config: ReviewConfig) -> InputReview:
        """One input, reviewed as ``review`` would (synthesis only if the session's config had it)."""
        synthesize = self._synthesize if config.synth else None
        return review_path(path, config, self.index, synthesize, self.schema_error)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None


def _synthesizer(config: ReviewConfig, count: int):
    """(synthesize function, pool to close) for the synth stage, or (None, None)."""
    if not config.synth:
        return None, None
    if shutil.which("node") is None:  # jsii runs the provider in node: not the model's fault
        reason = "Node.js is not installed: synthesis needs it (jsii runs the provider in node)"
        return (lambda project: SynthOutcome(status=NOT_RUN, reason=reason)), None
    harness = tuple(config.harness_params or ())
    # deferred: the sandbox's machinery only when synthesis runs
    from iac_review.synth.pool import WorkerPool
    from iac_review.synth.run import synthesize
    if count > 1 or config.tests:
        # One input with its tests: one worker runs the app and then the tests, each in a fresh
        # process forked from the same warm one (the tests do not import everything again).
        pool = WorkerPool(size=config.synth_workers if count > 1 else 1, timeout=config.synth_timeout,
                          tests_timeout=config.tests_timeout, preload="provider" if count > 1 else "none")
        return _PoolRuns(pool, harness), pool
    return (lambda project: synthesize(project, timeout=config.synth_timeout,
                                       harness_params=harness)), None


class _PoolRuns:
    """``synthesize(project)`` and ``synthesize.run_tests(project, plan)`` on one pool."""

    def __init__(self, pool, harness: tuple[str, ...]):
        self.pool, self.harness = pool, harness

    def __call__(self, project: Project) -> SynthOutcome:
        return self.pool.synthesize(project, harness_params=self.harness)

    def run_tests(self, project: Project, suite_plan):
        return self.pool.run_tests(project, suite_plan)
