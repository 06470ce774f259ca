"""Read one input file without ever raising on bad content.

Bad bytes, empty files, oversized files and permission errors become INP002
problems; the caller gets text (possibly with replacement characters) or None.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from iac_review.core.finding import Origin
from iac_review.core.workspace import InputProblem

MAX_MARKDOWN_BYTES = 5 * 1024 * 1024
MAX_SOURCE_BYTES = 2 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"


def read_text(path: Path, shown: str, limit: int, problems: list[InputProblem], *,
              empty_is_problem: bool = False, markdown: bool = False,
              root: Path | None = None) -> str | None:
    """Text of ``path`` (reported as ``shown``), or None when it must be skipped.

    ``markdown`` makes problems point at the markdown itself (origin set), so
    a report on an answer can show the line. With ``root``, a path whose real
    location leaves ``root`` (through a symlink) is refused, never read.
    Symlink loops, devices, FIFOs and sockets are refused before any open.
    """
    def problem(line: int, message: str, evidence: str | None = None, rule_id: str = "INP002") -> None:
        origin = Origin(shown, line) if markdown else None
        problems.append(InputProblem(rule_id, shown, line, message, origin, evidence))

    refused = _refusal(path, shown, root)
    if refused:
        problem(1, refused[1], rule_id=refused[0])
        return None
    try:
        size = path.stat().st_size
        if size > limit:
            problem(1, f"{shown} is {size} bytes, over the {limit}-byte limit; skipped")
            return None
        with open(path, "rb") as handle:   # read-only; never written
            data = handle.read(limit + 1)
    except OSError as exc:
        problem(1, f"{shown} could not be read: {exc.strerror or exc}; skipped", str(exc))
        return None
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problem(line, f"{shown} is not valid UTF-8: byte 0x{data[exc.start]:02x} at offset "
                f"{exc.start} (line {line}); bad bytes were replaced",
                f"{exc.reason} at byte offset {exc.start}")
        text = data.decode("utf-8", errors="replace")
    if empty_is_problem and not text.strip():
        problem(1, f"{shown} is empty")
        return None
    return text


def _refusal(path: Path, shown: str, root: Path | None) -> tuple[str, str] | None:
    """(rule id, message) when ``path`` must not be opened, else None."""
    try:
        mode = os.stat(path).st_mode   # follows symlinks: what an open would reach
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "INP001", f"{shown} is a symlink loop; not read"
        if exc.errno == errno.ENAMETOOLONG:
            return "INP002", f"{shown}: file name too long for this system; skipped"
        return "INP002", f"{shown} could not be read: {exc.strerror or exc}; skipped"
    if root is not None and not inside(root, str(path)):
        return "INP001", (f"{shown} is a symlink that leaves the input folder "
                          f"(to {os.path.realpath(path)}); not read")
    if not stat.S_ISREG(mode):
        return "INP002", f"{shown} is not a regular file (a device, pipe, socket or folder); skipped"
    return None


def inside(root: Path, target: str) -> bool:
    """Whether a (resolved) path lies inside ``root`` (resolved)."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(target)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)
