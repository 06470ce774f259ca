"""Critical findings per task on a corpus, by rule: how often the review calls something a blocker.

Usage: python bench/critical_findings.py [CORPUS] [--source code|model|ideal] [--as-of-task] [--list]

On the deployed trees (`--source code`, the default) every Critical finding
claims that code which was synthesized and deployed could not be: each one is
either a false positive or a fact that changed since (a runtime or engine
version AWS retired after the deploy). `--as-of-task` judges lifecycle dates
as of each task's own start (metadata.json `startedAt`), which separates the
two. `--list` prints every Critical finding.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

from iac_review.api import ReviewConfig, load_schema, review_path

REPO = Path(__file__).resolve().parent.parent


def _task_date(task: Path) -> str | None:
    try:
        meta = json.loads((task / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    started = meta.get("startedAt") if isinstance(meta, dict) else None
    return started[:10] if isinstance(started, str) and len(started) >= 10 else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(REPO.parent / "shared" / "corpus"))
    parser.add_argument("--source", default="code", choices=("code", "model", "ideal"))
    parser.add_argument("--as-of-task", action="store_true")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    tasks = sorted(p for p in Path(args.corpus).glob("Pr*") if p.is_dir())
    if not tasks:
        print(f"no task folders under {args.corpus}", file=sys.stderr)
        return 2
    index, _ = load_schema()
    by_rule: collections.Counter = collections.Counter()
    listed = []
    for task in tasks:
        config = ReviewConfig(source=args.source,
                              review_date=_task_date(task) if args.as_of_task else None)
        result = review_path(str(task), config, index)
        for finding in result.findings:
            if finding.severity.value == "Critical":
                by_rule[finding.rule_id] += 1
                listed.append(f"{task.name} {finding.rule_id} {finding.location.file}:"
                              f"{finding.location.line} {finding.message[:140]}")
    total = sum(by_rule.values())
    print(f"{len(tasks)} tasks, source {args.source}"
          f"{', lifecycles as of each task' if args.as_of_task else ''}: {total} Critical findings, "
          f"{total / len(tasks):.3f} per task")
    for rule, count in by_rule.most_common():
        print(f"  {rule}: {count}")
    if args.list:
        print("\n".join(listed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
