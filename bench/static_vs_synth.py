"""How well the static stage predicts synthesis, over a corpus.

Usage: python bench/static_vs_synth.py CORPUS [--source model] [--workers 2]

Every answer is reviewed statically and synthesized in the warm pool. An
answer is *predicted to fail* when it has a Critical finding of a rule whose
mechanism stops `cdktf synth` (rules declare it: RuleMeta.predicts_synth_failure).
Prints recall (of the answers that fail synthesis, how many were predicted)
and precision (of the predictions, how many synthesis confirms), with the
answers on each side of every disagreement. Answers whose synthesis did not
run or did not finish (no entry point, timeout) are counted apart.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from iac_review.api import ReviewConfig, review
from iac_review.stages.synth_check import predicts_failure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--source", default="model", choices=("model", "ideal"))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    tasks = sorted(str(p) for p in args.corpus.iterdir() if (p / "lib").is_dir())
    if not tasks:
        print(f"no task folders under {args.corpus}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    result = review(tasks, ReviewConfig(source=args.source, synth=True, synth_workers=args.workers,
                                        synth_timeout=90))
    wall = time.perf_counter() - started
    rows = []
    for item in result.inputs:
        outcome = item.synth
        predicted = any(predicts_failure(f, outcome) for f in item.findings)
        rows.append((Path(item.input).name, predicted, outcome.status if outcome else "not_run",
                     outcome))
    ran = [r for r in rows if r[2] in ("ok", "failed")]
    failed = [r for r in ran if r[2] == "failed"]
    predicted = [r for r in ran if r[1]]
    hits = [r for r in failed if r[1]]
    recall = len(hits) / len(failed) if failed else 1.0
    precision = len(hits) / len(predicted) if predicted else 1.0
    print(f"{len(rows)} answers ({args.source}), reviewed with synthesis in {wall:.1f} s wall "
          f"({args.workers} workers)")
    statuses = {s: sum(1 for r in rows if r[2] == s) for s in sorted({r[2] for r in rows})}
    print("synthesis outcomes: " + ", ".join(f"{k} {v}" for k, v in statuses.items()))
    print(f"recall: {len(hits)}/{len(failed)} failing answers predicted ({recall:.0%})")
    print(f"precision: {len(hits)}/{len(predicted)} predictions confirmed ({precision:.0%})")
    missed = [r for r in failed if not r[1]]
    wrong = [r for r in predicted if r[2] == "ok"]
    if missed:
        print("failed without a prediction:")
        for name, _, _, outcome in missed:
            where = outcome.innermost_frame
            at = f" at {where.path}:{where.line}" if where else ""
            print(f"  {name}: {outcome.error_type}: {(outcome.error_message or '').splitlines()[0][:110]}{at}")
    if wrong:
        print("predicted but synthesized:")
        for name, _, _, _ in wrong:
            item = next(i for i in result.inputs if Path(i.input).name == name)
            rules = sorted({f.rule_id for f in item.contradicted})
            print(f"  {name}: {', '.join(rules)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
