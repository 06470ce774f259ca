"""What runs on a worker (a local process or a Ray worker): one unit in, its rows out.

A worker keeps, for its whole life, the schema index and one warm synthesis
worker, so a unit costs its review and not a start-up. Everything returned is
plain data (it crosses a process or network boundary). A unit whose review
fails in an unexpected way comes back as an ``error`` unit with the reason,
never as an exception: one bad task never stops the batch.
"""
from __future__ import annotations

import ctypes
import dataclasses
import datetime
import json
import multiprocessing.util
import os
import signal
import socket
import time
from pathlib import Path

from iac_review import __version__
from iac_review.api import ReviewSession

STAGES = ("static", "synth", "tfjson", "tests")
_PR_SET_PDEATHSIG = 1
_session: ReviewSession | None = None


def die_with_parent() -> None:
    """A local worker ends when the driver does, even when the driver is killed with SIGKILL."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):   # not Linux: the pool's own shutdown still applies
        pass


def _session_for(config) -> ReviewSession:
    global _session
    if _session is None:
        _session = ReviewSession(config)
        # a pool worker ends through multiprocessing's exit path, which skips atexit: close the
        # warm synthesis worker there (Ray workers end with their process; the sandbox dies with it)
        multiprocessing.util.Finalize(None, _session.close, exitpriority=10)
    return _session


def review_unit(unit: dict, config, settings: str) -> dict:
    """The rows of one unit (``unit``: task, source, path)."""
    started = time.perf_counter()
    try:
        session = _session_for(config)
        result = session.review(unit["path"], dataclasses.replace(config, source=unit["source"]))
        return {**_identity(unit, settings), **_rows(result, session), "seconds": time.perf_counter() - started}
    except Exception as exc:  # noqa: BLE001  (a bug of ours on one unit: the unit says so, the batch goes on)
        return failed(unit, settings, f"{type(exc).__name__}: {exc}", time.perf_counter() - started)


def failed(unit: dict, settings: str, why: str, seconds: float = 0.0) -> dict:
    """The result of a unit that could not be reviewed at all."""
    return {**_identity(unit, settings), "status": "error", "seconds": seconds, "finding_count": 0,
            "score": None, "human_score": _human_score(unit["path"]), "detail": {"error": why},
            "stages": [], "tool_version": __version__, "provider_version": ""}


def _identity(unit: dict, settings: str) -> dict:
    """What every result carries: the unit, the settings, when and where it was reviewed."""
    return {"task": unit["task"], "source": unit["source"], "path": unit["path"], "settings": settings,
            "reviewed_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "worker": f"{socket.gethostname()}:{os.getpid()}"}


def _row_stage(stage: str) -> str:
    """The store's stage for a review stage: input and suppressions belong to the static row."""
    return stage if stage in ("synth", "tfjson", "tests") else "static"


def _rows(result, session) -> dict:
    seconds = result.stage_seconds
    stages = []
    for stage in STAGES:
        findings = [f.to_dict() for f in result.findings if _row_stage(f.stage) == stage]
        stages.append({"stage": stage, "status": _status(result, stage), "findings": findings,
                       "seconds": round(sum(v for k, v in seconds.items() if _row_stage(k) == stage), 4),
                       "detail": _detail(result, stage)})
    status = "error" if result.error else ("internal_error" if result.internal_errors else "ok")
    score = result.score.total if result.score is not None else None
    return {"status": status, "finding_count": len(result.findings), "stages": stages,
            "score": score, "human_score": _human_score(result.project.task_dir or ""),
            "detail": {"error": result.error,
                       "internal_errors": [e.to_dict() for e in result.internal_errors],
                       "score": result.score.to_dict() if result.score is not None else None,
                       "suppressed": len(result.suppressed)},
            "tool_version": __version__, "provider_version": session.provider_version}


def _status(result, stage: str) -> str:
    if result.error:
        return "error"
    if stage == "static":
        return "ok"
    outcome = result.synth
    if stage == "synth":
        return "not_run" if outcome is None else outcome.status
    if stage == "tests":
        return _tests_status(result.suite)
    return "ok" if "tfjson" in result.stage_seconds and _has_json(result) else "not_run"


def _tests_status(suite) -> str:
    """not_run, no_tests, timeout, crashed, or the run's verdict: passed or failed."""
    if suite is None:
        return "not_run"
    if suite.ran:
        return "passed" if suite.passed else "failed"
    return suite.status


def _has_json(result) -> bool:
    outcome = result.synth
    repairs = result.repairs
    return bool((outcome is not None and outcome.ok) or (repairs is not None and repairs.synthesized))


def _detail(result, stage: str) -> dict:
    outcome = result.synth
    if stage == "synth" and outcome is not None:
        return {"error_type": outcome.error_type, "error": outcome.error_message or outcome.reason,
                "entry": outcome.entry, "repair_rounds": len(result.repairs.rounds) if result.repairs else 0,
                "synthesized_after_repairs": bool(result.repairs and result.repairs.synthesized)}
    suite = result.suite
    if stage == "tests" and suite is not None:
        return {"exit": suite.exit_code, "counts": suite.counts, "coverage": suite.coverage,
                "reason": suite.reason, "seconds": round(suite.seconds, 3)}
    return {}


def _human_score(task_dir: str) -> float | None:
    """The task's own training_quality (metadata.json), for the stats beside ours."""
    try:
        value = json.loads((Path(task_dir) / "metadata.json").read_text(encoding="utf-8")).get("training_quality")
    except (OSError, ValueError, AttributeError):
        return None
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
