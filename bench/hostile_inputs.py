"""How long hostile answers take to review: the figures behind "linear time, never a hang".

Usage: python bench/hostile_inputs.py [--size 1000000] [--repeat 3]

Each input is an answer of our own making that once hung or crashed the
reviewer (megabyte lines of '#' or spaces next to a heading, thousands of
chained operators, a file name longer than the OS allows). For each it prints
the median over --repeat runs of the markdown extraction alone and of a whole
static review, and the findings the review gave. Tests only guard against
hangs; the times are measured here.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from functools import partial
from pathlib import Path

from iac_review.api import review
from iac_review.parse.markdown import extract

FENCE = "```python\nx = 1\n```\n"


def inputs(size: int) -> dict[str, str]:
    return {
        "line of '#'": "#" * size + "\n" + FENCE,
        "line of spaces": " " * size + "\n" + FENCE,
        "heading '# a' + spaces + 'x' above a fence": "# a" + " " * size + "x\n" + FENCE,
        "comment '#' + spaces as a file's first line": "```python\n#" + " " * size + "x\n```\n",
        "20,000 chained additions": "## lib/tap_stack.py\n```python\nx = " + "+".join(["a"] * 20000) + "\n```\n",
        "file name of 300 characters": "## lib/" + "a" * 300 + ".py\n" + FENCE,
    }


def timed(work, repeat: int):
    """(median seconds over ``repeat`` runs, the last run's result)."""
    runs, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="length of the long runs")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    review(["/nonexistent-warm-up.md"])   # loads the schema index once, outside the timings
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'input':<48} {'extract':>10} {'review':>10}  findings")
        for label, text in inputs(args.size).items():
            path = Path(tmp) / "answer.md"
            path.write_text(text, encoding="utf-8")
            extract_s, _ = timed(partial(extract, text, "answer.md"), args.repeat)
            review_s, result = timed(partial(review, [str(path)]), args.repeat)
            found = sorted({f.rule_id for f in result.findings})
            crashes = len(result.internal_errors)
            print(f"{label:<48} {extract_s * 1000:>8.1f}ms {review_s * 1000:>8.1f}ms  "
                  f"{', '.join(found) or '-'}" + (f"  INTERNAL ERRORS: {crashes}" if crashes else ""))


if __name__ == "__main__":
    main()
