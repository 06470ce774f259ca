"""What the report adds per task beyond the review itself.

Usage: python bench/report.py CORPUS [--repeat 3]

For every task folder (lib/MODEL_RESPONSE.md) of CORPUS, static review only (no
synthesis: synthesis is part of the review, not of the report), it times apart,
median of --repeat runs:
  review   the rules (review_project, minus the parts below)
  score    the training-quality score
  diff     the diff against the IDEAL_RESPONSE with hunk attribution
  agree    parsing the human MODEL_FAILURES.md and matching it to our findings
  render   MODEL_FAILURES.md, the HTML page and the JSON document
and prints median, p90 and max per part and for the report's sum (score + diff
+ agree + render).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from iac_review import api
from iac_review.api import Review, ReviewConfig, review_project
from iac_review.parse.loader import load
from iac_review.reporters import html, json_, markdown

PARTS = ("review", "score", "diff", "agree", "render")


def _timed(fn):
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def one(task: Path, index, config: ReviewConfig) -> dict[str, float]:
    project = load(str(task), source="model")
    total, result = _timed(lambda: review_project(project, config, index))
    t = {"score": _timed(lambda: api._score(result, project))[0],
         "diff": _timed(lambda: api._ideal_diff(result, project, config))[0],
         "agree": _timed(lambda: api._agreement(result, project, config))[0]}
    t["review"] = max(0.0, total - t["score"] - t["diff"] - t["agree"])
    whole = Review([result], config, index.info())
    t["render"] = _timed(lambda: (markdown.render(whole), html.render_input(result, whole),
                                  json_.render(whole)))[0]
    return t


def _stats(values: list[float]) -> str:
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
    return (f"median {statistics.median(values) * 1000:7.1f} ms  p90 {p90 * 1000:7.1f} ms  "
            f"max {values[-1] * 1000:7.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    tasks = sorted(p for p in Path(args.corpus).iterdir() if (p / "lib" / "MODEL_RESPONSE.md").is_file())
    if not tasks:
        print(f"no task folders with lib/MODEL_RESPONSE.md under {args.corpus}", file=sys.stderr)
        return 2
    index, error = api.load_schema()
    if index is None:
        print(f"provider schema unavailable: {error}", file=sys.stderr)
        return 2
    config = ReviewConfig()
    per_task: dict[str, list[float]] = {p: [] for p in (*PARTS, "report")}
    for task in tasks:
        runs = [one(task, index, config) for _ in range(args.repeat)]
        for part in PARTS:
            per_task[part].append(statistics.median(r[part] for r in runs))
        per_task["report"].append(statistics.median(
            sum(r[p] for p in PARTS if p != "review") for r in runs))
    print(f"{len(tasks)} tasks, static review, median of {args.repeat} runs per task")
    for part in (*PARTS, "report"):
        label = "report (score+diff+agree+render)" if part == "report" else part
        print(f"  {label:<34} {_stats(per_task[part])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
