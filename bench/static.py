"""Static review time per task over a corpus, beside cold `cdktf synth` times.

Usage: python bench/static.py CORPUS [--repeat 5] [--synth 4]

Prints the index load (cold build and cached load, measured apart), the
per-task static review time (parse + rules, median of --repeat runs per task)
over every lib/MODEL_RESPONSE.md, and for --synth answers that bring a tap.py
the cold `python tap.py` time in a sandbox, measured in the same run.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from iac_review.api import ReviewConfig, review_project
from iac_review.parse.loader import load
from iac_review.sandbox import materialize, run, temp_workdir
from iac_review.schema import cache
from iac_review.schema.index import SchemaIndex


def index_times() -> tuple[float, float, SchemaIndex]:
    with tempfile.TemporaryDirectory() as tmp:
        old = os.environ.get("IAC_REVIEW_CACHE_DIR")
        os.environ["IAC_REVIEW_CACHE_DIR"] = tmp
        started = time.perf_counter()
        cache.load_index_data(rebuild=True)
        build = time.perf_counter() - started
        if old is None:
            del os.environ["IAC_REVIEW_CACHE_DIR"]
        else:
            os.environ["IAC_REVIEW_CACHE_DIR"] = old
    cache.load_index_data()  # make sure the real cache exists
    started = time.perf_counter()
    data, path, _ = cache.load_index_data()
    index = SchemaIndex(data, path)
    return build, time.perf_counter() - started, index


def static_time(task: Path, index: SchemaIndex, repeat: int) -> tuple[float, int]:
    samples, findings = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        project = load(str(task), source="model")
        result = review_project(project, ReviewConfig(), index)
        samples.append(time.perf_counter() - started)
        findings = len(result.findings)
    return statistics.median(samples), findings


def cold_synth(task: Path) -> tuple[float, str]:
    project = load(str(task), source="model")
    if "tap.py" not in project.files:
        return float("nan"), "no tap.py"
    with temp_workdir() as tmp:
        work = Path(tmp)
        materialize(project, work)
        result = run([sys.executable, "tap.py"], work, timeout=180,
                     env_extra={"ENVIRONMENT_SUFFIX": "bench", "AWS_REGION": "us-east-1"})
    if result.timed_out:
        return result.seconds, "timeout"
    if result.returncode == 0:
        return result.seconds, "synthesized"
    return result.seconds, "failed: " + error_line(result.stderr, result.returncode)


def error_line(stderr: str, returncode: int | None) -> str:
    """The most telling line of a failed synth: the exception or jsii's reason."""
    lines = [line.strip(" │├╰─🛑🔍") for line in stderr.splitlines() if line.strip()]
    for pattern in ("Value is not", "Missing required", "Error:"):
        hits = [line for line in lines if pattern in line]
        if hits:
            return hits[-1][:90]
    return lines[-1][:90] if lines else f"exit {returncode}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--synth", type=int, default=4, help="answers to synthesize cold")
    args = parser.parse_args()
    tasks = sorted(p for p in args.corpus.iterdir() if (p / "lib" / "MODEL_RESPONSE.md").is_file())
    if not tasks:
        print(f"no tasks with lib/MODEL_RESPONSE.md under {args.corpus}", file=sys.stderr)
        return 2

    build, load_cached, index = index_times()
    print(f"schema index: cold build {build:.2f} s, cached load {load_cached * 1000:.0f} ms "
          f"(provider {index.provider_version}); not included below")

    times = {}
    for task in tasks:
        times[task.name] = static_time(task, index, args.repeat)
    values = sorted(t for t, _ in times.values())
    print(f"static review over {len(tasks)} MODEL_RESPONSE.md, median of {args.repeat} runs each:")
    print(f"  median {statistics.median(values) * 1000:.1f} ms, p90 "
          f"{values[int(len(values) * 0.9)] * 1000:.1f} ms, max {values[-1] * 1000:.1f} ms, "
          f"total {sum(values):.2f} s")

    with_tap = [t for t in tasks if "tap.py" in load(str(t), source="model").files]
    chosen = with_tap[:: max(1, len(with_tap) // max(1, args.synth))][: args.synth]
    if chosen:
        print(f"cold synth (python tap.py in the sandbox) of {len(chosen)} of the same answers:")
        print(f"  {'task':<10} {'static ms':>10} {'synth s':>9} {'ratio':>8}  outcome")
        ratios = []
        for task in chosen:
            seconds, outcome = cold_synth(task)
            static = times[task.name][0]
            ratio = seconds / static if static else float("inf")
            ratios.append(ratio)
            print(f"  {task.name:<10} {static * 1000:>10.1f} {seconds:>9.2f} {ratio:>8.0f}x  {outcome}")
        print(f"  smallest speed-up: {min(ratios):.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
