"""The project's own unit tests, run as the pipeline runs them: what to run, and what the run gave.

The pipeline runs ``pytest tests/unit --cov=lib --cov-branch --cov-fail-under=90``
from the project root. ``plan(project)`` says which tests that is for this
project: ``tests/unit`` when it holds test files; else the test files the
project has elsewhere (outside any ``integration`` folder), run where they are
and said so; else none. ``from_answer`` turns what the sandboxed run reported
(synth/child_pytest.py) into a ``SuiteOutcome``, trusting nothing of its shape:
the tests are the model's code and ran in the same process as the report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from iac_review.core.line_map import map_frames, original_line
from iac_review.core.workspace import Project
from iac_review.synth.outcome import Frame, work_dir_cleaner

RAN, NO_TESTS, NOT_RUN, TIMEOUT, CRASHED = "ran", "no_tests", "not_run", "timeout", "crashed"
UNIT_DIR = "tests/unit"
COVERAGE_TARGET = "lib"
DEFAULT_GATE = 90.0
_TEST_FILE = re.compile(r"(^|/)(test_[^/]*|[^/]*_test)\.py$")


@dataclass(frozen=True)
class SuitePlan:
    paths: tuple[str, ...]          # what pytest is given (project-relative)
    cov: str | None                 # the folder measured (``lib``), or None when the project has none
    outside_unit_dir: bool = False  # the tests are not under tests/unit, where the pipeline looks

    def spec(self) -> dict:
        return {"paths": list(self.paths), "cov": self.cov}


def is_test_file(path: str) -> bool:
    return bool(_TEST_FILE.search(path))


def plan(project: Project) -> SuitePlan | None:
    """The unit tests of ``project`` as the pipeline would run them; None when it has none."""
    files = sorted(p for p in project.files if p.endswith(".py"))
    cov = COVERAGE_TARGET if any(p.startswith(f"{COVERAGE_TARGET}/") for p in files) else None
    unit = [p for p in files if p.startswith(f"{UNIT_DIR}/") and is_test_file(p)]
    if unit:
        return SuitePlan((UNIT_DIR,), cov)
    elsewhere = [p for p in files if is_test_file(p) and "integration" not in PurePosixPath(p).parts
                 and not p.startswith(f"{COVERAGE_TARGET}/")]
    if elsewhere:
        return SuitePlan(tuple(elsewhere), cov, outside_unit_dir=True)
    return None


@dataclass(frozen=True)
class CaseResult:
    """A test that failed or errored (or a file that could not be collected)."""

    nodeid: str
    path: str                      # project-relative test file
    line: int                      # the test's ``def`` line (1 for a collection error)
    name: str
    outcome: str                   # "failed", "error" (setup/teardown), "collection"
    when: str                      # "setup", "call", "teardown", "collect"
    error_type: str
    message: str
    frames: tuple[Frame, ...] = ()     # inside the project, innermost last
    module: str | None = None          # the module an ImportError names
    filename: str | None = None        # the file an OSError names

    @property
    def innermost(self) -> Frame | None:
        return self.frames[-1] if self.frames else None

    def frame_in(self, path: str) -> Frame | None:
        """The innermost frame in ``path`` (the test file: the failing line of the test)."""
        for frame in reversed(self.frames):
            if frame.path == path:
                return frame
        return None


@dataclass(frozen=True)
class FileCoverage:
    path: str
    percent: float
    statements: int
    branches: int
    missing_lines: tuple[int, ...] = ()
    missing_branches: tuple[tuple[int, int], ...] = ()
    tests: tuple[str, ...] = ()      # node ids of the tests that executed any of its lines


@dataclass
class SuiteOutcome:
    status: str                                    # RAN, NO_TESTS, NOT_RUN, TIMEOUT, CRASHED
    plan: SuitePlan | None = None
    exit_code: int | None = None                   # pytest's (0 all passed, 1 failures, 2 interrupted, 5 none)
    collected: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    cases: list[CaseResult] = field(default_factory=list)
    collection_errors: list[CaseResult] = field(default_factory=list)
    coverage: float | None = None                  # total percent (lines and branches), as --cov-fail-under reads it
    files: list[FileCoverage] = field(default_factory=list)
    seconds: float = 0.0
    output_tail: str = ""
    reason: str | None = None                      # why NOT_RUN, TIMEOUT or CRASHED
    enforced: dict[str, object] = field(default_factory=dict)
    repairs: int = 0                               # run on the review's repaired copy: after so many repairs
    passed_ids: tuple[str, ...] = ()               # node ids of the tests that passed

    def runs_no_code(self, nodeid: str) -> bool:
        """The test passed without executing any line of the measured folder (coverage contexts)."""
        if nodeid not in self.passed_ids or self.coverage is None or not self.files:
            return False
        return not any(nodeid in f.tests for f in self.files)

    @property
    def ran(self) -> bool:
        return self.status == RAN

    @property
    def failures(self) -> list[CaseResult]:
        return [*self.collection_errors, *self.cases]

    @property
    def passed(self) -> bool:
        """The pipeline's verdict on the tests themselves (coverage aside)."""
        return self.ran and self.exit_code == 0

    def to_dict(self, gate: float | None = None) -> dict:
        return {
            "status": self.status,
            "passed": self.passed if self.ran else None,
            "exit": self.exit_code,
            "paths": list(self.plan.paths) if self.plan else [],
            "counts": dict(self.counts),
            "coverage": round(self.coverage, 2) if self.coverage is not None else None,
            "coverage_gate": gate,
            "least_covered": [{"path": f.path, "percent": round(f.percent, 2),
                               "missing_lines": list(f.missing_lines[:50])}
                              for f in self.files if f.percent < 100.0][:5],
            "repairs": self.repairs,
            "seconds": round(float(self.seconds), 3),
            "reason": self.reason,
        }

    def summary(self) -> str:
        if not self.ran:
            return self.reason or self.status
        parts = [f"{self.counts.get(k, 0)} {k}" for k in ("passed", "failed", "errors", "skipped")
                 if self.counts.get(k)]
        if self.collection_errors:
            parts.append(f"{len(self.collection_errors)} collection error(s)")
        text = ", ".join(parts) or "no tests ran"
        if self.coverage is not None:
            text += f"; branch coverage of {self.plan.cov if self.plan else 'lib'}/ {self.coverage:.1f}%"
        return text


# -- the child's report, checked field by field ---------------------------------------------------

def _text(value, limit: int = 2000) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _int(value, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _frames(raw) -> tuple[Frame, ...]:
    frames = []
    for item in raw if isinstance(raw, list) else []:
        if (isinstance(item, list) and len(item) == 4 and isinstance(item[1], int)
                and all(isinstance(item[i], str) for i in (0, 2, 3))):
            frames.append(Frame(item[0], item[1], item[2], item[3][:300]))
    return tuple(frames[-12:])


def _case(raw, collection: bool = False) -> CaseResult | None:
    if not isinstance(raw, dict):
        return None
    exception = raw.get("exception") if isinstance(raw.get("exception"), dict) else raw
    path = _text(raw.get("path"), 500)
    if not path:
        return None
    return CaseResult(
        nodeid=_text(raw.get("nodeid"), 500) or path, path=path,
        line=max(1, _int(raw.get("line"), 1)), name=_text(raw.get("name"), 300) or path,
        outcome="collection" if collection else ("error" if raw.get("outcome") == "error" else "failed"),
        when="collect" if collection else (_text(raw.get("when"), 20) or "call"),
        error_type=_text(exception.get("type"), 200) or "Error",
        message=_text(exception.get("message")), frames=_frames(exception.get("frames")),
        module=_text(exception.get("module"), 300) or None,
        filename=_text(exception.get("filename"), 500) or None)


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if 0.0 <= value <= 100.0 else None


def _file_coverage(raw) -> FileCoverage | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("path"), str):
        return None
    percent = _number(raw.get("percent"))
    if percent is None:
        return None
    lines = tuple(n for n in raw.get("missing_lines") or [] if isinstance(n, int))
    branches = tuple((a, b) for a, b in (x for x in raw.get("missing_branches") or []
                                         if isinstance(x, list) and len(x) == 2)
                     if isinstance(a, int) and isinstance(b, int))
    tests = tuple(t for t in raw.get("tests") or [] if isinstance(t, str))
    return FileCoverage(raw["path"][:500], percent, _int(raw.get("statements")), _int(raw.get("branches")),
                        lines, branches, tests)


def from_answer(answer: dict, suite_plan: SuitePlan, **extra) -> SuiteOutcome:
    """The outcome of one test run from what the sandboxed child reported."""
    raw = answer.get("suite")
    if answer.get("status") != "ok" or not isinstance(raw, dict):
        why = answer.get("error_message") or "the test run gave no report"
        return SuiteOutcome(CRASHED, suite_plan, reason=f"{answer.get('error_type') or 'Error'}: {why}", **extra)
    counts = raw.get("counts") if isinstance(raw.get("counts"), dict) else {}
    coverage = raw.get("coverage") if isinstance(raw.get("coverage"), dict) else None
    files = [f for f in (_file_coverage(x) for x in (coverage or {}).get("files") or []) if f]
    return SuiteOutcome(
        RAN, suite_plan, exit_code=_int(raw.get("exit"), 3), collected=_int(raw.get("collected")),
        counts={k: _int(counts.get(k)) for k in ("passed", "failed", "errors", "skipped", "xfailed", "xpassed")},
        cases=[c for c in (_case(x) for x in raw.get("cases") or []) if c],
        collection_errors=[c for c in (_case(x, collection=True) for x in raw.get("collection_errors") or []) if c],
        coverage=_number(coverage.get("percent")) if coverage else None,
        files=sorted(files, key=lambda f: (f.percent, f.path)),
        passed_ids=tuple(t[:500] for t in raw.get("passed_ids") or [] if isinstance(t, str))[:1000], **extra)


def without_work_dirs(outcome: SuiteOutcome, project_dirs=(), home=None) -> SuiteOutcome:
    """Messages without the sandbox's folders: the same tests give the same text on every run."""
    clean = work_dir_cleaner(project_dirs, home)

    def cleaned(case: CaseResult) -> CaseResult:
        return replace(case, message=clean(case.message) or "", filename=clean(case.filename))

    return replace(outcome, cases=[cleaned(c) for c in outcome.cases],
                   collection_errors=[cleaned(c) for c in outcome.collection_errors],
                   output_tail=clean(outcome.output_tail) or "", reason=clean(outcome.reason))


def on_input_lines(outcome: SuiteOutcome, input_files: dict, repaired_files: dict, repairs: int) -> SuiteOutcome:
    """A run on the review's repaired copy, with every line on the input's lines."""
    cache: dict = {}

    def line(path: str, number: int) -> int:
        return original_line(input_files, repaired_files, path, number, cache)

    def case(item: CaseResult) -> CaseResult:
        return replace(item, line=line(item.path, item.line),
                       frames=tuple(map_frames(item.frames, input_files, repaired_files, cache)))

    def coverage(file: FileCoverage) -> FileCoverage:
        return replace(file, missing_lines=tuple(sorted({line(file.path, n) for n in file.missing_lines})),
                       missing_branches=tuple((line(file.path, a), line(file.path, b))
                                              for a, b in file.missing_branches))

    return replace(outcome, cases=[case(c) for c in outcome.cases],
                   collection_errors=[case(c) for c in outcome.collection_errors],
                   files=[coverage(f) for f in outcome.files], repairs=repairs)
