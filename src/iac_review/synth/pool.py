"""Sandboxed synthesis workers: one process per worker, reused across apps.

A ``Worker`` is a sandboxed ``child.py`` started with subprocess (never forked
from a process in which node runs). With ``preload="provider"`` it imports cdktf
and the provider's assembly once, then runs one app per request. A worker that
times out, crashes or exceeds its memory is killed (with everything it started)
and replaced; an app that merely raises leaves the worker usable.

``WorkerPool(size=2, recycle_after=200, timeout=60, memory_mb=2048)`` hands
requests to idle workers; ``synthesize`` is thread-safe.
"""
from __future__ import annotations

import json
import os
import queue
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from functools import lru_cache
from pathlib import Path

from iac_review import sandbox_bwrap
from iac_review.core.workspace import Project
from iac_review.sandbox import (Interrupted, Sandboxed, namespaces_available, overlay_argument, peak_rss_mb,
                                process_tree)
from iac_review.synth import child as child_module
from iac_review.synth import stale
from iac_review.synth.child_processes import names
from iac_review.synth.lazy_provider import ProviderNotInstalled, jsii_cache_root, stub_root
from iac_review.synth.outcome import (CRASHED, NOT_RUN, TIMEOUT, SynthOutcome, from_answer, newer_python,
                                     without_work_dirs)
from iac_review.synth.project_copy import TooLarge
from iac_review.synth import suite
from iac_review.synth.project_dir import Entry, NoEntryPoint, run_settings, write_files, write_project
from iac_review.synth.suite import SuiteOutcome, SuitePlan

CHILD = str(Path(child_module.__file__).resolve())
STDERR_TAIL = 4000
PROJECT = "project"   # every app of a worker runs in <worker>/project: node's cwd, fixed at its start
FILE_MB = 128         # the largest file an app's process may write (RLIMIT_FSIZE; Lambda zips stay far below)
# What the unit-test job does not set: the cdktf CLI's context (set for an app, not by pytest) and
# the state backend (configured for deployments only; tests that check the backend's defaults pass).
TESTS_UNSET = ("CDKTF_CONTEXT_JSON", "TERRAFORM_STATE_BUCKET", "TERRAFORM_STATE_BUCKET_REGION")
SCRATCH_BYTES = 256 * 1024 * 1024   # each tmpfs the app writes to (project, HOME) under bubblewrap


class WorkerDied(Exception):
    pass


def _tail(path: Path, limit: int = STDERR_TAIL) -> str:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - limit))
            return fh.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _wait_gone(root: Path, limit: float) -> None:
    """Wait until no process has its cwd under ``root`` (Linux; a no-op elsewhere)."""
    deadline = time.perf_counter() + limit
    prefix = str(root)
    while time.perf_counter() < deadline:
        busy = False
        for name in os.listdir("/proc") if os.path.isdir("/proc") else ():
            if name.isdigit():
                try:
                    if os.readlink(f"/proc/{name}/cwd").startswith(prefix):
                        busy = True
                        break
                except OSError:
                    continue
        if not busy:
            return
        time.sleep(0.05)


class Worker:
    """One sandboxed synthesis process. Not thread-safe: one request at a time."""

    def __init__(self, *, memory_mb: int = 2048, max_processes: int = 128, lazy: bool = True,
                 preload: str = "provider", isolate: bool = True, fresh: bool = True,
                 cpu_seconds: int = 0, file_mb: int = FILE_MB) -> None:
        stale.sweep_once()   # dirs of earlier runs that were killed before they could clean up
        self.root = Path(tempfile.mkdtemp(prefix=stale.PREFIX)).resolve()
        stale.mark(self.root)
        self.project_dir = self.root / PROJECT
        self.project_dir.mkdir()
        self.home = self.root / ".home"        # HOME and TMPDIR of the sandbox (sandbox.Sandboxed)
        self.stage = self.root / "staging"     # where the project is written for the warm parent to copy
        self.in_memory = False
        self._home_baseline: set[str] = set()
        self._process_baseline: set[int] = set()
        self.memory_mb = memory_mb
        self.tasks = 0
        self.lazy = lazy
        stub = str(stub_root()) if lazy else None
        read_fd, write_fd = os.pipe()
        self.fresh = fresh
        argv = [sys.executable, "-I", "-B", CHILD, "--fd", str(write_fd), "--preload", preload]
        # Limits of each app's process (fresh only: a reused process adds up every app's CPU).
        self.limits = ({"rlimit_cpu_s": cpu_seconds, "rlimit_fsize_mb": file_mb, "rlimit_as_mb": memory_mb}
                       if fresh else {})
        if fresh:
            argv += ["--fresh", "--cpu-seconds", str(cpu_seconds), "--file-mb", str(file_mb),
                     "--memory-mb", str(memory_mb)]
        if stub:
            argv += ["--stub", stub]
        self._log = open(self.root / "worker.log", "wb")  # noqa: SIM115  (closed in close())
        try:
            overlay = _jsii_cache_overlay(self.root, isolate)
            shared = jsii_cache_root() if isolate and sandbox_bwrap.available() else None
            binds = _shared_packages(shared, self.root / "jsii-cache", self.root) if shared else []
            # Outside HOME, whose new entries are removed after each app: what node unpacks stays.
            env = {"JSII_RUNTIME_PACKAGE_CACHE_ROOT": str(self.root / "jsii-cache")}
            # With a new process per app under bubblewrap, every folder the app may write is a
            # tmpfs of bounded size: the project (the parent stages it, the warm parent copies
            # it in), HOME and the worker's jsii cache. Nothing it writes reaches the disk.
            self.in_memory = fresh and isolate and sandbox_bwrap.available()
            scratch = None
            if self.in_memory:
                self.stage.mkdir()
                scratch = [(str(self.project_dir), SCRATCH_BYTES), (str(self.home), SCRATCH_BYTES)]
                if binds:   # the shared packages are bound in: what is left to unpack is small
                    scratch.append((str(self.root / "jsii-cache"), SCRATCH_BYTES // 4))
            self.box = Sandboxed(argv, self.root, cwd=self.project_dir,
                                 memory_bytes=memory_mb * 1024 * 1024,
                                 max_processes=max_processes, isolate=isolate, env_extra=env,
                                 expose=[p for p in (stub, str(Path(CHILD).parent)) if p],
                                 overlay=overlay, binds=binds, scratch=scratch,
                                 pass_fds=(write_fd,), stdin=subprocess.PIPE, stdout=self._log,
                                 stderr=self._log)
        finally:
            os.close(write_fd)
        self._fd = read_fd
        self._buffer = b""
        self.ready = False
        self.started = time.perf_counter()
        self.startup_seconds: float | None = None
        self.peak_mb = 0.0   # largest VmHWM sum over the worker's processes seen

    # -- protocol -------------------------------------------------------------------
    def _read_line(self, deadline: float) -> dict | None:
        """The next JSON line from the child; None on timeout; WorkerDied on EOF."""
        while b"\n" not in self._buffer:
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            ready, _, _ = select.select([self._fd], [], [], min(left, 0.5))
            if not ready:
                continue
            chunk = os.read(self._fd, 1 << 20)
            if not chunk:
                raise WorkerDied(self._death_reason())
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            return json.loads(line)
        except ValueError as exc:
            raise WorkerDied(f"unreadable answer from the worker: {exc}") from exc

    def _death_reason(self) -> str:
        code = self.box.wait(5)
        if self.box.killed_reason:
            return self.box.killed_reason
        if code is not None and code < 0:
            return f"signal {-code}"
        return f"exit status {code}"

    def wait_ready(self, timeout: float) -> None:
        if self.ready:
            return
        message = self._read_line(self.started + timeout)
        if message is None:
            self.box.kill("timeout")
            raise WorkerDied("timeout")
        if not message.get("ready"):
            raise WorkerDied(f"worker failed to start: {message.get('error')}")
        self.ready = True
        self.startup_seconds = time.perf_counter() - self.started
        self._home_baseline = names(self.home)
        self._process_baseline = set(process_tree(self.box.pid))   # the worker, node, the sandbox's own

    def measure(self) -> float:
        """Sum of VmHWM (peak resident set) over the worker's live processes, in MB."""
        if self.box.proc.poll() is None:
            self.peak_mb = max(self.peak_mb, sum(peak_rss_mb(p) for p in process_tree(self.box.pid)))
        return self.peak_mb

    @property
    def alive(self) -> bool:
        return self.box.proc.poll() is None and self.box.killed_reason is None

    # -- one app ----------------------------------------------------------------------
    def synthesize(self, project: Project, *, timeout: float, env: dict | None = None,
                   include_startup: bool = False,
                   harness_params: tuple[str, ...] | None = None) -> SynthOutcome:
        started, task, files = self._begin()
        try:
            entry = write_project(project, files, harness_params)
            if self.box.bwrap and not self.in_memory:
                sandbox_bwrap.hand_over(task)   # the app runs as the sandbox user: its folder is its own
        except (NoEntryPoint, TooLarge) as exc:
            _empty(files)
            return SynthOutcome(NOT_RUN, reason=str(exc), enforced=self.enforced(timeout))
        run_env, context = run_settings(project, files, run_in=task)
        request = {"dir": str(task), "entry": entry.as_dict(), "env": {**run_env, **(env or {})},
                   "context": context}
        deadline = (self.started if include_startup and not self.ready else started) + timeout
        answer, failure = self._exchange(request, deadline, timeout)
        if failure is not None:
            status, message = failure
            return self._broken(status, entry, task, started, timeout, message)
        outcome = from_answer(answer, entry.description, entry.target if entry.ours else None,
                              stderr_tail=self._output(answer), seconds=time.perf_counter() - started,
                              enforced=self.enforced(timeout))
        outcome = newer_python(without_work_dirs(outcome, {task, files}, self.home), project)
        self._reset(leftovers=answer.get("leftovers", 0))
        return outcome

    def run_tests(self, project: Project, suite_plan: SuitePlan, *, timeout: float,
                  env: dict | None = None) -> SuiteOutcome:
        """Run the project's unit tests (``suite_plan``) in a fresh process of this worker, with
        the same sandbox and limits as an app: pytest with branch coverage, CI's variables."""
        started, task, files = self._begin()
        try:
            write_files(project, files)
            if self.box.bwrap and not self.in_memory:
                sandbox_bwrap.hand_over(task)
        except TooLarge as exc:
            _empty(files)
            return SuiteOutcome(suite.NOT_RUN, suite_plan, reason=str(exc), enforced=self.enforced(timeout))
        run_env, _ = run_settings(project, files, run_in=task)
        for name in TESTS_UNSET:
            run_env.pop(name, None)
        request = {"dir": str(task), "entry": {"kind": child_module.PYTEST, "target": "", "ours": False},
                   "env": {**run_env, **(env or {})}, "context": {}, "pytest": suite_plan.spec()}
        answer, failure = self._exchange(request, started + timeout, timeout)
        extra = {"seconds": time.perf_counter() - started, "enforced": self.enforced(timeout)}
        if failure is not None:
            status, message = failure
            _empty(files)
            return SuiteOutcome(suite.TIMEOUT if status == TIMEOUT else suite.CRASHED, suite_plan,
                                reason=message.replace("the app", "the tests"), **extra)
        outcome = suite.from_answer(answer, suite_plan, output_tail=self._output(answer), **extra)
        self._reset(leftovers=answer.get("leftovers", 0))
        return suite.without_work_dirs(outcome, (task, files), self.home)

    def _begin(self) -> tuple[float, Path, Path]:
        """(start time, the folder the app sees, the folder its files are written to), emptied."""
        self.tasks += 1
        files = self.stage if self.in_memory else self.project_dir
        _empty(files)
        return time.perf_counter(), self.project_dir, files

    def _exchange(self, request: dict, deadline: float, timeout: float) -> tuple[dict | None, tuple | None]:
        """Send one request; (the child's answer, None) or (None, (status, why it has none))."""
        if self.in_memory:
            request["stage"] = str(self.stage)
        try:
            if not self.ready:
                self.wait_ready(deadline - self.started)
            self.box.proc.stdin.write((json.dumps(request) + "\n").encode())
            self.box.proc.stdin.flush()
            answer = self._read_line(deadline)
            if answer is None:
                self.box.kill("timeout")
                return None, (TIMEOUT, f"no result within {timeout:g} s; the worker was killed")
        except (WorkerDied, BrokenPipeError, OSError) as exc:
            reason = str(exc) if isinstance(exc, WorkerDied) else self._death_reason()
            return None, (TIMEOUT if reason == "timeout" else CRASHED, self._explain(reason))
        finally:
            self.measure()
        return answer, None

    def _output(self, answer: dict) -> str:
        """The tail of what the app (or the tests) printed."""
        output = answer.get("output_tail", "") if self.in_memory else _tail(self.project_dir / child_module.OUTPUT_LOG)
        return output if isinstance(output, str) else ""

    def _reset(self, leftovers: int = 0) -> None:
        """Leave nothing of this app for the next: its folder emptied, what it put in HOME removed.

        A worker whose folder cannot be emptied (the app locked files away) is
        killed, so the pool replaces it instead of handing the leftovers on. So
        is a worker in which a process of the app survived. With ``fresh`` the
        warm parent kills the app's processes and cleans HOME and /tmp itself
        (the next app's process is already starting there) and says how much it
        could not; otherwise the worker's process tree is compared with the one
        it had when ready.
        """
        _empty(self.stage if self.in_memory else self.project_dir)
        if self.fresh:
            if leftovers or names(self.project_dir):
                self.box.kill("leftovers")
            return
        for name in names(self.home) - self._home_baseline:
            path = self.home / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        if names(self.project_dir) or names(self.home) - self._home_baseline:
            self.box.kill("leftovers")
        elif self._process_baseline and set(process_tree(self.box.pid)) - self._process_baseline:
            # a process the app left running could answer for the next app (or spy on it)
            self.box.kill("leftovers")

    def _explain(self, reason: str) -> str:
        if reason == "memory":
            return f"killed: the app's processes used more than {self.memory_mb} MB resident memory"
        if reason == "processes":
            return f"killed: the app started more than {self.box.max_processes} processes"
        if reason == "timeout":
            return "killed: timeout"
        return f"the synthesis process died ({reason})"

    def _broken(self, status: str, entry: Entry, task: Path, started: float, timeout: float,
                message: str) -> SynthOutcome:
        error_type = {"memory": "MemoryLimit", "processes": "ProcessLimit"}.get(
            self.box.killed_reason or "", None)
        if status == TIMEOUT:
            error_type = "Timeout"
        outcome = SynthOutcome(status, error_type=error_type or "WorkerDied", error_message=message,
                               stderr_tail=_tail(task / child_module.OUTPUT_LOG) or _tail(self.root / "worker.log"),
                               seconds=time.perf_counter() - started, entry=entry.description,
                               enforced=self.enforced(timeout))
        _empty(self.stage if self.in_memory else task)
        return outcome

    def enforced(self, timeout: float) -> dict:
        return {**self.box.enforced(), **{k: v for k, v in self.limits.items() if v}, "timeout_s": timeout}

    def close(self) -> None:
        # Idempotent: closing the read fd twice would close whatever file reused its
        # number in the meantime (seen: the parent's own stdout).
        if self._fd < 0:
            return
        self.measure()
        try:
            if self.box.proc.stdin:
                self.box.proc.stdin.close()
        except OSError:
            pass
        self.box.close()  # kills the pid namespace: nothing the app started survives
        _wait_gone(self.root, 5.0)  # the kernel reaps a large namespace asynchronously
        try:
            os.close(self._fd)
        except OSError:
            pass
        self._fd = -1
        self._log.close()
        shutil.rmtree(self.root, ignore_errors=True)


class WorkerPool:
    """Warm sandboxed workers; ``synthesize`` may be called from several threads."""

    def __init__(self, size: int = 2, recycle_after: int = 200, timeout: float = 60,
                 memory_mb: int = 2048, max_processes: int = 128, lazy: bool = True,
                 start_timeout: float = 180, preload: str = "provider", fresh: bool = True,
                 tests_timeout: float = 180) -> None:
        self.preload = preload  # "provider" (warm), "cdktf" (fast start: tests of hostile apps)
        self.fresh = fresh      # a new process per app, forked from the warm one (False: one process, reused)
        self.size, self.recycle_after, self.timeout = size, recycle_after, timeout
        self.memory_mb, self.max_processes, self.lazy = memory_mb, max_processes, lazy
        self.start_timeout = start_timeout
        self.tests_timeout = tests_timeout
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: list[Worker] = []
        self._closed = False
        self.retired: list[dict] = []  # stats of workers that were replaced
        for _ in range(size):
            self._idle.put(self._spawn())

    def _spawn(self) -> Worker:
        # CPU time: twice the wall timeout (node's threads add up), a backstop should the clock fail
        worker = Worker(memory_mb=self.memory_mb, max_processes=self.max_processes, lazy=self.lazy,
                        preload=self.preload, fresh=self.fresh,
                        cpu_seconds=int(2 * max(self.timeout, self.tests_timeout)) + 5)
        with self._lock:
            self._all.append(worker)
        return worker

    def _retire(self, worker: Worker, why: str) -> None:
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
            self.retired.append({"pid": worker.box.pid, "tasks": worker.tasks, "why": why,
                                 "peak_mb": worker.measure(), "startup_s": worker.startup_seconds})
        worker.close()

    def synthesize(self, project: Project, *, env: dict | None = None,
                   harness_params: tuple[str, ...] | None = None) -> SynthOutcome:
        def cannot_start(why: str, worker: Worker) -> SynthOutcome:
            return SynthOutcome(NOT_RUN, reason=f"the synthesis worker cannot start: {why}",
                                stderr_tail=_tail(worker.root / "worker.log"))

        return self._on_worker(lambda worker: worker.synthesize(
            project, timeout=self.timeout, env=env, harness_params=harness_params), cannot_start)

    def run_tests(self, project: Project, suite_plan: SuitePlan, *, timeout: float | None = None,
                  env: dict | None = None) -> SuiteOutcome:
        """The project's unit tests in a fresh sandboxed process, as ``synthesize`` runs an app."""
        def cannot_start(why: str, _worker: Worker) -> SuiteOutcome:
            return SuiteOutcome(suite.NOT_RUN, suite_plan, reason=f"the sandbox's worker cannot start: {why}")

        return self._on_worker(lambda worker: worker.run_tests(
            project, suite_plan, timeout=timeout or self.tests_timeout, env=env), cannot_start)

    def _on_worker(self, work, cannot_start):
        if self._closed:
            raise RuntimeError("the worker pool is closed")
        worker = self._idle.get()
        try:
            try:
                worker.wait_ready(self.start_timeout)
            except WorkerDied as exc:
                self._retire(worker, f"start failed: {exc}")
                try:
                    worker = self._spawn()
                    worker.wait_ready(self.start_timeout)
                except (WorkerDied, Interrupted) as exc2:
                    return cannot_start(str(exc2), worker)
            outcome = work(worker)
            if not worker.alive or worker.tasks >= self.recycle_after:
                self._retire(worker, outcome.status if not worker.alive else "recycled")
                try:
                    worker = self._spawn()
                except Interrupted:
                    pass   # the run is ending: the retired worker stays in the queue, closed
            return outcome
        finally:
            if self._closed:
                self._retire(worker, "closed")
            else:
                self._idle.put(worker)

    def wait_ready(self) -> None:
        """Block until every worker finished its imports (for benchmarks and tests)."""
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            worker.wait_ready(self.start_timeout)

    def stats(self) -> list[dict]:
        with self._lock:
            live = [{"pid": w.box.pid, "tasks": w.tasks, "peak_mb": w.measure(),
                     "startup_s": w.startup_seconds, "why": "live"} for w in self._all]
            return self.retired + live

    def pids(self) -> list[int]:
        with self._lock:
            return [p for w in self._all for p in process_tree(w.box.pid)]

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._retire(worker, "closed")

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _empty(folder: Path) -> None:
    """Remove what the folder holds, keeping the folder: node's cwd must stay the same inode."""
    child_module.empty_folder(str(folder))


def provider_available() -> str | None:
    """None when the provider can be stubbed, else why not."""
    try:
        stub_root()
    except (ProviderNotInstalled, OSError) as exc:
        return str(exc)
    return None


# jsii touches this marker of each cached package; every other file of the package is only read.
_JSII_MARKER = ".jsii-runtime-package-cache"


@lru_cache(maxsize=4)
def _packages_of(shared: Path) -> tuple[Path, ...]:
    """The package folders of a jsii cache (walked once per process: it has thousands of files)."""
    return tuple(sorted(m.parent.relative_to(shared) for m in shared.glob(f"**/{_JSII_MARKER}")))


def _shared_packages(shared: Path, target: Path, root: Path) -> list[tuple[str, ...]]:
    """bwrap binds that show each package of the shared jsii cache in the worker's own cache.

    The worker's cache folder is its own (jsii may unpack a package the shared
    cache lacks, e.g. another provider). Each shared package folder is bound into
    it read-only, and over its marker a writable empty file of the worker's own,
    the one file jsii writes (its times). Nothing the app does reaches the shared
    cache, which every later worker reads; nothing is copied (a copy of the 450 MB
    cache took half a second per worker).
    """
    binds: list[tuple[str, ...]] = []
    folders: set[Path] = set()
    for number, rel in enumerate(_packages_of(shared)):
        package = shared / rel
        (target / rel).mkdir(parents=True, exist_ok=True)
        for parent in reversed(rel.parents[:-1]):   # writable for jsii also when the cache is a tmpfs
            if parent not in folders:
                folders.add(parent)
                binds.append(("--perms", "1777", "--dir", str(target / parent)))
        own = root / "jsii-markers" / str(number)
        own.parent.mkdir(exist_ok=True)
        own.touch()
        binds += [("--ro-bind", str(package), str(target / rel)),
                  ("--bind", str(own), str(target / rel / _JSII_MARKER))]
    return binds


def _jsii_cache_overlay(root: Path, isolate: bool) -> tuple[str, str] | None:
    """(shared jsii package cache, where the worker sees it) or None: the worker then unpacks itself.

    jsii unpacks each assembly into a package cache and touches its entries on
    use, so a worker needs a writable cache; unpacking the provider in every
    worker nearly doubled node's peak memory. The shared cache (filled once,
    outside the sandbox) is mounted as a copy-on-write overlay: the worker may
    write, but what it writes stays in its own sandbox. Never a hard-linked or
    shared writable copy: an app could change the cached JavaScript that every
    later worker runs. Without mount namespaces there is no overlay, and no
    shared cache.
    """
    target = root / "jsii-cache"
    target.mkdir(exist_ok=True)
    if isolate and sandbox_bwrap.available():
        return None   # bwrap: binds instead (_shared_packages)
    if not (isolate and namespaces_available()):
        return None
    shared = jsii_cache_root()
    if shared is None:
        return None
    return (str(shared), str(target)) if overlay_argument((str(shared), str(target))) else None
