"""The process inside the sandbox: runs CDKTF apps with runpy and reports on a private fd.

Run by path (``python -I -B child.py --fd N [--stub DIR] [--preload provider]``);
it imports nothing from iac_review. Requests arrive as JSON lines on stdin, one
per app: {"dir": <absolute project dir>, "entry": {"kind", "target", "ours"},
"env": {...}, "context": {...}}. Each answer is one JSON line on fd N, so
whatever the app prints (its stdout and stderr go to <dir>/.synth-output.log)
cannot garble it. The first line on fd N is {"ready": true} once the imports are done.

The app runs as ``python <entry>`` runs it: from the project root (the worker is
started there, so node, which resolves relative asset paths against its own
cwd, is there too), with the entry's folder first on ``sys.path`` and nothing
else added (``python -m <module>``: the project root first).

Between requests the worker restores sys.path, os.environ, the cwd, and purges
every module the app imported from outside the Python installation, so the next
app never reuses the previous one's ``lib.tap_stack``.
"""
from __future__ import annotations

import argparse
import glob
import importlib
import importlib.util
import json
import linecache
import os
import re
import resource
import runpy
import select
import shutil
import signal
import stat
import sys
import time
import traceback

OUTPUT_LOG = ".synth-output.log"
PYTEST = "pytest"   # the entry kind of a request that runs the project's unit tests (child_pytest.py)
CURRENT: dict = {"dir": None, "context": {}, "network": []}
WORKER_PID = os.getpid()
APPS: list = []
MAX_MESSAGE = 6000


def _library_prefixes(stub: str | None) -> tuple[str, ...]:
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    for p in sys.path:
        if "site-packages" in p or "dist-packages" in p:
            prefixes.add(os.path.realpath(p))
    if stub:
        prefixes.add(os.path.realpath(stub))
    return tuple(p.rstrip(os.sep) + os.sep for p in prefixes)


def _patch_app() -> None:
    import cdktf  # deferred: node starts here; the worker reports ready only after

    original = cdktf.App.__init__

    def __init__(self, *args, **kwargs):  # noqa: N807  (keyword-only in cdktf)
        base = CURRENT["dir"]
        if base:
            if CURRENT["context"]:  # what CDKTF_CONTEXT_JSON gives; node read its env at start
                kwargs["context"] = {**(kwargs.get("context") or {}), **CURRENT["context"]}
            out = kwargs.get("outdir")
            if out is None:
                kwargs["outdir"] = os.path.join(base, "cdktf.out")
            elif not os.path.isabs(str(out)):
                kwargs["outdir"] = os.path.join(base, str(out))  # node's cwd is not the project's
        original(self, *args, **kwargs)
        APPS.append(self)

    cdktf.App.__init__ = __init__


def _clean_message(text: str) -> str:
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("at ")]
    out = "\n".join(lines).strip()
    return out if len(out) <= MAX_MESSAGE else out[:MAX_MESSAGE] + "\n..."


def _frames(exc: BaseException, root: str) -> list[list]:
    prefix = root.rstrip(os.sep) + os.sep
    frames = []
    for fr in traceback.extract_tb(exc.__traceback__):
        path = os.path.realpath(fr.filename)
        if path.startswith(prefix):
            frames.append([path[len(prefix):], fr.lineno or 0, fr.name, (fr.line or "").strip()])
    if isinstance(exc, SyntaxError) and exc.filename:
        path = os.path.realpath(exc.filename)
        if path.startswith(prefix):
            frames.append([path[len(prefix):], exc.lineno or 0, "<module>", (exc.text or "").strip()])
    return frames


MAX_OUTPUT = 64 * 1024 * 1024   # bytes of synthesized JSON read back, over all stacks


class OutputTooLarge(Exception):
    pass


def _outdirs() -> list[str]:
    outdirs = []
    for app in APPS:
        try:
            outdirs.append(str(app.outdir))
        except Exception:  # noqa: BLE001  (a broken app object: fall back to the default)
            pass
    return outdirs


def _read_json(path: str, budget: int) -> tuple[object, int]:
    """One cdk.tf.json, never through a symlink, never more than ``budget`` bytes."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise OSError(f"{path} is not a regular file")
        data = fh.read(budget + 1)
    if len(data) > budget:
        raise OutputTooLarge(f"the synthesized JSON is larger than {MAX_OUTPUT // (1024 * 1024)} MB")
    return json.loads(data.decode("utf-8")), len(data)


def _collect(root: str, outdirs: list) -> dict:
    """The stacks of every outdir inside ``root`` (the app's own; cdktf.out by default)."""
    stacks: dict = {}
    prefix = root.rstrip(os.sep) + os.sep
    budget = MAX_OUTPUT
    candidates = [str(d) for d in outdirs if isinstance(d, str)][:20] + [os.path.join(root, "cdktf.out")]
    for outdir in dict.fromkeys(os.path.realpath(d) for d in candidates):
        if not (outdir + os.sep).startswith(prefix):
            continue
        for path in sorted(glob.glob(os.path.join(glob.escape(outdir), "stacks", "*", "cdk.tf.json")))[:200]:
            name = os.path.basename(os.path.dirname(path))
            if name in stacks or not os.path.realpath(os.path.dirname(path)).startswith(prefix):
                continue
            stacks[name], size = _read_json(path, budget)
            budget -= size
    return stacks


def _finish(result: dict, root: str, outdirs: list) -> dict:
    """Add the synthesized stacks to an app's result; an ok run must have written some."""
    try:
        result["stacks"] = _collect(root, outdirs)
    except Exception as exc:  # noqa: BLE001
        result["stacks"] = {}
        if result["status"] == "ok":
            result.update(status="failed", error_type=type(exc).__name__,
                          error_message=f"cannot read the synthesized JSON: {exc}")
    if result["status"] == "ok" and not result["stacks"]:
        result.update(status="failed", error_type="NoStacks",
                      error_message="the app ran but wrote no cdk.tf.json "
                                    "(no App, no stack, or app.synth() never called)")
    return result


def _entry_path(entry: dict, root: str) -> str:
    """What ``python <entry>`` puts first on sys.path: the script's folder, or the cwd for -m
    (and for ``python -m pytest``)."""
    if entry["kind"] in ("module", PYTEST):
        return root
    return os.path.dirname(os.path.realpath(os.path.join(root, entry["target"])))


def _forget_files(root: str) -> None:
    """Every app runs in the same folder: no cached listing or source line may outlive it."""
    importlib.invalidate_caches()
    for path in [p for p in sys.path_importer_cache if str(p).startswith(root)]:
        del sys.path_importer_cache[path]
    linecache.clearcache()


def run_one(request: dict, libraries: tuple[str, ...], collect: bool = True) -> dict:
    root = os.path.realpath(request["dir"])
    entry = request["entry"]
    saved_path, saved_env, saved_argv = list(sys.path), dict(os.environ), list(sys.argv)
    saved_cwd = os.getcwd()
    baseline = set(sys.modules)
    APPS.clear()
    _forget_files(root)
    CURRENT.update(dir=root, context=request.get("context") or {}, network=[])
    result: dict = {"status": "ok"}
    log_fd = os.open(os.path.join(root, OUTPUT_LOG), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    saved_out, saved_err = os.dup(1), os.dup(2)
    started = time.perf_counter()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
        os.environ.update(request.get("env") or {})
        os.chdir(root)
        sys.path.insert(0, _entry_path(entry, root))
        try:
            if entry["kind"] == PYTEST:
                sys.argv = ["pytest"]
                result["suite"] = _pytest_runner().run(request.get("pytest") or {}, root)
            elif entry["kind"] == "module":
                sys.argv = [entry["target"]]
                runpy.run_module(entry["target"], run_name="__main__", alter_sys=True)
            else:
                script = os.path.join(root, entry["target"])
                sys.argv = [script]
                runpy.run_path(script, run_name="__main__")
        except SystemExit as exc:
            if exc.code not in (None, 0):
                result.update(status="failed", error_type="SystemExit",
                              error_message=f"the app exited with status {exc.code!r}",
                              frames=_frames(exc, root))
        except BaseException as exc:  # noqa: BLE001  (anything the app raises is the evidence)
            result.update(status="failed", error_type=type(exc).__name__,
                          error_message=_clean_message(str(exc)), frames=_frames(exc, root))
            if isinstance(exc, ImportError) and exc.name:
                result["error_module"] = exc.name
        if entry["kind"] == PYTEST:
            result["outdirs"] = []   # a test run writes no stacks for us to read
        elif collect:
            _finish(result, root, _outdirs())
        else:
            result["outdirs"] = _outdirs()
    finally:
        if os.getpid() != WORKER_PID:
            os._exit(0)  # a process the app forked must never act as the worker
        result["seconds"] = time.perf_counter() - started
        result["network"] = list(CURRENT["network"])
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:  # noqa: BLE001
            pass
        os.dup2(saved_out, 1)
        os.dup2(saved_err, 2)
        for fd in (saved_out, saved_err, log_fd):
            os.close(fd)
        CURRENT.update(dir=None, context={}, network=[])
        APPS.clear()
        sys.path[:] = saved_path
        sys.argv = saved_argv
        os.environ.clear()
        os.environ.update(saved_env)
        try:
            os.chdir(saved_cwd)
        except OSError:
            pass
        _purge(baseline, libraries)
    return result


def _purge(baseline: set, libraries: tuple[str, ...]) -> None:
    # Decide for every module first, then delete: reading a namespace package's
    # __path__ looks up its parent in sys.modules (lib/lib/x.py: 'lib.lib' needs
    # 'lib'), so deleting while deciding raises KeyError.
    doomed = [name for name, module in list(sys.modules.items())
              if name not in baseline and not _is_library(module, libraries)]
    for name in doomed:
        sys.modules.pop(name, None)


def _is_library(module, libraries: tuple[str, ...]) -> bool:
    """A module of an installed library the app imported (a provider submodule): kept warm."""
    try:
        file = getattr(module, "__file__", None)
        files = [file] if file else list(getattr(module, "__path__", None) or [])
        return bool(files) and all(os.path.realpath(f).startswith(libraries) for f in files)
    except Exception:  # noqa: BLE001  (the app may leave any object in sys.modules)
        return False


def _sibling(name: str):
    """A sibling file of this one, loaded by path (nothing of iac_review is on sys.path)."""
    path = os.path.join(os.path.dirname(os.path.realpath(__file__)), f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"_iac_review_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_RUNNER: list = []


def _pytest_runner():
    """child_pytest.py, loaded once (the warm parent loads it before forking)."""
    if not _RUNNER:
        _RUNNER.append(_sibling("child_pytest"))
    return _RUNNER[0]


def _preload_pytest() -> None:
    """pytest, its coverage plugin and coverage, imported in the warm parent: a test run then
    costs no import of them. Pure Python; nothing starts."""
    try:
        import coverage  # noqa: F401  deferred: only warm parents that may run tests
        import pytest  # noqa: F401  deferred: as above
        import pytest_cov.plugin  # noqa: F401  deferred: as above
        _pytest_runner()
    except Exception:  # noqa: BLE001  (not installed: a test run then says so itself)
        pass


def _watch_network() -> None:
    """Install the audit hook of child_network.py."""
    _sibling("child_network").install(CURRENT)


# -- a fresh process per app ------------------------------------------------------------
# The warm parent imports the Python side of cdktf and the provider but never starts
# node and never runs an app: jsii's assembly loads are recorded instead of sent. For
# each app it forks a child, which starts its own node, replays the loads and waits
# for the request; when that child ends, every process it left is killed. Nothing an
# app changes (modules, patched functions, files it keeps open, processes) reaches
# the next app, which runs in a process forked from the untouched parent.

MAX_REPORT = 1 << 20
PROVIDER_SUBMODULE = re.compile(r"^cdktf_cdktf_provider_aws\.[a-z0-9_]+$")
_REPORT_KEYS = {"status": str, "error_type": str, "error_message": str, "frames": list,
                "error_module": str, "network": list, "seconds": float, "outdirs": list,
                "modules": list, "suite": dict}


class _Deferred:
    """jsii with node held back: assembly loads recorded, node's start refused."""

    def __init__(self) -> None:
        # deferred: jsii is imported only in the processes that run apps
        from jsii._kernel import Kernel
        from jsii._kernel.providers import process as node

        self.loads: list[tuple] = []
        self._kernel, self._node = Kernel, node._NodeProcess
        self._load, self._start = Kernel.load, node._NodeProcess.start
        loads = self.loads

        def record(_self, *args):
            loads.append(args)

        def refuse(_self):
            raise RuntimeError("node must not start in the warm parent")

        Kernel.load = record
        node._NodeProcess.start = refuse

    def release(self) -> None:
        """In the forked child: start node and load every recorded assembly."""
        self._kernel.load, self._node.start = self._load, self._start
        from jsii._runtime import kernel  # deferred: as above

        for args in self.loads:
            kernel.load(*args)


class _Warm:
    """A forked child that has started node and waits for its one request."""

    def __init__(self, deferred: _Deferred, libraries: tuple[str, ...]) -> None:
        request_r, self.request_w = os.pipe()
        self.report_r, report_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:   # the child: never returns
            _serve_one(deferred, libraries, request_r, report_w)
        os.close(request_r)
        os.close(report_w)

    def run(self, line: str) -> tuple[dict | None, int]:
        """Hand over the request; the child's report (None if it gave none) and its wait status."""
        try:
            _write_all(self.request_w, line.encode())
        except OSError:
            pass
        os.close(self.request_w)
        data, ended = b"", False
        while True:
            if not ended:
                ready, _, _ = select.select([self.report_r], [], [], 0.05)
                if ready:
                    chunk = os.read(self.report_r, 65536)
                    ended = not chunk
                    if len(data) <= MAX_REPORT:
                        data += chunk
            done, status = os.waitpid(self.pid, 0 if ended else os.WNOHANG)
            if done:
                break
        os.set_blocking(self.report_r, False)
        try:
            while len(data) <= MAX_REPORT and (chunk := os.read(self.report_r, 65536)):
                data += chunk
        except BlockingIOError:
            pass   # a process the app left holds the pipe open: what it holds is not the report
        os.close(self.report_r)
        return _report(data), status


def _write_all(fd: int, data: bytes) -> None:
    while data:
        data = data[os.write(fd, data):]


def _report(data: bytes) -> dict | None:
    """The child's report, kept only in the shape a report has (the app may have written it)."""
    if len(data) > MAX_REPORT:
        return None
    try:
        raw = json.loads(data.decode("utf-8").split("\n", 1)[0])
    except ValueError:
        return None
    if not isinstance(raw, dict):
        return None
    report = {key: raw[key] for key, kind in _REPORT_KEYS.items()
              if isinstance(raw.get(key), kind) or (kind is float and isinstance(raw.get(key), int))}
    report["frames"] = [f for f in report.get("frames", []) if _is_frame(f)]
    report["network"] = [a for a in report.get("network", []) if _is_attempt(a)]
    for key in ("outdirs", "modules"):
        report[key] = [v for v in report.get(key, []) if isinstance(v, str)]
    return report


def _is_frame(frame) -> bool:
    return (isinstance(frame, list) and len(frame) == 4 and isinstance(frame[1], int)
            and all(isinstance(frame[i], str) for i in (0, 2, 3)))


def _is_attempt(attempt) -> bool:
    return (isinstance(attempt, dict) and all(isinstance(attempt.get(k, ""), str) for k in ("kind", "what"))
            and isinstance(attempt.get("path") or "", str) and isinstance(attempt.get("line") or 0, int))


LIMITS: dict = {"cpu_seconds": 0, "file_mb": 0, "memory_mb": 0}


def _limit_this_process() -> None:
    """CPU time and file size limits of the app's process, inherited by node and all it starts."""
    if LIMITS["cpu_seconds"]:
        resource.setrlimit(resource.RLIMIT_CPU, (LIMITS["cpu_seconds"], LIMITS["cpu_seconds"] + 1))
    if LIMITS["file_mb"]:
        size = LIMITS["file_mb"] * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def _limit_address_space() -> None:
    """The app's Python process (and what it starts) may map at most ``memory_mb``.

    Set after node has started: V8 reserves address space it may never use, and
    under this limit it fails at random (seen at 1 GB). Node's memory is held by
    the resident-set watcher of the pool, which sums every process of the sandbox.
    """
    if LIMITS["memory_mb"]:
        size = LIMITS["memory_mb"] * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))


def _serve_one(deferred: _Deferred, libraries: tuple[str, ...], request_r: int, report_w: int) -> None:
    global WORKER_PID
    WORKER_PID = os.getpid()
    code = 0
    try:
        os.setpgid(0, 0)
        _limit_this_process()
        _close_all_but(0, 1, 2, request_r, report_w)   # the parent's channels are never the app's
        try:
            deferred.release()
            started = None
        except BaseException as exc:  # noqa: BLE001
            started = f"cannot start node: {type(exc).__name__}: {exc}"
        _limit_address_space()
        with os.fdopen(request_r, "rb") as fh:
            request = json.loads(fh.read().decode("utf-8"))
        if started:
            result = {"status": "failed", "error_type": "NodeStart", "error_message": started}
        else:
            before = set(sys.modules)
            result = run_one(request, libraries, collect=False)
            result["modules"] = sorted(n for n in set(sys.modules) - before if PROVIDER_SUBMODULE.match(n))
        _write_all(report_w, (json.dumps(result) + "\n").encode())
    except BaseException:  # noqa: BLE001
        code = 70
    finally:
        os._exit(code)


def _close_all_but(*keep: int) -> None:
    low = 0
    for fd in sorted(keep) + [os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 65536]:
        if fd > low:
            os.closerange(low, fd)
        low = fd + 1


def _from_status(report: dict | None, status: int) -> dict:
    """The app's result: its report when it gave one, else what its exit status says."""
    if report is not None and report.get("status") in ("ok", "failed"):
        return report
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == getattr(signal, "SIGXCPU", None):
            return {"status": "failed", "error_type": "CpuLimit",
                    "error_message": f"killed: the app used more than {LIMITS['cpu_seconds']} s of CPU time"}
        if sig == getattr(signal, "SIGXFSZ", None):
            return {"status": "failed", "error_type": "FileSizeLimit",
                    "error_message": f"killed: the app wrote a file larger than {LIMITS['file_mb']} MB"}
        return {"status": "failed", "error_type": "Killed",
                "error_message": f"the app's process was killed by signal {sig}"}
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else status
    if code == 0:
        return {"status": "ok"}
    return {"status": "failed", "error_type": "SystemExit",
            "error_message": f"the app's process exited with status {code} before its result was written"}


def _learn(learned: set, modules: list) -> None:
    """Import in the warm parent the provider modules apps used (Python only: node is held back)."""
    for name in modules[:200]:
        if isinstance(name, str) and PROVIDER_SUBMODULE.match(name) and name not in learned:
            learned.add(name)
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001  (a module that needs node stays for the child to import)
                sys.modules.pop(name, None)


def _stage_in(stage: str, root: str) -> bool:
    """Copy the project the parent staged into the app's folder (a tmpfs); False if it does not fit."""
    empty_folder(root)
    try:
        for name in os.listdir(stage):   # the folder itself is the tmpfs: its owner and mode stay
            source, target = os.path.join(stage, name), os.path.join(root, name)
            if os.path.isdir(source) and not os.path.islink(source):
                shutil.copytree(source, target, symlinks=True)   # modes kept: scripts stay executable
            else:
                shutil.copy2(source, target, follow_symlinks=False)
    except (OSError, shutil.Error) as exc:
        sys.stderr.write(f"cannot stage the project: {exc}\n")
        empty_folder(root)
        return False
    return True


def empty_folder(folder: str) -> None:
    """Remove what ``folder`` holds, keeping it: node's cwd must stay the same inode."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            try:
                os.unlink(entry.path)
            except OSError:
                pass


def _tail_of(path: str, limit: int = 4000) -> str:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - limit))
            return fh.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def serve_fresh(requests, out, libraries: tuple[str, ...], preload: str) -> int:
    """Run each request in a new child forked from this warm, untouched process."""
    processes = _sibling("child_processes")
    guards = processes.guard_parent()
    deferred = _Deferred()
    try:
        _patch_app()
        if preload == "provider":
            import cdktf_cdktf_provider_aws.provider  # noqa: F401  deferred: Python only, node is held back
            _preload_pytest()
    except BaseException as exc:  # noqa: BLE001
        out.write(json.dumps({"ready": False, "error": f"{type(exc).__name__}: {exc}"}) + "\n")
        return 1
    learned: set = set()
    scratch = processes.Scratch([os.environ.get("HOME", ""), os.environ.get("TMPDIR", ""), "/tmp"])
    warm = _Warm(deferred, libraries)
    out.write(json.dumps({"ready": True, "pid": os.getpid(), "fresh": True, **guards}) + "\n")
    for line in requests:
        if not line.strip():
            continue
        request = json.loads(line)
        root = os.path.realpath(request["dir"])
        stage = request.get("stage")
        if stage and not _stage_in(stage, root):
            out.write(json.dumps({"status": "failed", "error_type": "ProjectTooLarge", "leftovers": 0,
                                  "error_message": "the project does not fit in the sandbox's "
                                                   "writable space"}) + "\n")
            empty_folder(root)
            continue
        report, status = warm.run(line)
        leftovers = processes.end_descendants(group=warm.pid) + scratch.clean()
        if not leftovers:   # the next app's process starts while this one's result is read
            warm = _Warm(deferred, libraries)
        result = _from_status(report, status)
        if result.get("error_type") == "MemoryError" and LIMITS["memory_mb"]:
            result.update(error_type="MemoryLimit", error_message=(
                f"killed: the app reached the memory limit of {LIMITS['memory_mb']} MB per process"))
        if request["entry"].get("kind") != PYTEST:
            _finish(result, root, result.pop("outdirs", []))
        result.pop("outdirs", None)
        result["leftovers"] = leftovers
        if stage:   # the project lives in the sandbox's memory: the parent cannot read it
            result["output_tail"] = _tail_of(os.path.join(root, OUTPUT_LOG))
            empty_folder(root)
        modules = result.pop("modules", [])
        out.write(json.dumps(result) + "\n")
        if leftovers:
            return 1   # the pool replaces this worker
        _learn(learned, modules)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fd", type=int, required=True)
    parser.add_argument("--stub", default=None)
    parser.add_argument("--preload", default="none", choices=("none", "cdktf", "provider"))
    parser.add_argument("--fresh", action="store_true", help="a new process per app, forked from this one")
    parser.add_argument("--cpu-seconds", type=int, default=0, help="with --fresh: CPU limit of each app")
    parser.add_argument("--file-mb", type=int, default=0, help="with --fresh: largest file an app may write")
    parser.add_argument("--memory-mb", type=int, default=0, help="with --fresh: address space of each process")
    args = parser.parse_args()
    LIMITS.update(cpu_seconds=args.cpu_seconds, file_mb=args.file_mb, memory_mb=args.memory_mb)
    out = os.fdopen(args.fd, "w", buffering=1, encoding="utf-8")
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)  # the app cannot read our requests
    os.close(null)
    if args.stub:
        sys.path.insert(0, args.stub)
        os.environ["PYTHONPATH"] = args.stub  # for any python the app starts itself
    libraries = _library_prefixes(args.stub)
    try:
        _watch_network()
    except BaseException as exc:  # noqa: BLE001
        out.write(json.dumps({"ready": False, "error": f"{type(exc).__name__}: {exc}"}) + "\n")
        return 1
    if args.fresh:
        return serve_fresh(requests, out, libraries, args.preload)
    try:
        if args.preload != "none":
            _patch_app()
        if args.preload == "provider":
            import cdktf_cdktf_provider_aws.provider  # noqa: F401  deferred: node loads the 131 MB assembly
    except BaseException as exc:  # noqa: BLE001
        out.write(json.dumps({"ready": False, "error": f"{type(exc).__name__}: {exc}"}) + "\n")
        return 1
    out.write(json.dumps({"ready": True, "pid": os.getpid()}) + "\n")
    patched = args.preload != "none"
    for line in requests:
        if not line.strip():
            continue
        request = json.loads(line)
        if not patched:
            try:
                _patch_app()
            except BaseException as exc:  # noqa: BLE001
                out.write(json.dumps({"status": "failed", "error_type": type(exc).__name__,
                                      "error_message": f"cannot import cdktf: {exc}"}) + "\n")
                continue
            patched = True
        result = run_one(request, libraries)
        out.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
