"""Wall time of one `iac-review check` from the shell: a new process, as a user or a hook runs it.

Usage: python bench/cli_check.py [ANSWER ...] [--runs 7]

Default answers: the model answers of examples/. Prints, per answer, the median
and the fastest of --runs runs of `iac-review check ANSWER` (static review,
text output discarded), and beside it the median of `python -c "import
iac_review.cli.main"` (what importing costs before any work). The schema
index is built, and the bytecode written, before the timed runs, as an
installed package has them.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# As an installed package runs: with its bytecode cached (pip compiles it at install), whatever
# this shell says; one untimed run first writes the cache.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _wall(argv: list[str], runs: int) -> list[float]:
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("answers", nargs="*")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    answers = args.answers or sorted(str(p) for p in (ROOT / "examples").glob("*/lib/MODEL_RESPONSE.md"))
    cli = [sys.executable, "-m", "iac_review"]
    subprocess.run([*cli, "schema"], stdout=subprocess.DEVNULL, check=False, env=ENV)   # warm the caches
    imports = _wall([sys.executable, "-c", "import iac_review.cli.main"], args.runs)
    print(f"import iac_review.cli.main: median {statistics.median(imports):.3f} s, "
          f"fastest {min(imports):.3f} s ({args.runs} runs)")
    medians = []
    for answer in answers:
        times = _wall([*cli, "check", answer, "--exit-zero"], args.runs)
        medians.append(statistics.median(times))
        print(f"check {Path(answer).parent.parent.name or answer}: median {medians[-1]:.3f} s, "
              f"fastest {min(times):.3f} s")
    if medians:
        print(f"check, median over {len(medians)} answers: {statistics.median(medians):.3f} s")


if __name__ == "__main__":
    main()
