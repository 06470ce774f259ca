"""Run untrusted model code in a subprocess with no credentials.

What is enforced, and where:
- environment: rebuilt from an allow-list (PATH, LANG, ...); no AWS_* or other
  credentials reach the child; HOME and TMPDIR point into the work dir;
- files: the code runs on a copy in a fresh temp dir, never on the user's files;
- time: a wall-clock timeout kills the whole process group;
- memory and processes: RLIMIT_AS / RLIMIT_NPROC on Linux (resource module);
- network: `unshare --net` gives the child an empty network namespace when
  the kernel allows it (Linux, root or user namespaces); elsewhere the child
  keeps the network and ``Sandboxed.network_isolated`` says so.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from iac_review.core.workspace import Project

_ENV_ALLOW = ("PATH", "LANG", "LC_ALL", "TZ", "SYSTEMROOT")


@dataclass
class SandboxResult:
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool
    network_isolated: bool


@lru_cache(maxsize=1)
def _unshare_works() -> bool:
    tool = shutil.which("unshare")
    if not tool or not sys.platform.startswith("linux"):
        return False
    for args in ([tool, "--net", "true"], [tool, "--net", "--map-root-user", "true"]):
        try:
            if subprocess.run(args, capture_output=True, timeout=10).returncode == 0:
                return True
        except (OSError, subprocess.SubprocessError):
            continue
    return False


def _unshare_prefix() -> list[str]:
    tool = shutil.which("unshare") or "unshare"
    if subprocess.run([tool, "--net", "true"], capture_output=True).returncode == 0:
        return [tool, "--net"]
    return [tool, "--net", "--map-root-user"]


def scrubbed_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: os.environ[k] for k in _ENV_ALLOW if k in os.environ}
    env.update({"HOME": str(home), "TMPDIR": str(home), "PYTHONDONTWRITEBYTECODE": "1",
                "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "18,20",
                "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
                "CHECKPOINT_DISABLE": "1"})
    env.update(extra or {})
    return env


def _limits(memory_bytes: int | None, max_processes: int | None):
    def apply() -> None:
        os.setsid()  # own process group, so a timeout kills every child
        try:
            import resource
            if memory_bytes:
                resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
            if max_processes:
                resource.setrlimit(resource.RLIMIT_NPROC, (max_processes, max_processes))
        except (ImportError, ValueError, OSError):
            pass
    return apply


def materialize(project: Project, target: Path) -> None:
    """Write the project's files under ``target`` (paths are already sanitised)."""
    root = target.resolve()
    for rel, src in project.files.items():
        path = (root / rel).resolve()
        if root not in path.parents:
            continue  # never write outside the work dir
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(src.text, encoding="utf-8")


def run(argv: list[str], workdir: Path, *, timeout: float = 120.0,
        memory_bytes: int | None = 4 * 1024 ** 3, max_processes: int | None = None,
        env_extra: dict[str, str] | None = None, isolate_network: bool = True) -> SandboxResult:
    home = workdir / ".home"
    home.mkdir(exist_ok=True)
    isolated = isolate_network and _unshare_works()
    command = (_unshare_prefix() + argv) if isolated else argv
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=workdir, env=scrubbed_env(home, env_extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            errors="replace", preexec_fn=_limits(memory_bytes, max_processes))
    try:
        out, err = proc.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = proc.communicate()
        timed_out = True
    return SandboxResult(proc.returncode, out, err, time.perf_counter() - started, timed_out,
                         isolated)


def temp_workdir(prefix: str = "iac-review-") -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix=prefix)
