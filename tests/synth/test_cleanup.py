"""Nothing of a run is left behind: not on a normal exit, not on SIGTERM, and after SIGKILL the next
run removes the work dirs (the sandboxes themselves die with the process that started them)."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from iac_review.synth import stale

HANG = "import cdktf\nwhile True:\n    pass\n"


def _start_review(tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    project = tmp_path / "project"
    project.mkdir()
    (project / "tap.py").write_text(HANG, encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    temp.chmod(0o755)
    env = {**os.environ, "TMPDIR": str(temp)}
    proc = subprocess.Popen([sys.executable, "-m", "iac_review", "check", "--synth", "--synth-timeout", "90",
                             "--no-harness", str(project)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, temp


def _work_dir(temp: Path, proc: subprocess.Popen, limit: float = 90.0) -> Path:
    """The worker's dir, once the app is running in it."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        for path in temp.glob(f"{stale.PREFIX}*"):
            if (path / stale.OWNER_FILE).is_file() and _processes_in(path):
                return path
        if proc.poll() is not None:
            pytest.fail(f"the review ended before its app started (exit {proc.returncode})")
        time.sleep(0.2)
    pytest.fail("no sandbox started within the time limit")


def _processes_in(path: Path) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if os.readlink(f"/proc/{name}/cwd").startswith(str(path)):
                    found.append(int(name))
            except OSError:
                continue
    return found


def _gone(check, limit: float = 15.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_stale_dirs_of_dead_runs_are_swept_and_no_others(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    for name, owner in (("dead", str(dead.pid)), ("alive", str(os.getpid())), ("unknown", None)):
        folder = tmp_path / f"{stale.PREFIX}{name}"
        folder.mkdir()
        (folder / "big.bin").write_bytes(b"x" * 1024)
        if owner:
            (folder / stale.OWNER_FILE).write_text(owner)
    removed = stale.sweep(str(tmp_path))
    assert removed == [str(tmp_path / f"{stale.PREFIX}dead")]
    assert (tmp_path / f"{stale.PREFIX}alive").is_dir() and (tmp_path / f"{stale.PREFIX}unknown").is_dir()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_kills_the_sandbox_and_removes_its_dir(tmp_path):
    proc, temp = _start_review(tmp_path)
    work = _work_dir(temp, proc)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(60) == 130
    assert _gone(lambda: not _processes_in(work)), "a sandbox process outlived the review"
    assert _gone(lambda: not work.exists()), "the work dir was left behind"


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("bwrap") is None,
                    reason="the sandbox dies with its parent only under bubblewrap (--die-with-parent)")
def test_after_sigkill_the_sandbox_dies_and_the_next_run_removes_the_dir(tmp_path):
    proc, temp = _start_review(tmp_path)
    work = _work_dir(temp, proc)
    proc.kill()
    proc.wait(30)
    assert _gone(lambda: not _processes_in(work)), "a sandbox process outlived the killed review"
    assert work.exists()   # nobody could remove it ...
    assert str(work) in stale.sweep(str(temp))   # ... until the next run starts a worker
