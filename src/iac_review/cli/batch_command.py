"""`iac-review batch CORPUS... --store FILE`: a whole corpus into a resumable SQLite store."""
from __future__ import annotations

import os
import sys

from iac_review.batch.engines import EngineError
from iac_review.batch.run import line_progress, run_batch
from iac_review.batch.store import StoreError
from iac_review.batch.units import SOURCES
from iac_review.cli import commands
from iac_review.core.finding import Severity


def run(args) -> int:
    sources = commands.split_list([args.sources]) if args.sources else SOURCES
    unknown = [s for s in sources if s not in SOURCES]
    if unknown:
        raise commands.UsageError(f"--sources takes {', '.join(SOURCES)}; got {', '.join(unknown)}")
    groups = commands.configured(args, args.corpora, Severity.HIGH)
    if len({settings.path for _, settings, _ in groups}) > 1:
        raise commands.UsageError("the corpora have different configuration files; run a batch per "
                                  "corpus, or pass --config FILE")
    config = groups[0][0]
    config.synth = not args.no_synth
    try:
        summary = run_batch(args.corpora, args.store, config, jobs=args.jobs, engine=args.engine,
                            address=args.ray_address, sources=tuple(sources), fresh=args.fresh,
                            progress=None if args.quiet else _progress_for(sys.stderr))
    except (StoreError, EngineError) as exc:
        raise commands.UsageError(str(exc)) from exc
    for problem in summary.problems:
        print(f"iac-review: {problem}", file=sys.stderr)
    if not args.quiet:
        print(_summary_line(summary, args.store), file=sys.stderr)
    for error in summary.errors:
        print(f"iac-review: not reviewed: {error}", file=sys.stderr)
    if summary.errors or summary.incomplete:
        return commands.EXIT_INTERNAL
    if summary.units == 0:
        raise commands.UsageError(f"no task folders in {', '.join(args.corpora)} (a task folder has "
                                  "lib/ or metadata.json)")
    return commands.EXIT_OK


def _summary_line(summary, store: str) -> str:
    text = (f"{summary.reviewed} of {summary.units} units reviewed in {summary.seconds:.1f} s "
            f"({summary.findings} findings)")
    if summary.skipped:
        text += f"; {summary.skipped} already in the store"
    if summary.incomplete:
        text += f"; {len(summary.incomplete)} with internal errors"
    return f"{text}; written to {store}"


def _progress_for(stream):
    """A rich progress bar with an ETA on a terminal; a line per unit in a log."""
    if not stream.isatty() or os.environ.get("TERM") == "dumb":
        return line_progress(stream)
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,  # deferred: terminals
                               TimeElapsedColumn, TimeRemainingColumn)
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(), transient=True)
    state = {}

    def report(done: int, total: int, result: dict) -> None:
        if "task" not in state:
            bar.start()
            state["task"] = bar.add_task("reviewing", total=total)
        bar.update(state["task"], completed=done, description=f"{result['task']} {result['source']}")
        if done == total:
            bar.stop()
    return report
