"""One-shot synthesis: a new sandboxed worker for one app (cold start included).

``synthesize(project, timeout=120, memory_mb=2048, lazy=True) -> SynthOutcome``.
``lazy=False`` runs against the stock provider package (all submodules imported
by the app's first ``import cdktf_cdktf_provider_aws...``: 15-19 s); ``lazy=True``
puts the lazy stub (synth/lazy_provider.py) first on the path.
"""
from __future__ import annotations

from iac_review.core.workspace import Project
from iac_review.synth.lazy_provider import ProviderNotInstalled
from iac_review.synth.outcome import NOT_RUN, SynthOutcome
from iac_review.synth.pool import Worker


def synthesize(project: Project, *, timeout: float = 120, memory_mb: int = 2048,
               lazy: bool = True, max_processes: int = 128,
               env: dict[str, str] | None = None,
               harness_params: tuple[str, ...] | None = None) -> SynthOutcome:
    try:
        # One app in its own process, forked as in the pool (with the same limits), then the worker goes.
        worker = Worker(memory_mb=memory_mb, max_processes=max_processes, lazy=lazy, preload="none",
                        cpu_seconds=int(2 * timeout) + 5)
    except (ProviderNotInstalled, OSError) as exc:
        return SynthOutcome(NOT_RUN, reason=f"cannot start the sandbox: {exc}")
    try:
        return worker.synthesize(project, timeout=timeout, env=env, include_startup=True,
                                 harness_params=harness_params)
    finally:
        worker.close()
