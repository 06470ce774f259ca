"""Work dirs of runs that were killed before they could clean up, removed by the next run.

Each worker's temp dir holds the pid of the iac-review process that made it.
A run killed with SIGKILL cannot remove its dirs (its sandboxes die with it:
bwrap's --die-with-parent); the next run that starts a worker removes every
such dir whose owner is no longer running. A dir whose owner file is missing
or unreadable is left alone: it may not be ours.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path

PREFIX = "iac-review-synth-"
OWNER_FILE = "owner.pid"
_swept = threading.Event()


def mark(root: Path) -> None:
    """Record this process as the owner of a new work dir."""
    (root / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")


def sweep_once(folder: str | None = None) -> list[str]:
    """Remove the stale dirs, the first time a worker starts in this process; what was removed."""
    if _swept.is_set():
        return []
    _swept.set()
    return sweep(folder)


def sweep(folder: str | None = None) -> list[str]:
    removed = []
    base = Path(folder or tempfile.gettempdir())
    try:
        candidates = [p for p in base.iterdir() if p.name.startswith(PREFIX) and p.is_dir()
                      and not p.is_symlink()]
    except OSError:
        return removed
    for path in candidates:
        owner = _owner(path)
        if owner is None or owner == os.getpid() or _running(owner):
            continue
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            removed.append(str(path))
    return removed


def _owner(path: Path) -> int | None:
    try:
        text = (path / OWNER_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True   # another user's process: alive
    return True
