"""Inside the sandbox: the warm parent's hold on the processes of each app.

Loaded by child.py by path (it imports nothing from iac_review). The warm
parent is a child subreaper, so whatever an app starts, daemons included, stays
among its descendants; when the app's process ends, ``end_descendants`` kills
them all before the next app's process is forked. The parent is also made
non-dumpable: a process of the app (same user) can then neither open the
parent's pipes through ``/proc/<pid>/fd`` nor read its memory.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import signal
import stat
import time

_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36


def _prctl(option: int, value: int) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):   # not Linux
        return False


def guard_parent() -> dict:
    """Make this process a subreaper and non-dumpable; what held."""
    return {"subreaper": _prctl(_PR_SET_CHILD_SUBREAPER, 1),
            "non_dumpable": _prctl(_PR_SET_DUMPABLE, 0)}


def _parents() -> dict[int, int]:
    """pid -> parent pid for every process this one can see (empty without /proc)."""
    table = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return table
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
            table[int(name)] = int(stat.rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return table


def descendants(root: int) -> set[int]:
    parents = _parents()
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def reap() -> None:
    """Collect every exited child (orphans reparented to us included)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def end_descendants(group: int | None = None, rounds: int = 100) -> int:
    """SIGKILL every descendant of this process until none is left; how many remain (0: all gone).

    ``group``: the app's process group, killed too where there is no /proc.
    """
    if group:
        try:
            os.killpg(group, signal.SIGKILL)
        except OSError:
            pass
    me = os.getpid()
    for _ in range(rounds):
        left = descendants(me)
        if not left:
            reap()
            return 0
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        reap()
        time.sleep(0.005)
    return len(descendants(me))


class Scratch:
    """The folders every app of a worker writes to (HOME, TMPDIR, /tmp): emptied back to their start.

    jsii unpacks its runtime into TMPDIR when node starts, in the next app's
    process, so only the warm parent, between two apps, may clean them.
    """

    def __init__(self, folders: list[str]) -> None:
        self.baseline: dict[str, set[str]] = {}
        for folder in dict.fromkeys(os.path.realpath(f) for f in folders if f):
            if os.path.isdir(folder) and os.access(folder, os.W_OK):
                self.baseline[folder] = names(folder)

    def clean(self) -> int:
        """Remove what appeared since the start; how many entries could not be removed."""
        left = 0
        for folder, baseline in self.baseline.items():
            for name in names(folder) - baseline:
                _remove(os.path.join(folder, name))
            left += len(names(folder) - baseline)
        return left


def names(folder) -> set[str]:
    """The entries of ``folder`` (empty when it cannot be read)."""
    try:
        return set(os.listdir(folder))
    except OSError:
        return set()


def _remove(path: str) -> None:
    def writable_then_retry(function, target, _exc):
        try:   # an app may leave a folder without write permission: its owner can restore it
            os.chmod(os.path.dirname(target), stat.S_IRWXU)
            os.chmod(target, stat.S_IRWXU)
            function(target)
        except OSError:
            pass

    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, onerror=writable_then_retry)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass
