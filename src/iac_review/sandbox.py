"""Run untrusted model code in a subprocess with no credentials.

What is enforced, and where (docs/sandbox.md has the full account):
- environment: rebuilt from an allow-list (PATH, LANG, ...); no AWS_* or other
  credentials reach the child; HOME and TMPDIR point into the work dir;
- files: the code runs on a copy in a fresh temp dir, never on the user's files.
  On Linux with ``unshare`` the child gets its own mount namespace in which every
  file system is remounted read-only except the work dir, and the parent's HOME
  is hidden behind an empty tmpfs (only the Python installation is re-exposed);
- network: an empty network namespace (``unshare --net``) where the kernel allows;
- processes: a pid namespace (killing the sandbox kills everything it started,
  even processes that called setsid) with ``kernel.pid_max`` lowered inside it
  (Linux >= 6.14), RLIMIT_NPROC (effective for non-root users), and a watcher
  that kills the sandbox when its process tree grows past ``max_processes``;
- memory: a watcher thread polls the resident set of the whole process tree
  (python + node) and kills the sandbox above the limit. RLIMIT_AS is NOT used
  because node/V8 reserve large virtual ranges (measured: fine at 2 GB here, but
  the margin is thin and it turns a clean kill into random failures);
- time: a wall-clock timeout kills the whole sandbox.
``Sandboxed.enforced`` / ``SandboxResult.enforced`` say what actually held.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from iac_review import sandbox_bwrap, sandbox_seccomp
from iac_review.core.workspace import Project

_ENV_ALLOW = ("PATH", "LANG", "LC_ALL", "TZ", "SYSTEMROOT")
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
PID_MAX_MIN = 301  # the kernel's lower bound for kernel.pid_max
# Once pid numbers wrap, the kernel hands out only those from 300 up to pid_max: a pid_max of
# 301 then leaves a single pid, and a worker that forks a process per app runs out after ~300.
RESERVED_PIDS = 300

# Runs as root inside the new mount namespace, before the untrusted program:
# hides HOME (re-exposing the few paths we need), remounts everything read-only
# except the work dir, optionally mounts a shared cache as a copy-on-write
# overlay (writes land in a small tmpfs, the shared files never change), and
# optionally lowers pid_max for the new pid namespace.
_WRAPPER = r"""
W="$1"; HIDE="$2"; PIDMAX="$3"; EXPOSE="$4"; OVERLAY="$5"; shift 5
mount --make-rprivate / 2>/dev/null
if [ -n "$HIDE" ] && [ -d "$HIDE" ]; then
  i=0; views=""
  for p in $EXPOSE; do
    i=$((i+1)); mkdir -p "$W/.views/$i"
    mount --bind "$p" "$W/.views/$i" && views="$views $i:$p"
  done
  if mount -t tmpfs -o mode=755,size=1m iac-review-hidden "$HIDE"; then
    for v in $views; do
      n="${v%%:*}"; p="${v#*:}"
      mkdir -p "$p" && mount --bind "$W/.views/$n" "$p"
    done
    echo "home_hidden" >> "$W/.sandbox-status"
  fi
fi
ro=1
for m in $(awk '{print $5}' /proc/self/mountinfo | sort -u); do
  case "$m" in /proc|/proc/*|/sys|/sys/*|/dev|/dev/pts|/dev/pts/*|/dev/mqueue) continue;; esac
  mount -o remount,bind,ro "$m" 2>/dev/null || ro=0
done
if mount --bind "$W" "$W" && mount -o remount,bind,rw "$W"; then
  [ "$ro" = 1 ] && echo "fs_readonly" >> "$W/.sandbox-status"
else
  echo "workdir_bind_failed" >> "$W/.sandbox-status"
fi
if [ -n "$OVERLAY" ]; then
  lower="${OVERLAY%%|*}"; target="${OVERLAY#*|}"
  up="$W/.overlay/upper"; wk="$W/.overlay/work"
  mkdir -p "$W/.overlay" "$target" && mount -t tmpfs -o mode=700,size=64m iac-review-overlay "$W/.overlay" &&
    mkdir "$up" "$wk" && mount -t overlay iac-review-cache -o "lowerdir=$lower,upperdir=$up,workdir=$wk" "$target" &&
    echo "cache_overlay" >> "$W/.sandbox-status"
fi
if [ -n "$PIDMAX" ] && echo "$PIDMAX" > /proc/sys/kernel/pid_max 2>/dev/null; then
  echo "pid_max" >> "$W/.sandbox-status"
fi
cd "$PWD" 2>/dev/null  # re-enter the cwd through the new writable bind mount of the work dir
exec "$@"
"""


@dataclass
class SandboxResult:
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool
    network_isolated: bool
    killed_reason: str | None = None      # "timeout", "memory", "processes"
    peak_rss_mb: float = 0.0              # largest resident set of the whole tree seen
    enforced: dict = field(default_factory=dict)


def _try(args: list[str]) -> bool:
    try:
        return subprocess.run(args, capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@lru_cache(maxsize=1)
def _namespace_prefix() -> tuple[str, ...] | None:
    """The strongest ``unshare`` invocation that works here, or None."""
    tool = shutil.which("unshare")
    if not tool or not sys.platform.startswith("linux"):
        return None
    full = ("--mount", "--net", "--pid", "--fork", "--kill-child", "--mount-proc")
    for extra in ((), ("--user", "--map-root-user")):
        args = (tool, *extra, *full)
        if _try([*args, "true"]):
            return args
    return None


@lru_cache(maxsize=1)
def _unshare_works() -> bool:
    """Kept for callers of the first version: can the child get its own network?"""
    return _namespace_prefix() is not None


def overlay_argument(overlay: tuple[str, str] | None) -> str:
    """``lower|target`` for the wrapper, or "" when the paths cannot go into mount options."""
    if not overlay:
        return ""
    lower, target = os.path.realpath(overlay[0]), os.path.realpath(overlay[1])
    if any(ch in path for path in (lower, target) for ch in ",:| \n") or not os.path.isdir(lower):
        return ""
    return f"{lower}|{target}"


def namespaces_available() -> bool:
    """Whether sandboxes here get their own mount, network and pid namespaces."""
    return _namespace_prefix() is not None


def scrubbed_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: os.environ[k] for k in _ENV_ALLOW if k in os.environ}
    env.update({"HOME": str(home), "TMPDIR": str(home), "PYTHONDONTWRITEBYTECODE": "1",
                "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "18,20",
                "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
                "CHECKPOINT_DISABLE": "1"})
    env.update(extra or {})
    return env


def _limits(max_processes: int | None, memory_bytes: int | None = None):
    def apply() -> None:
        os.setsid()  # own process group and session
        try:
            import resource  # deferred: POSIX-only, and only the child needs it
            if memory_bytes:
                resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
            if max_processes:
                resource.setrlimit(resource.RLIMIT_NPROC, (max_processes, max_processes))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        except (ImportError, ValueError, OSError):
            pass
    return apply


def _filter_fd() -> int | None:
    """A pipe holding the seccomp filter for bwrap to read, or None without libseccomp."""
    program = sandbox_seccomp.program()
    if not program:
        return None
    read_fd, write_fd = os.pipe()
    try:
        os.write(write_fd, program)   # a few hundred bytes: within the pipe's buffer
    finally:
        os.close(write_fd)
    return read_fd


def materialize(project: Project, target: Path, *, over_copy: bool = False) -> None:
    """Write the project's files under ``target`` (paths are already sanitised).

    ``over_copy``: ``target`` holds a copy of the project's tree; files whose
    text is already there are left as copied (bytes, line ends and modes kept).
    """
    root = target.resolve()
    for rel, src in project.files.items():
        path = (root / rel).resolve()
        if root not in path.parents:
            continue  # never write outside the work dir
        if over_copy and _holds(path, src.text):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(src.text, encoding="utf-8")


def _holds(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


# -- process tree -----------------------------------------------------------------------

def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return kids
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        ppid = int(data[data.rindex(b")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(name))
    return kids


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc; [pid] elsewhere)."""
    kids = _children_map()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, ()))
    return out


def rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def peak_rss_mb(pid: int) -> float:
    """VmHWM of one process in MB (0 when unknown)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


# -- a running sandbox -----------------------------------------------------------------

_LIVE: "weakref.WeakSet[Sandboxed]" = weakref.WeakSet()
_INTERRUPTED = threading.Event()


class Interrupted(OSError):
    """No sandbox starts once the run was interrupted (a pool would otherwise replace the killed one)."""


def kill_all(reason: str = "interrupted") -> None:
    """Kill every sandbox of this process (on SIGTERM or Ctrl-C: the reviews then end at once),
    and start no new one for the rest of the run."""
    _INTERRUPTED.set()
    for box in list(_LIVE):
        box.kill(reason)


class Sandboxed:
    """One sandboxed process (and everything it starts), watched for memory and processes."""

    def __init__(self, argv: list[str], workdir: Path, *, cwd: Path | None = None,
                 memory_bytes: int | None = 2 * 1024 ** 3, max_processes: int | None = 128,
                 env_extra: dict[str, str] | None = None, isolate: bool = True,
                 expose: list[str] | None = None, overlay: tuple[str, str] | None = None,
                 pass_fds: tuple[int, ...] = (), binds: list[tuple[str, ...]] | None = None,
                 scratch: list[tuple[str, int]] | None = None,
                 stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                 poll_interval: float = 0.05) -> None:
        if _INTERRUPTED.is_set():
            raise Interrupted("the run was interrupted: no new sandbox starts")
        self.workdir = workdir.resolve()
        home = self.workdir / ".home"
        home.mkdir(exist_ok=True)
        self.memory_bytes = memory_bytes
        self.max_processes = max_processes
        self.bwrap = isolate and sandbox_bwrap.available()
        self.in_memory = bool(self.bwrap and scratch)   # what the program writes stays off the disk
        prefix = _namespace_prefix() if isolate and not self.bwrap else None
        command = list(argv)
        self.seccomp = False
        filter_fd = None
        if self.bwrap:
            sandbox_bwrap.hand_over(self.workdir)
            filter_fd = _filter_fd()
            self.seccomp = filter_fd is not None
            command = [*sandbox_bwrap.command(self.workdir, (cwd or self.workdir).resolve(),
                                              [*(expose or ())], scrubbed_env(home, env_extra),
                                              seccomp_fd=filter_fd, binds=binds, scratch=scratch), *argv]
            if filter_fd is not None:
                pass_fds = (*pass_fds, filter_fd)
        elif prefix:
            hide = os.path.realpath(os.path.expanduser("~"))
            if hide in ("/", "") or str(self.workdir).startswith(hide + os.sep):
                hide = ""
            layer = overlay_argument(overlay)
            needed = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, *(expose or ()),
                                                    *([overlay[0]] if layer else []))}
            needed = sorted(p for p in needed if hide and p.startswith(hide + os.sep)
                            and " " not in p and os.path.exists(p))
            pid_max = str(max(PID_MAX_MIN, RESERVED_PIDS + (max_processes or 0))) if max_processes else ""
            command = [*prefix, "sh", "-c", _WRAPPER, "iac-review-sandbox", str(self.workdir), hide,
                       pid_max, " ".join(needed), layer, *argv]
        self.network_isolated = bool(prefix) or self.bwrap
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(command, cwd=cwd or self.workdir,
                                     env=scrubbed_env(home, env_extra), stdin=stdin, stdout=stdout,
                                     stderr=stderr, pass_fds=pass_fds,
                                     preexec_fn=_limits(self._nproc_limit(max_processes)))
        if filter_fd is not None:
            os.close(filter_fd)   # bwrap has its own copy
        self.killed_reason: str | None = None
        _LIVE.add(self)
        self.peak_rss = 0
        self.process_count = 0
        self._stop = threading.Event()
        self._poll = poll_interval
        self._watch = threading.Thread(target=self._watcher, name=f"sandbox-watch-{self.proc.pid}",
                                       daemon=True)
        self._watch.start()

    def _nproc_limit(self, max_processes: int | None) -> int | None:
        """RLIMIT_NPROC counts every process of the user, host-wide: for root outside bubblewrap
        (which keeps the app root) that is the whole machine's, and forks fail at random."""
        if self.bwrap or not hasattr(os, "geteuid") or os.geteuid() != 0:
            return max_processes
        return None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def enforced(self) -> dict:
        status = set()
        try:
            status = set((self.workdir / ".sandbox-status").read_text().split())
        except OSError:
            pass
        if self.bwrap:   # the view is built, not remounted: these hold by construction
            status |= {"fs_readonly", "home_hidden"}
        return {
            "env_scrubbed": True,
            "network_isolated": self.network_isolated,
            "pid_namespace": self.network_isolated,
            "filesystem_view": self.bwrap,
            "unprivileged_user": self.bwrap,
            "no_capabilities": self.bwrap,
            "no_new_privs": self.bwrap,
            "seccomp": self.seccomp,
            "writes_in_memory": self.in_memory,
            "filesystem_readonly_except_workdir": "fs_readonly" in status,
            "home_hidden": "home_hidden" in status,
            "pid_max": "pid_max" in status,
            "cache_overlay": "cache_overlay" in status,
            # the kernel ignores RLIMIT_NPROC for root; under bwrap the app is not root
            "rlimit_nproc": bool(self.max_processes) and (os.geteuid() != 0 or self.bwrap),
            "max_processes_watch": self.max_processes,
            "memory_watch_mb": (self.memory_bytes or 0) // (1024 * 1024),
        }

    def _watcher(self) -> None:
        while not self._stop.wait(self._poll):
            if self.proc.poll() is not None:
                return
            pids = process_tree(self.proc.pid)
            total = sum(rss_bytes(p) for p in pids)
            self.peak_rss = max(self.peak_rss, total)
            self.process_count = len(pids)
            # +4: unshare, sh and the pid-namespace bookkeeping are not the app's
            if self.max_processes and len(pids) > self.max_processes + 4:
                self.kill("processes")
                return
            if self.memory_bytes and total > self.memory_bytes:
                self.kill("memory")
                return

    def kill(self, reason: str) -> None:
        if self.killed_reason is None:
            self.killed_reason = reason
        pids = process_tree(self.proc.pid)
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for p in pids:  # processes that left the process group (setsid) without a pid namespace
            try:
                os.kill(p, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def wait(self, timeout: float | None = None) -> int | None:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def close(self) -> None:
        """Kill whatever is left and reap it."""
        self._stop.set()
        if self.proc.poll() is None:
            self.kill(self.killed_reason or "closed")
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream:
                try:
                    stream.close()
                except OSError:
                    pass


def run(argv: list[str], workdir: Path, *, timeout: float = 120.0,
        memory_bytes: int | None = 4 * 1024 ** 3, max_processes: int | None = 128,
        env_extra: dict[str, str] | None = None, isolate_network: bool = True,
        expose: list[str] | None = None) -> SandboxResult:
    """Run ``argv`` in ``workdir`` inside the sandbox and wait (at most ``timeout`` s)."""
    box = Sandboxed(argv, workdir, memory_bytes=memory_bytes, max_processes=max_processes,
                    env_extra=env_extra, isolate=isolate_network, expose=expose)
    try:
        out, err = box.proc.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        box.kill("timeout")
        out, err = box.proc.communicate()
        timed_out = True
    box.close()
    return SandboxResult(box.proc.returncode, out.decode(errors="replace"),
                         err.decode(errors="replace"), time.perf_counter() - box.started,
                         timed_out, box.network_isolated, box.killed_reason,
                         box.peak_rss / 1024 ** 2, box.enforced())


def temp_workdir(prefix: str = "iac-review-") -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix=prefix)
