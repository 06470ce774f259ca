"""What `iac-review fix` does to a corpus: answers it makes synthesize, deployed trees it leaves alone.

Usage: python bench/fix.py CORPUS [--timeout 120] [--workers 2] [--skip-synth] [--only answers|deployed]

For each task folder of CORPUS:

  model answers   synthesize lib/MODEL_RESPONSE.md as it is; for those that fail,
                  apply the safe repairs and synthesize again, then safe and unsafe
                  repairs and synthesize again; then review the answer with synthesis
                  as `iac-review check --synth` does, whose repair loop also follows
                  the synth errors. Prints how many then synthesize, and how many
                  reach the tfjson stage (its rules and checkov run on the JSON).
  deployed trees  apply the repairs to the task's code (--source code) and count the
                  files they would change (the goal is 0); where one changes, both
                  versions are synthesized and their JSON compared.

Nothing is written: repairs are made on copies in memory, synthesis runs in the sandbox.
Times are wall-clock per task (fix only).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from iac_review.api import load_schema, review_project
from iac_review.core.review import ReviewConfig
from iac_review.fix.engine import fix_project
from iac_review.parse.loader import InputError, load
from iac_review.synth.pool import WorkerPool


def _tasks(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if p.is_dir() and (p / "metadata.json").is_file())


def _fix(project, index, unsafe: bool, times: list[float]):
    started = time.perf_counter()
    result = fix_project(project, ReviewConfig(), index, unsafe=unsafe)
    times.append(time.perf_counter() - started)
    return result


def _loop(project, index, pool, times: list[float]):
    """The review with synthesis and its repair loop: (repaired copy synthesized, tfjson ran, repairs)."""
    started = time.perf_counter()
    result = review_project(project, ReviewConfig(synth=True), index, pool.synthesize)
    times.append(time.perf_counter() - started)
    log = result.repairs
    tfjson_ran = not any(n.stage == "tfjson" for n in result.not_evaluated)
    return bool(log and log.synthesized), tfjson_ran, (len(log.steps) if log else 0), log


def answers(tasks: list[Path], index, pool, times: list[float], loop_times: list[float]) -> None:
    failing, safe_ok, unsafe_ok, loop_ok, loop_tfjson, rows = 0, 0, 0, 0, 0, []
    for task in tasks:
        try:
            project = load(str(task), "model")
        except InputError:
            continue
        before = pool.synthesize(project)
        if before.status != "failed":
            continue
        failing += 1
        safe = _fix(project, index, False, times)
        after_safe = pool.synthesize(safe.after) if safe.applied else before
        unsafe = _fix(project, index, True, times)
        after_unsafe = pool.synthesize(unsafe.after) if unsafe.applied else before
        safe_ok += after_safe.ok
        unsafe_ok += after_unsafe.ok
        synthesized, tfjson_ran, made, log = _loop(project, index, pool, loop_times)
        loop_ok += synthesized
        loop_tfjson += synthesized and tfjson_ran
        last = log.final if log and log.final else before
        rows.append((task.name, before.error_type, len(safe.applied), after_safe.status,
                     len(unsafe.applied), after_unsafe.status, made,
                     "ok" if synthesized else (last.error_type or last.status)))
    print(f"\n== model answers that fail synthesis: {failing}")
    print(f"synthesize after safe repairs:          {safe_ok}/{failing} ({_pct(safe_ok, failing)})")
    print(f"synthesize after safe + unsafe repairs: {unsafe_ok}/{failing} ({_pct(unsafe_ok, failing)})")
    print(f"synthesize in the review's repair loop: {loop_ok}/{failing} ({_pct(loop_ok, failing)}), "
          f"tfjson stage ran on {loop_tfjson}")
    for row in rows:
        print("  {:8} {:20} safe {:2} -> {:7} unsafe {:2} -> {:7} loop {:2} -> {}".format(*row))


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def deployed(tasks: list[Path], index, pool, times: list[float]) -> None:
    for unsafe in (False, True):
        changed_tasks, files, identical, rows = 0, 0, 0, []
        for task in tasks:
            try:
                project = load(str(task), "code")
            except InputError:
                continue
            result = _fix(project, index, unsafe, times)
            changed = result.changed()
            if not changed:
                continue
            changed_tasks += 1
            files += len(changed)
            same = None
            if pool is not None:
                same = _same_json(pool, project, result.after)
                identical += same is True
            rows.append((task.name, sorted(changed),
                         sorted({f"{x.rule_id}{'' if x.safe else '*'}" for x in result.applied}), same))
        kind = "safe + unsafe" if unsafe else "safe only"
        print(f"\n== deployed trees, {kind}: {changed_tasks} of {len(tasks)} would change ({files} files)")
        if pool is not None and changed_tasks:
            print(f"synthesized JSON identical after the change (volatile values aside): "
                  f"{identical}/{changed_tasks}")
        for name, paths, rules, same in rows:
            print(f"  {name}: {len(paths)} file(s) by {', '.join(rules)} (* unsafe); JSON identical: {same}")


def _leaves(value, path: str = ""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}/{key}")
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from _leaves(item, f"{path}[{number}]")
    else:
        yield path, json.dumps(value, sort_keys=True)


def _same_json(pool, before, after) -> bool | str:
    """Whether the fix left the synthesized JSON as it was.

    The original is synthesized twice, more than a second apart: values that differ
    between those two runs (timestamps the app computes, to the second) are volatile
    and not compared.
    """
    first = pool.synthesize(before)
    time.sleep(1.1)
    second, fixed = pool.synthesize(before), pool.synthesize(after)
    if not (first.ok and second.ok):
        return "n/a (the tree does not synthesize here)"
    if not fixed.ok:
        return f"False (the repaired tree does not synthesize: {fixed.error_type or fixed.status})"
    a, a2, b = (dict(_leaves(x.stacks)) for x in (first, second, fixed))
    volatile = {k for k in set(a) | set(a2) if a.get(k) != a2.get(k)}
    differ = sorted(k for k in set(a) | set(b) if k not in volatile and a.get(k) != b.get(k))
    if differ:
        return f"False ({len(differ)} values, first {differ[0]}: {a.get(differ[0])} -> {b.get(differ[0])})"[:300]
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-synth", action="store_true", help="deployed trees only, no synthesis")
    parser.add_argument("--only", choices=("answers", "deployed"), help="run one of the two parts")
    args = parser.parse_args()
    index, error = load_schema()
    if index is None:
        print(f"schema unavailable: {error}", file=sys.stderr)
        return 2
    tasks = _tasks(args.corpus)
    times: list[float] = []
    loop_times: list[float] = []
    if args.skip_synth:
        deployed(tasks, index, None, times)
    else:
        with WorkerPool(size=args.workers, timeout=args.timeout) as pool:
            if args.only != "deployed":
                answers(tasks, index, pool, times, loop_times)
            if args.only != "answers":
                deployed(tasks, index, pool, times)
    if times:
        print(f"\nfix time per run: median {statistics.median(times):.2f} s, max {max(times):.2f} s "
              f"over {len(times)} runs")
    if loop_times:
        print(f"review with synthesis and repair loop, per failing answer: median "
              f"{statistics.median(loop_times):.1f} s, max {max(loop_times):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
