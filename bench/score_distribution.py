"""Our training-quality score beside the human one (metadata.json `training_quality`).

Usage: python bench/score_distribution.py CORPUS [--synth] [--list]

Reviews every task folder's MODEL_RESPONSE (static by default; --synth adds the
sandboxed synthesis, which gives the services from the synthesized resource
types and lets the required-services override apply) and prints both
distributions, how often the two agree within one point, how often they
agree on the gate (8 or more passes), their correlation (Pearson and
Spearman) and spread. --list prints every task.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from iac_review.api import ReviewConfig, review
from iac_review.score.compute import GATE


def _human(task: Path):
    try:
        return json.loads((task / "metadata.json").read_text(encoding="utf-8")).get("training_quality")
    except (OSError, ValueError):
        return None


def _histogram(values) -> str:
    counts = Counter(values)
    return ", ".join(f"{k:g} x{counts[k]}" for k in sorted(counts))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--synth", action="store_true")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args(argv)
    tasks = sorted(p for p in Path(args.corpus).iterdir() if (p / "lib" / "MODEL_RESPONSE.md").is_file())
    result = review([str(t) for t in tasks], ReviewConfig(synth=args.synth))
    rows = []
    for task, item in zip(tasks, result.inputs, strict=True):
        ours = item.score.total if item.score is not None else None
        rows.append((task.name, ours, _human(task), item.score))
    both = [(o, h) for _, o, h, _ in rows if o is not None and isinstance(h, (int, float))]
    print(f"{len(rows)} tasks ({'static + synthesis' if args.synth else 'static only'}); "
          f"{len(both)} with both scores")
    print(f"  ours : {_histogram(o for o, _ in both)}")
    print(f"  human: {_histogram(h for _, h in both)}")
    within = sum(abs(o - h) <= 1 for o, h in both)
    gate = sum((o >= GATE) == (h >= GATE) for o, h in both)
    print(f"  within one point: {within}/{len(both)}; same gate verdict (>= {GATE}): {gate}/{len(both)}")
    print(f"  mean: ours {sum(o for o, _ in both) / len(both):.2f}, human {sum(h for _, h in both) / len(both):.2f}")
    ours_all, human_all = [float(o) for o, _ in both], [float(h) for _, h in both]
    print(f"  correlation: Pearson {_pearson(ours_all, human_all):.3f}, "
          f"Spearman {_pearson(_ranks(ours_all), _ranks(human_all)):.3f}; "
          f"spread (standard deviation): ours {_sd(ours_all):.2f}, human {_sd(human_all):.2f}")
    overrides = Counter(s.override["rule"] for _, _, _, s in rows if s is not None and s.override)
    print(f"  overrides applied: {dict(sorted(overrides.items())) or 'none'}")
    if args.list:
        for name, ours, human, score in rows:
            why = score.arithmetic() if score is not None else "not computed"
            print(f"  {name:<8} ours {ours!s:>4}  human {human!s:>4}  {why}")
    return 0


def _sd(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5


def _pearson(xs: list[float], ys: list[float]) -> float:
    """Pearson's r; nan when either side does not vary."""
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sx = sum((x - mx) ** 2 for x in xs) ** 0.5
    sy = sum((y - my) ** 2 for y in ys) ** 0.5
    if not sx or not sy:
        return float("nan")
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (sx * sy)


def _ranks(values: list[float]) -> list[float]:
    """Average ranks (ties share the mean of their positions), for Spearman's rho."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2
        start = end + 1
    return ranks


if __name__ == "__main__":
    sys.exit(main())
