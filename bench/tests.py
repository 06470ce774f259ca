"""The tests stage's cost per task, beside a plain cold ``python -m pytest`` of the same tree.

Usage: python bench/tests.py CORPUS [--limit N] [--plain N] [--workers 2] [--source code]
       [--truth]

For every task folder of CORPUS (its deployed tree with ``--source code``, the
default; or the model answer), the tests stage runs the unit tests as the review
does: ``pytest tests/unit --cov=lib --cov-branch`` in a fresh process forked from
a warm sandboxed worker (the provider already imported). For ``--plain`` of them
(default 3: each costs 20-30 s) the same tests run as the pipeline runs them,
cold: ``python -m pytest ... --cov=lib --cov-branch`` in a new sandboxed process
with the stock provider package. Both run in the same run, one at a time.

Prints per task: the stage's seconds, the plain run's seconds (when run), the
counts and coverage of each; then the medians and their ratio. ``--truth``
also compares the stage with CORPUS/unit_test_truth.jsonl (what a pipeline-style
run gave, produced independently): the pass/fail verdict and branch coverage
within one point.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from iac_review.parse.loader import load
from iac_review.sandbox import Sandboxed
from iac_review.synth.harness import HARNESS_ENV
from iac_review.synth.pool import WorkerPool
from iac_review.synth.suite import plan

COVERAGE_JSON = "plain-coverage.json"


def plain_run(task: Path, timeout: float) -> tuple[float, int | None, float | None]:
    """(seconds, pytest's exit status, coverage) of a cold ``python -m pytest`` in the sandbox."""
    work = Path(tempfile.mkdtemp(prefix="iac-review-bench-tests-"))
    try:
        project = work / "project"
        shutil.copytree(task, project, symlinks=True,
                        ignore=shutil.ignore_patterns("*.md", "labels.jsonl", "metadata.json"))
        for path in [project, *project.rglob("*")]:   # the corpus may be read-only; the tests write
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | 0o200)
        argv = [sys.executable, "-m", "pytest", "tests/unit", "--cov=lib", "--cov-branch",
                f"--cov-report=json:{COVERAGE_JSON}", "-q", "-p", "no:cacheprovider"]
        started = time.perf_counter()
        box = Sandboxed(argv, work, cwd=project, env_extra=dict(HARNESS_ENV),
                        stdout=open(work / "out.log", "wb"), stderr=open(work / "err.log", "wb"))
        code = box.wait(timeout)
        seconds = time.perf_counter() - started
        box.close()
        try:
            coverage = json.loads((project / COVERAGE_JSON).read_text())["totals"]["percent_covered"]
        except (OSError, ValueError, KeyError):
            coverage = None
        return seconds, code, coverage
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="at most this many tasks (0: all)")
    parser.add_argument("--plain", type=int, default=3, help="tasks also run cold with plain pytest")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--source", choices=("model", "ideal", "code"), default="code")
    parser.add_argument("--truth", action="store_true", help="compare with CORPUS/unit_test_truth.jsonl")
    args = parser.parse_args()

    tasks = sorted(p for p in args.corpus.iterdir() if (p / "lib").is_dir())
    if args.limit:
        tasks = tasks[:args.limit]
    truth = {}
    if args.truth:
        rows = (args.corpus / "unit_test_truth.jsonl").read_text(encoding="utf-8").splitlines()
        truth = {r["task"]: r for r in map(json.loads, filter(None, rows))}
        tasks = [t for t in tasks if t.name in truth]

    pool = WorkerPool(size=args.workers, tests_timeout=args.timeout)
    stage, plain, agree, within, compared = [], [], 0, 0, 0
    try:
        pool.wait_ready()
        print(f"{'task':<8} {'stage s':>8} {'plain s':>8}  stage result / plain result")
        for number, task in enumerate(tasks):
            project = load(str(task), source=args.source)
            suite_plan = plan(project)
            if suite_plan is None:
                print(f"{task.name:<8} {'-':>8} {'-':>8}  no unit tests")
                continue
            outcome = pool.run_tests(project, suite_plan)
            stage.append(outcome.seconds)
            line = f"{task.name:<8} {outcome.seconds:8.2f} "
            if number < args.plain and args.source == "code":
                seconds, code, coverage = plain_run(task, args.timeout)
                plain.append(seconds)
                line += f"{seconds:8.2f}  {outcome.summary()} / exit {code}, coverage {coverage}"
            else:
                line += f"{'':>8}  {outcome.summary()}"
            if task.name in truth:
                compared += 1
                row = truth[task.name]
                same = outcome.passed == (row["exit"] == 0)
                close = (row.get("coverage") is None and outcome.coverage is None) or (
                    row.get("coverage") is not None and outcome.coverage is not None
                    and abs(row["coverage"] - outcome.coverage) <= 1.0)
                agree += same
                within += close
                line += f"  | truth: {row['summary']}, coverage {row.get('coverage')}"
                line += "" if same and close else "  <-- DIFFERS"
            print(line, flush=True)
    finally:
        pool.close()
    if stage:
        print(f"\nstage: median {statistics.median(stage):.2f} s per task over {len(stage)} tasks")
    if plain:
        ratio = statistics.median(plain) / statistics.median(stage[:len(plain)])
        print(f"plain cold pytest: median {statistics.median(plain):.2f} s per task over {len(plain)} "
              f"tasks ({ratio:.1f}x the stage on the same tasks)")
    if compared:
        print(f"truth: verdict {agree}/{compared}, coverage within one point {within}/{compared}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
