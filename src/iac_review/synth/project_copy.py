"""Copy a project tree from disk into the sandbox's work dir, as ``cdktf synth`` would see it.

The app may read any file of its project (``lib/AWS_REGION``, a Lambda zip, a
requirements file), so the whole tree is copied, binary files too, not only
what the review reads. Limits and path rules:

- files are copied (never hard-linked: the app may write to its copy);
- a symlink that stays inside the project is recreated as a relative link;
  one that leaves the project, dangles or loops is left out (the reader
  reports the ones that leave);
- FIFOs, devices and sockets are left out;
- folders that hold tools, caches or output, never the app's input
  (``.git``, ``node_modules``, ``cdktf.out``, virtualenvs ...), are left out;
- the copy stops when it passes ``max_bytes`` or ``max_files``: a tree that
  large is not synthesized (``TooLarge``), rather than synthesized half.
"""
from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from iac_review.parse.reading import inside

MAX_BYTES = 512 * 1024 * 1024
MAX_FILES = 20_000
# Never input of the app: version control, dependency and tool caches, synth output.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "cdktf.out", ".terraform", "__pycache__",
                       ".venv", "venv", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox"})


class TooLarge(Exception):
    """The tree is over the copy bound."""


@dataclass
class CopyReport:
    files: int = 0
    bytes: int = 0
    left_out: list[str] = field(default_factory=list)   # "path: why"


def copy_tree(source: Path, target: Path, *, max_bytes: int = MAX_BYTES,
              max_files: int = MAX_FILES) -> CopyReport:
    """Copy ``source`` into the existing folder ``target``. Raises TooLarge."""
    root = os.path.realpath(source)
    report = CopyReport()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = os.path.relpath(dirpath, root)
        out_dir = target if rel_dir == "." else target / rel_dir
        kept = []
        for name in sorted(dirnames):
            full = os.path.join(dirpath, name)
            if name in SKIP_DIRS or name.endswith(".egg-info"):
                continue
            if os.path.islink(full):
                _link(root, full, out_dir / name, report)
                continue
            (out_dir / name).mkdir(exist_ok=True)
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            _copy_file(root, os.path.join(dirpath, name), out_dir / name, report, max_bytes, max_files)
    return report


def _copy_file(root: str, full: str, out: Path, report: CopyReport, max_bytes: int,
               max_files: int) -> None:
    rel = os.path.relpath(full, root)
    if os.path.islink(full):
        _link(root, full, out, report)
        return
    try:
        info = os.lstat(full)
    except OSError as exc:
        report.left_out.append(f"{rel}: {exc.strerror or exc}")
        return
    if not stat.S_ISREG(info.st_mode):
        report.left_out.append(f"{rel}: not a regular file")
        return
    report.files += 1
    report.bytes += info.st_size
    if report.bytes > max_bytes or report.files > max_files:
        raise TooLarge(f"the project tree is over the copy bound ({max_bytes // (1024 * 1024)} MB, "
                       f"{max_files} files) at {rel}")
    try:
        shutil.copyfile(full, out, follow_symlinks=False)
        os.chmod(out, stat.S_IMODE(info.st_mode) | stat.S_IRUSR | stat.S_IWUSR)
    except OSError as exc:
        report.left_out.append(f"{rel}: {exc.strerror or exc}")


def _link(root: str, full: str, out: Path, report: CopyReport) -> None:
    """Recreate an inside link as a relative link; leave out the others."""
    rel = os.path.relpath(full, root)
    real = os.path.realpath(full)
    if not inside(Path(root), real) or not os.path.exists(real):
        report.left_out.append(f"{rel}: symlink that leaves the project or dangles")
        return
    try:
        os.symlink(os.path.relpath(real, os.path.dirname(full)), out)
    except OSError as exc:
        report.left_out.append(f"{rel}: {exc.strerror or exc}")
