"""How faithfully the review's synthesis reproduces real `cdktf synth`.

Usage: python bench/synth_truth.py CORPUS [--source code] [--source model] [--timeout 120]

CORPUS/synth_truth.jsonl holds, for every task and source, what a real
synthesis did (run by a harness independent of this project, the way the
pipeline's CI runs it): status ok / error (or no_code / extract_failed when
that harness found nothing to run), the exception type and the first line of
its message. For each source this synthesizes every task in one review (as
`iac-review check --synth` does) and prints:

  verdict agreement   ok vs error, over the tasks whose truth is ok or error
                      and whose synthesis ran (not_run / timeout are listed apart)
  exception types     over the tasks both sides saw fail: same exception type
  disagreements       one line each: task, truth, ours (DIFFERS: the verdict,
                      TYPE: both failed with other exceptions, NOT RUN: ours did not run)

The review never sees synth_truth.jsonl; this script only compares.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from iac_review.api import ReviewConfig, review

SOURCES = ("model", "ideal", "code")
COMPARABLE = ("ok", "error")


def load_truth(corpus: Path) -> dict[tuple[str, str], dict]:
    truth = {}
    with open(corpus / "synth_truth.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                truth[(row["task"], row["source"])] = row
    return truth


def ours(outcome) -> tuple[str, str | None]:
    """(verdict, exception type): verdict ok / error, or the status when synthesis did not run."""
    if outcome is None:
        return "not_run", None
    if outcome.status == "ok":
        return "ok", None
    if outcome.status == "failed":
        return "error", outcome.error_type
    return outcome.status, outcome.error_type


def _short(exception_type: str | None) -> str:
    """The class name without its module: the truth writes botocore.exceptions.X, we write X."""
    return (exception_type or "").rsplit(".", 1)[-1]


def compare(source: str, tasks: list[Path], truth: dict, timeout: float) -> None:
    result = review([str(t) for t in tasks], ReviewConfig(source=source, synth=True,
                                                          synth_timeout=timeout))
    agree, differ, types_same, types_both, apart, other_type = 0, [], 0, 0, [], []
    for item in result.inputs:
        task = Path(item.input).name
        real = truth.get((task, source))
        if real is None or real["status"] not in COMPARABLE:
            continue
        verdict, error_type = ours(item.synth)
        if verdict not in COMPARABLE:
            why = getattr(item.synth, "reason", None) or item.error or ""
            apart.append((task, real["status"], real.get("exc_type"), verdict, why))
            continue
        if verdict != real["status"]:
            differ.append((task, real["status"], real.get("exc_type"), verdict, error_type))
            continue
        agree += 1
        if verdict == "error":
            types_both += 1
            if _short(error_type) == _short(real.get("exc_type")):
                types_same += 1
            else:
                other_type.append((task, real.get("exc_type"), error_type))
    compared = agree + len(differ)
    print(f"\n== source {source}: {len(result.inputs)} tasks, {len(result.internal_errors)} internal errors")
    print(f"verdict agreement: {agree}/{compared}" + (f" ({100 * agree / compared:.1f}%)" if compared else ""))
    print(f"same exception type where both failed: {types_same}/{types_both}")
    for task, real, real_type, verdict, error_type in differ:
        print(f"  DIFFERS {task}: real {real} {real_type or ''} | ours {verdict} {error_type or ''}")
    for task, real_type, error_type in other_type:
        print(f"  TYPE    {task}: both failed; real {real_type} | ours {error_type}")
    for task, real, real_type, verdict, why in apart:
        print(f"  NOT RUN {task}: real {real} {real_type or ''} | ours {verdict} {why}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--source", action="append", choices=SOURCES,
                        help="repeatable; default: all three")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per synthesis")
    args = parser.parse_args()
    if not (args.corpus / "synth_truth.jsonl").is_file():
        print(f"{args.corpus}/synth_truth.jsonl not found", file=sys.stderr)
        return 2
    truth = load_truth(args.corpus)
    tasks = sorted(p for p in args.corpus.iterdir() if p.is_dir())
    for source in args.source or SOURCES:
        compare(source, tasks, truth, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
