"""Where units run: a pool of local processes, or the workers of a Ray cluster.

Both take the units and the settings and yield each unit's result as it
completes, in whatever order that is. Neither writes anything: the driver
owns the store.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict
from typing import Iterator

from iac_review.batch import worker


class EngineError(Exception):
    """The engine cannot start (Ray missing, no cluster at the address given): exit code 2."""


def run_local(units, config, settings: str, jobs: int) -> Iterator[dict]:
    """``jobs`` worker processes, started clean (spawn), each dying with the driver."""
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=worker.die_with_parent)
    pending = {pool.submit(worker.review_unit, asdict(u), config, settings): u for u in units}
    finished = False
    try:
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                unit = pending.pop(future)
                yield _result(future, unit, settings)
        finished = True
    finally:
        if not finished:
            # Ctrl-C, or the driver's own error: stop now, not after the units under way (a
            # synthesis can take a minute); what was written stays and the next run resumes
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()
        pool.shutdown(wait=finished, cancel_futures=True)


def _result(future, unit, settings: str) -> dict:
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001  (a worker process died: this unit failed, the rest go on)
        return worker.failed(asdict(unit), settings, f"the worker ended: {type(exc).__name__}: {exc}")


def run_ray(units, config, settings: str, jobs: int, address: str | None) -> Iterator[dict]:
    """Each unit as a Ray task; ``address`` joins a running cluster, None starts a local one with
    ``jobs`` CPUs. Results come back to the driver, which alone writes the store."""
    try:
        import ray  # deferred: an optional extra (pip install 'iac-review[ray]')
    except ImportError as exc:
        raise EngineError("--engine ray needs Ray: pip install 'iac-review[ray]'") from exc
    options = {"address": address} if address else {"num_cpus": jobs, "include_dashboard": False}
    # We ask for no GPUs: this keeps Ray's notice about a future default out of the output. A
    # Ray without its dashboard extra logs an error for every process that cannot reach the
    # metrics agent; only Ray's fatal errors are worth a line in our output.
    os.environ.setdefault("RAY_ACCEL_ENV_VAR_OVERRIDE_ON_ZERO", "0")
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    try:
        ray.init(ignore_reinit_error=True, logging_level="ERROR", log_to_driver=False,
                 runtime_env={"env_vars": {k: v for k, v in os.environ.items()
                                           if k.startswith("IAC_REVIEW_")}}, **options)
    except Exception as exc:  # noqa: BLE001  (Ray's own errors: no cluster, bad address)
        raise EngineError(f"cannot start or join Ray ({address or 'local'}): {exc}") from exc
    remote = ray.remote(num_cpus=1, max_retries=1)(worker.review_unit)
    config_ref = ray.put(config)
    pending = {remote.remote(asdict(u), config_ref, settings): u for u in units}
    try:
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                unit = pending.pop(ref)
                try:
                    yield ray.get(ref)
                except Exception as exc:  # noqa: BLE001  (a worker or node died)
                    yield worker.failed(asdict(unit), settings, f"the Ray task failed: {exc}")
    finally:
        for ref in pending:
            ray.cancel(ref, force=True)
        if not address:
            ray.shutdown()
