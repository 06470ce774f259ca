"""Public API: ``review(inputs, config) -> Review``. No printing, no argv."""
from __future__ import annotations

from dataclasses import dataclass, field

from iac_review import __version__
from iac_review.core.finding import Finding, NotEvaluated, Severity
from iac_review.core.workspace import Project

JSON_SCHEMA_VERSION = "1.0"
MAX_HUMAN_ANALYSIS_BYTES = 2 * 1024 * 1024
# What the corpus harness's tap.py passes to the stack (DESIGN §8).
DEFAULT_HARNESS_PARAMS = ("environment_suffix", "state_bucket", "state_bucket_region",
                          "aws_region", "default_tags")


@dataclass
class ReviewConfig:
    source: str = "model"                 # task folders: model, ideal or code
    fail_on: Severity = Severity.HIGH
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    disabled_rules: frozenset[str] = frozenset()
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
    # The IDEAL_RESPONSE to diff against (an .md answer, project or task folder);
    # None: the task's own lib/IDEAL_RESPONSE.md when the input is a task.
    ideal_path: str | None = None
    # A human MODEL_FAILURES.md to compare with; None: the task's own lib/MODEL_FAILURES.md.
    human_analysis: str | None = None

    @property
    def active_stages(self) -> tuple[str, ...]:
        extra = tuple(s for s in ("synth", "tfjson") if self.synth and s not in self.stages)
        return self.stages + extra


@dataclass
class InputReview:
    project: Project
    findings: list[Finding] = field(default_factory=list)
    not_evaluated: list[NotEvaluated] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None              # the input could not be reviewed at all
    synth: object | None = None           # SynthOutcome when the synth stage ran
    contradicted: list[Finding] = field(default_factory=list)  # predictions synth disproved
    score: object | None = None           # iac_review.score.Score when computed
    ideal_diff: object | None = None      # iac_review.diff.IdealDiff when an ideal exists
    agreement: object | None = None       # iac_review.agreement.Agreement with a human analysis

    @property
    def input(self) -> str:
        return self.project.input


@dataclass
class Review:
    inputs: list[InputReview]
    config: ReviewConfig
    provider: dict = field(default_factory=dict)   # provider/cdktf versions used
    tool_version: str = __version__

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.inputs for f in r.findings]

    def worst(self) -> Severity | None:
        found = self.findings
        return max((f.severity for f in found), key=lambda s: s.rank) if found else None


def load_schema():
    """The schema index, or (None, reason) when the provider is not installed."""
    from iac_review.schema.cache import SchemaUnavailable
    from iac_review.schema.index import load_index
    try:
        return load_index(), None
    except SchemaUnavailable as exc:
        return None, str(exc)


def review_project(project: Project, config: ReviewConfig, index=None,
                   synthesize=None) -> InputReview:
    """Review an already-loaded project (the loader is skipped).

    ``synthesize(project) -> SynthOutcome`` runs the app when the synth stage is on.
    """
    import time

    from iac_review.stages.context import ReviewContext
    from iac_review.stages.runner import run_stages

    started = time.perf_counter()
    ctx = ReviewContext(project, index, config.severity_overrides, config)
    findings, not_evaluated = run_stages(ctx, config.active_stages, config.disabled_rules,
                                         synthesize)
    contradicted = list(ctx.synth_check.contradicted) if ctx.synth_check else []
    result = InputReview(project, findings, not_evaluated, time.perf_counter() - started,
                         synth=ctx.synth, contradicted=contradicted)
    result.score = _score(result, project)
    result.ideal_diff = _ideal_diff(result, project, config)
    result.agreement = _agreement(result, project, config)
    return result


def _agreement(result: InputReview, project: Project, config: ReviewConfig):
    """Our findings matched against a human MODEL_FAILURES.md, when there is one."""
    from iac_review.agreement import agree, parse_analysis
    from iac_review.core.finding import NotEvaluated
    from iac_review.reporters.markdown import GENERATED_MARK
    path = config.human_analysis or project.failures_markdown
    if path is None:
        if project.kind == "task":
            result.not_evaluated.append(NotEvaluated(
                "agreement", "the task has no human MODEL_FAILURES.md to compare with", project.input))
        return None
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_HUMAN_ANALYSIS_BYTES + 1)
    except OSError as exc:
        result.not_evaluated.append(NotEvaluated("agreement", f"cannot read {path}: {exc.strerror}",
                                                 project.input))
        return None
    text = data[:MAX_HUMAN_ANALYSIS_BYTES].decode("utf-8", errors="replace")
    if GENERATED_MARK in text:
        result.not_evaluated.append(NotEvaluated(
            "agreement", f"{path} was written by iac-review, not by a human", project.input))
        return None
    items = parse_analysis(text)
    if not items:
        result.not_evaluated.append(NotEvaluated(
            "agreement", f"{path} lists no items (no numbered headings or lines)", project.input))
        return None
    return agree(items, result.findings, {n.stage for n in result.not_evaluated})


def _ideal_diff(result: InputReview, project: Project, config: ReviewConfig):
    """The model answer diffed against its IDEAL_RESPONSE (``--ideal``, else a task's own)."""
    from iac_review.core.finding import NotEvaluated
    from iac_review.diff import diff_against_ideal, load_ideal
    from iac_review.parse.loader import InputError
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
    return diff_against_ideal(project, ideal, result.findings)


def _score(result: InputReview, project: Project):
    """The training-quality score (DESIGN §6); a scoring failure must not lose the review."""
    from iac_review.core.finding import NotEvaluated
    from iac_review.score import compute_score
    prompt = None
    if project.prompt_markdown:
        try:
            with open(project.prompt_markdown, encoding="utf-8", errors="replace") as fh:
                prompt = fh.read()
        except OSError:
            prompt = None
    try:
        return compute_score(result, prompt, project.metadata)
    except Exception as exc:  # noqa: BLE001  (reported, never silent)
        result.not_evaluated.append(NotEvaluated("score", f"score not computed: {exc}", project.input))
        return None


def review(inputs: list[str], config: ReviewConfig | None = None, progress=None) -> Review:
    """Review every input path in one process; the schema index is loaded once.

    ``progress`` is an optional callable taking (done, total, path).
    """
    from iac_review.core.finding import NotEvaluated
    from iac_review.parse.loader import InputError, load

    import threading
    from concurrent.futures import ThreadPoolExecutor

    config = config or ReviewConfig()
    index, schema_error = load_schema()
    provider = index.info() if index else {"error": schema_error}
    synthesize, pool = _synthesizer(config, len(inputs))
    done, lock = [0], threading.Lock()

    def one(path: str) -> InputReview:
        try:
            project = load(path, source=config.source)
        except InputError as exc:
            result = InputReview(Project(input=path, kind="unknown"), error=str(exc))
        else:
            result = review_project(project, config, index, synthesize)
            if schema_error:
                result.not_evaluated.insert(0, NotEvaluated("schema", schema_error, path))
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


def _synthesizer(config: ReviewConfig, count: int):
    """(synthesize function, pool to close) for the synth stage, or (None, None)."""
    if not config.synth:
        return None, None
    import shutil

    from iac_review.synth.outcome import NOT_RUN, SynthOutcome
    reason = None
    try:
        from iac_review.synth.run import synthesize
    except ImportError as exc:  # the stage is optional: say why it did not run
        reason = f"synth stage unavailable: {exc}"
    if shutil.which("node") is None:  # jsii runs the provider in node: not the model's fault
        reason = "Node.js is not installed: synthesis needs it (jsii runs the provider in node)"
    if reason:
        return (lambda project: SynthOutcome(status=NOT_RUN, reason=reason)), None
    if count > 1:
        try:
            from iac_review.synth.pool import WorkerPool
            pool = WorkerPool(size=config.synth_workers, timeout=config.synth_timeout)
            return pool.synthesize, pool
        except ImportError:
            pass
    return (lambda project: synthesize(project, timeout=config.synth_timeout)), None
