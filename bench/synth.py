"""Synthesis cost over a corpus: cold stock, cold lazy, and the warm worker pool.

Usage: python bench/synth.py CORPUS [--limit N] [--cold N] [--workers 2] [--compare-sandboxes]
       [--compare-processes [--paced N]]

Every answer is the task's lib/MODEL_RESPONSE.md materialized with ``load(task)``.
Cold modes run ``--cold`` answers (default 3; each costs 10-30 s) one at a time in
a fresh sandbox; the warm pool runs all (or ``--limit``) answers with ``--workers``
workers in parallel. Prints per-mode median/total seconds, outcomes, peak RSS
per worker (VmHWM summed over the worker's python and node processes), and the
targets: all answers within 60 s wall on 2 cores, at most 1 GB peak RSS per worker.
``--compare-sandboxes`` runs the warm pool twice in the same run, with the older
unshare sandbox (IAC_REVIEW_SANDBOX=unshare) and with bubblewrap, and prints the
ratio of their median times per answer (goal: bubblewrap at most 1.2 x, and at
most 0.5 s per answer).
``--compare-processes`` runs the warm pool twice in the same run: one process
reused for every app (the pool's ``fresh=False``), then a new process forked per
app (the default); for each, the median seconds per answer in the batch, for the
apps of 30-50 resources, and for ``--paced`` answers given to one worker one at a
time, 1 s apart (a developer's pace: the next process is ready before it is needed).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from iac_review.parse.loader import load
from iac_review.sandbox_bwrap import SANDBOX_CHOICE
from iac_review.synth.outcome import OK
from iac_review.synth.pool import WorkerPool
from iac_review.synth.run import synthesize


def summary(name: str, outcomes: list, wall: float) -> None:
    secs = [o.seconds for o in outcomes]
    counts = Counter(o.status for o in outcomes)
    print(f"{name:<11} n={len(outcomes):<3} median {statistics.median(secs):6.2f} s  "
          f"total {sum(secs):7.2f} s  wall {wall:7.2f} s  "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--cold", type=int, default=3, help="answers to synthesize cold, per cold mode")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--source", choices=("model", "ideal", "code"), default="model",
                        help="which code of each task: the answer (default), the ideal, the deployed tree")
    parser.add_argument("--compare-sandboxes", action="store_true",
                        help="warm pool with the unshare sandbox, then with bubblewrap; skips the cold modes")
    parser.add_argument("--compare-processes", action="store_true",
                        help="warm pool reusing one process per worker, then a new process per app")
    parser.add_argument("--paced", type=int, default=15,
                        help="with --compare-processes: answers given one at a time (default 15)")
    args = parser.parse_args()
    tasks = sorted(p for p in args.corpus.iterdir() if (p / "lib" / "MODEL_RESPONSE.md").is_file())
    if args.source != "model":
        tasks = sorted(p for p in args.corpus.iterdir() if (p / "metadata.json").is_file())
    if args.limit:
        tasks = tasks[: args.limit]
    if not tasks:
        print(f"no tasks with lib/MODEL_RESPONSE.md under {args.corpus}", file=sys.stderr)
        return 2
    projects = [(t.name, load(str(t), source=args.source)) for t in tasks]
    print(f"{len(projects)} tasks ({args.source} code) from {args.corpus}")

    if args.compare_sandboxes:
        return compare_sandboxes(projects, args)
    if args.compare_processes:
        return compare_processes(projects, args)
    cold = projects[:: max(1, len(projects) // max(1, args.cold))][: args.cold] if args.cold else []
    for lazy in (False, True):
        if not cold:
            break
        started, outs = time.perf_counter(), []
        for _, project in cold:
            outs.append(synthesize(project, lazy=lazy, timeout=180, memory_mb=3072))
        summary("cold lazy" if lazy else "cold stock", outs, time.perf_counter() - started)

    outs, run_wall, ready, wall, stats = warm_pool(projects, args)
    summary("warm pool", outs, run_wall)
    print(f"  pool start (imports, in parallel): {ready:.2f} s; wall including start {wall:.2f} s")
    for s in stats:
        print(f"  worker pid {s['pid']}: {s['tasks']} tasks, start {s['startup_s'] or 0:.2f} s, "
              f"peak RSS {s['peak_mb']:.0f} MB ({s['why']})")
    failures = Counter((o.error_type or o.status) for o in outs if o.status != OK)
    if failures:
        print("  failures: " + ", ".join(f"{k} {v}" for k, v in failures.most_common()))
    peak = max((s["peak_mb"] for s in stats), default=0)
    print(f"targets: {len(outs)} answers in {wall:.1f} s wall incl. start (goal <= 60 s for 67 on 2 cores: "
          f"{'met' if wall <= 60 else 'NOT met'}); peak RSS per worker {peak:.0f} MB "
          f"(goal <= 1024 MB: {'met' if peak <= 1024 else 'NOT met'})")
    return 0


def warm_pool(projects, args, fresh: bool = True):
    """(outcomes, wall of the runs, pool start, wall including start, worker stats)."""
    started = time.perf_counter()
    with WorkerPool(size=args.workers, timeout=args.timeout, memory_mb=2048, fresh=fresh) as pool:
        pool.wait_ready()
        ready = time.perf_counter() - started
        run_started = time.perf_counter()
        with ThreadPoolExecutor(args.workers) as ex:
            outs = list(ex.map(lambda item: pool.synthesize(item[1]), projects))
        run_wall = time.perf_counter() - run_started
        stats = pool.stats()
    return outs, run_wall, ready, time.perf_counter() - started, stats


def compare_sandboxes(projects, args) -> int:
    """The warm pool with each sandbox, in this run; the verdicts must agree."""
    medians, verdicts = {}, {}
    for name, choice in (("unshare", "unshare"), ("bubblewrap", "")):
        os.environ[SANDBOX_CHOICE] = choice
        outs, run_wall, ready, _, stats = warm_pool(projects, args)
        summary(f"{name}", outs, run_wall)
        print(f"  pool start {ready:.2f} s; peak RSS per worker "
              f"{max((s['peak_mb'] for s in stats), default=0):.0f} MB")
        medians[name] = statistics.median(o.seconds for o in outs)
        synthesized = [o.seconds for o in outs if o.status == OK]
        if synthesized:
            print(f"  apps that synthesize: {len(synthesized)}, median {statistics.median(synthesized):.3f} s, "
                  f"max {max(synthesized):.3f} s")
        verdicts[name] = [o.status for o in outs]
        enforced = outs[0].enforced if outs else {}
        print(f"  enforced: unprivileged_user={enforced.get('unprivileged_user')} "
              f"filesystem_view={enforced.get('filesystem_view')}")
    os.environ.pop(SANDBOX_CHOICE, None)
    ratio = medians["bubblewrap"] / medians["unshare"] if medians["unshare"] else float("nan")
    same = sum(a == b for a, b in zip(verdicts["unshare"], verdicts["bubblewrap"], strict=True))
    print(f"median per answer: unshare {medians['unshare']:.3f} s, bubblewrap {medians['bubblewrap']:.3f} s, "
          f"ratio {ratio:.2f} (goal <= 1.20 and <= 0.5 s); same verdict on {same}/{len(projects)}")
    return 0


def resources(outcome) -> int:
    return sum(len(names) for stack in outcome.stacks.values()
               for names in (stack.get("resource") or {}).values())


def paced(projects, pause: float, fresh: bool) -> list[float]:
    """Seconds per answer of one worker given one answer at a time, ``pause`` s apart (a developer's pace)."""
    with WorkerPool(size=1, timeout=120, memory_mb=2048, fresh=fresh) as pool:
        pool.wait_ready()
        seconds = []
        for _, project in projects:
            time.sleep(pause)
            started = time.perf_counter()
            pool.synthesize(project)
            seconds.append(time.perf_counter() - started)
    return seconds


def compare_processes(projects, args) -> int:
    """The warm pool with one process reused for every app, then a new process per app, in this run."""
    results = {}
    for name, fresh in (("reused", False), ("fresh", True)):
        outs, run_wall, ready, _, stats = warm_pool(projects, args, fresh=fresh)
        summary(name, outs, run_wall)
        around_40 = [o.seconds for o in outs if o.status == OK and 30 <= resources(o) <= 50]
        results[name] = {"median": statistics.median(o.seconds for o in outs), "wall": run_wall,
                         "verdicts": [o.status for o in outs],
                         "around_40": statistics.median(around_40) if around_40 else float("nan"),
                         "n40": len(around_40),
                         "paced": statistics.median(paced(projects[: args.paced], 1.0, fresh))}
        print(f"  pool start {ready:.2f} s; peak RSS per worker "
              f"{max((s['peak_mb'] for s in stats), default=0):.0f} MB; "
              f"apps of 30-50 resources: {len(around_40)}, median {results[name]['around_40']:.3f} s; "
              f"one at a time, 1 s apart ({args.paced} apps, 1 worker): median {results[name]['paced']:.3f} s")
    old, new = results["reused"], results["fresh"]
    same = sum(a == b for a, b in zip(old["verdicts"], new["verdicts"], strict=True))
    print(f"per answer in a batch ({args.workers} workers): reused {old['median']:.3f} s, fresh {new['median']:.3f} s, "
          f"ratio {new['median'] / old['median']:.2f}; batch wall ratio {new['wall'] / old['wall']:.2f}")
    print(f"apps of 30-50 resources: reused {old['around_40']:.3f} s, fresh {new['around_40']:.3f} s "
          f"(goal <= 0.5 s: {'met' if new['around_40'] <= 0.5 else 'NOT met'})")
    print(f"one at a time: reused {old['paced']:.3f} s, fresh {new['paced']:.3f} s, ratio "
          f"{new['paced'] / old['paced']:.2f} "
          f"(goal <= 1.20: {'met' if new['paced'] <= 1.2 * old['paced'] else 'NOT met'})")
    print(f"same verdict on {same}/{len(projects)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
