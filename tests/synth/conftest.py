"""Fixtures for the synth tests: a fast pool and a check that no sandbox process is left."""
from __future__ import annotations

import time

import pytest
from synth_helpers import sandbox_processes

from iac_review.synth.pool import WorkerPool


@pytest.fixture(scope="session")
def fast_pool():
    """A pool whose workers only preload cdktf (starts in about a second): for hostile apps."""
    with WorkerPool(size=2, timeout=3, memory_mb=1024, max_processes=64, preload="cdktf") as pool:
        yield pool


@pytest.fixture()
def no_strays(fast_pool):
    before = sandbox_processes()
    yield
    deadline = time.time() + 5
    while True:
        extra = sandbox_processes() - before - set(fast_pool.pids())
        if not extra or time.time() > deadline:
            break
        time.sleep(0.1)
    assert not extra, f"stray sandbox processes left: {sorted(extra)}"
