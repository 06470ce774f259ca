"""ruff over the project's Python files, once per review.

The files are written into a temporary folder (paths are already sanitised by
the loader) and ruff runs once over all of them with no configuration of its
own (``--isolated``). When ruff is missing, fails or times out the result is
None and the lint rules report nothing: ruff never breaks a review.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# What the lint rules read: pyflakes, pylint's line limit (the corpus harness
# runs pylint with max-line-length 120), trailing whitespace, comparisons to
# None/True/False, invalid escape sequences. noqa comments are ignored: the pipeline's
# gate is pylint, which does not read it (the rules honour `# pylint: disable`).
SELECT = "F,E501,E711,E712,W291,W293,W605"
LINE_LENGTH = 120
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class LintMessage:
    path: str        # project path
    code: str        # e.g. F821
    line: int
    column: int
    message: str     # ruff's text, e.g. "Undefined name `Fn`"


def ruff_executable() -> str | None:
    """The ``ruff`` next to the running interpreter, else the one on PATH."""
    beside = Path(sys.executable).parent / ("ruff.exe" if os.name == "nt" else "ruff")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("ruff")


def run_ruff(files: dict[str, str], ruff: str | None = None) -> list[LintMessage] | None:
    """Lint ``{project path: source}``; None when ruff is unavailable or fails."""
    ruff = ruff or ruff_executable()
    if ruff is None:
        return None
    if not files:
        return []
    with tempfile.TemporaryDirectory(prefix="iac-review-lint-") as tmp:
        root = Path(os.path.realpath(tmp))
        written = []
        for rel, text in files.items():
            target = root / rel
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8", newline="")
            except (OSError, ValueError):   # a name the file system refuses: lint the others
                continue
            written.append(str(target))
        if not written:
            return []
        command = [ruff, "check", "--isolated", "--no-cache", "--output-format", "json",
                   "--select", SELECT, "--line-length", str(LINE_LENGTH),
                   "--target-version", "py311", "--ignore-noqa", "--exit-zero", *written]
        try:
            run = subprocess.run(command, capture_output=True, text=True, cwd=root,
                                 timeout=TIMEOUT_SECONDS, env=_scrubbed_env())
        except (OSError, subprocess.SubprocessError):
            return None
        if run.returncode != 0:
            return None
        try:
            data = json.loads(run.stdout or "[]")
        except ValueError:
            return None
        return _messages(data, root)


def _scrubbed_env() -> dict[str, str]:
    keep = ("PATH", "HOME", "TMPDIR", "TEMP", "TMP", "SYSTEMROOT", "LANG", "LC_ALL")
    return {k: v for k, v in os.environ.items() if k in keep}


def _messages(data: object, root: Path) -> list[LintMessage] | None:
    if not isinstance(data, list):
        return None
    out = []
    for item in data:
        if not isinstance(item, dict) or not item.get("code"):
            continue   # syntax errors carry no code; PY001 reports those
        try:
            rel = Path(os.path.realpath(item["filename"])).relative_to(root).as_posix()
            location = item.get("location") or {}
            out.append(LintMessage(rel, str(item["code"]), int(location.get("row", 1)),
                                   int(location.get("column", 1)), str(item.get("message", ""))))
        except (KeyError, TypeError, ValueError):
            continue
    out.sort(key=lambda m: (m.path, m.line, m.column, m.code))
    return out


def project_lint(ctx) -> list[LintMessage] | None:
    """ruff's messages for every parsed Python file of this review (cached on the context)."""
    return ctx.memo("ruff", lambda c: run_ruff(
        {m.path: m.source.text for m in c.modules if m.tree is not None}))
