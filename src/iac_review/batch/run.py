"""The driver of a batch: find the units, skip the done ones, run the rest, write each result."""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field

from iac_review import __version__
from iac_review.batch import engines
from iac_review.batch.store import Store
from iac_review.batch.units import SOURCES, discover, settings_key


@dataclass
class BatchSummary:
    units: int = 0              # units in the corpus
    skipped: int = 0            # already done under the same version and settings
    reviewed: int = 0
    findings: int = 0
    errors: list[str] = field(default_factory=list)          # units that could not be reviewed
    incomplete: list[str] = field(default_factory=list)      # units with internal errors
    problems: list[str] = field(default_factory=list)        # corpus folders that were skipped
    seconds: float = 0.0


def run_batch(corpora: list[str], store_path: str, config, *, jobs: int = 2, engine: str = "local",
              address: str | None = None, sources: tuple[str, ...] = SOURCES, fresh: bool = False,
              progress=None) -> BatchSummary:
    """``progress(done, total, result)`` is called after each unit is written."""
    started = time.perf_counter()
    units, problems = discover(corpora, sources)
    summary = BatchSummary(units=len(units), problems=problems)
    settings = settings_key(config)
    with Store(store_path) as store:
        done = set() if fresh else store.done(__version__, settings)
        todo = [u for u in units if (u.task, u.source) not in done]
        summary.skipped = len(units) - len(todo)
        if todo:
            results = (engines.run_ray(todo, config, settings, jobs, address) if engine == "ray"
                       else engines.run_local(todo, config, settings, jobs))
            for result in results:
                store.write_unit(result)
                _count(summary, result)
                if progress is not None:
                    progress(summary.reviewed, len(todo), result)
    summary.seconds = time.perf_counter() - started
    return summary


def _count(summary: BatchSummary, result: dict) -> None:
    summary.reviewed += 1
    summary.findings += result["finding_count"]
    name = f"{result['task']} ({result['source']})"
    if result["status"] == "error":
        summary.errors.append(f"{name}: {result['detail'].get('error')}")
    elif result["status"] == "internal_error":
        summary.incomplete.append(name)


def line_progress(stream=sys.stderr):
    """Progress for logs (no terminal): one line per unit."""
    def report(done: int, total: int, result: dict) -> None:
        print(f"[{done}/{total}] {result['task']} {result['source']}: {result['status']}, "
              f"{result['finding_count']} findings, {result['seconds']:.1f} s", file=stream, flush=True)
    return report
