"""Turn a path into a ``Project``: a markdown answer, a task folder, a project folder or one .py file.

Usage errors (missing path, unknown source, a source the task lacks,
unsupported file type) raise ``InputError``; everything wrong with the
content becomes an ``InputProblem``. Nothing is ever written to the input.
"""
from __future__ import annotations

import os
from pathlib import Path

from iac_review.core.workspace import InputProblem, Project, SourceFile
from iac_review.parse import json_text
from iac_review.parse.markdown import extract
from iac_review.parse.reading import MAX_MARKDOWN_BYTES, MAX_SOURCE_BYTES, inside, read_text

SOURCES = ("model", "ideal", "code")
MARKDOWN_SUFFIXES = (".md", ".markdown")
MAX_FILES = 5000
# Folders that never hold the project's own code (tools, caches, generated output).
SKIP_DIRS = {".venv", "venv", "env", "node_modules", "cdktf.out", ".git", "__pycache__",
             ".terraform", "build", "dist", ".gen", "htmlcov", "coverage", "cfn-outputs",
             "site-packages"}
WANTED_SUFFIXES = {".py", ".json", ".yml", ".yaml", ".txt", ".js", ".mjs", ".cjs", ".ts",
                   ".toml", ".cfg", ".ini", ".sh"}
WANTED_NAMES = {"Pipfile", "Makefile"}
SKIP_NAMES = {"package-lock.json"}
_TASK_MARKDOWN = {"model": "lib/MODEL_RESPONSE.md", "ideal": "lib/IDEAL_RESPONSE.md"}


class InputError(Exception):
    """The input cannot be reviewed at all (a usage error: exit code 2)."""


def load(path: str, source: str = "model") -> Project:
    if source not in SOURCES:
        raise InputError(f"unknown source {source!r}; expected one of: {', '.join(SOURCES)}")
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file or directory")
    if p.is_dir():
        if (p / "lib" / "MODEL_RESPONSE.md").is_file() or (p / "metadata.json").is_file():
            return _load_task(path, p, source)
        project = Project(input=path, kind="project", source="code", root=str(p))
        _walk(p, project)
        for rel in ("lib/PROMPT.md", "PROMPT.md"):   # a project may keep its task's prompt
            if _task_file(p, rel, project):
                attach_prompt(project, p / rel, rel, root=p)
                break
        if not project.files and not project.problems:
            raise InputError(f"{path}: no project files found; expected a CDKTF project folder, "
                             "a task folder, a .md answer or a .py file")
        return project
    if p.suffix.lower() in MARKDOWN_SUFFIXES:
        project = Project(input=path, kind="markdown", source="model")
        _add_markdown(project, p, path)
        return project
    if p.suffix.lower() == ".py":
        project = Project(input=path, kind="project", source="code")
        text = read_text(p, p.name, MAX_SOURCE_BYTES, project.problems, empty_is_problem=True)
        if text is not None:
            project.files[p.name] = SourceFile(p.name, text)
        return project
    raise InputError(f"{path}: unsupported input; expected a .md answer, a .py file, "
                     "a task folder or a project folder")


def _add_markdown(project: Project, md: Path, shown: str, root: Path | None = None) -> None:
    text = read_text(md, shown, MAX_MARKDOWN_BYTES, project.problems,
                     empty_is_problem=True, markdown=True, root=root)
    if text is None:
        return
    result = extract(text, shown)
    project.files.update((f.path, f) for f in result.files)
    project.problems.extend(result.problems)
    project.notes.extend(result.notes)


def _load_task(path: str, root: Path, source: str) -> Project:
    project = Project(input=path, kind="task", source=source, task_dir=path)
    for attr, rel in (("ideal_markdown", "lib/IDEAL_RESPONSE.md"), ("prompt_markdown", "lib/PROMPT.md"),
                      ("failures_markdown", "lib/MODEL_FAILURES.md")):
        if _task_file(root, rel, project):
            setattr(project, attr, os.path.join(path, rel))
    if project.prompt_markdown:
        attach_prompt(project, root / "lib/PROMPT.md", "lib/PROMPT.md", root=root)
    project.metadata = _metadata(root, project.problems) if _task_file(root, "metadata.json",
                                                                       project) else None
    if source == "code":
        project.root = str(root)
        _walk(root, project, task=True)
        if not project.python_files():
            raise InputError(f"{path}: the task folder has no code (tap.py, lib/*.py); "
                             "use source 'model' or 'ideal' to review its answers")
        return project
    if _task_file(root, "tap.py", project):   # unreadable: the harness contract is assumed
        project.harness_entry = read_text(root / "tap.py", "tap.py", MAX_SOURCE_BYTES, [], root=root)
    rel = _TASK_MARKDOWN[source]
    if not (root / rel).is_file():
        raise InputError(f"{path}: the task has no {rel} (source {source!r})")
    if _task_file(root, rel, project):
        _add_markdown(project, root / rel, os.path.join(path, rel), root)
    return project


def attach_prompt(project: Project, path: Path, shown: str, root: Path | None = None) -> bool:
    """Read the task's prompt into the project; a prompt that cannot be read costs the
    prompt-based checks, not a finding. Whether it was read."""
    quiet: list[InputProblem] = []
    text = read_text(path, shown, MAX_MARKDOWN_BYTES, quiet, root=root)
    if text is None:
        return False
    project.prompt_text, project.prompt_name = text, shown
    project.prompt_markdown = project.prompt_markdown or str(path)
    return True


def _task_file(root: Path, rel: str, project: Project) -> bool:
    """Whether a task's own file may be read: a regular file that stays inside the task folder."""
    full = root / rel
    if not full.is_symlink():
        return full.is_file()
    if not inside(root, str(full)):
        _escape(project, rel, os.path.realpath(full))
        return False
    return full.is_file()


def _metadata(root: Path, problems: list[InputProblem]) -> dict | None:
    meta = root / "metadata.json"
    text = read_text(meta, "metadata.json", MAX_SOURCE_BYTES, problems, empty_is_problem=True,
                     root=root)
    if text is None:
        return None
    try:
        data = json_text.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", 1)
        problems.append(InputProblem("INP002", "metadata.json", line,
                                     f"metadata.json is not valid JSON: {exc}", None, str(exc)))
        return None
    if not isinstance(data, dict):
        problems.append(InputProblem("INP002", "metadata.json", 1,
                                     "metadata.json is not a JSON object; ignored"))
        return None
    return data


def _wanted(name: str) -> bool:
    if name in SKIP_NAMES:
        return False
    return name in WANTED_NAMES or os.path.splitext(name)[1].lower() in WANTED_SUFFIXES


def _escape(project: Project, rel: str, target: str) -> None:
    project.problems.append(InputProblem(
        "INP001", rel, 1, f"{rel} is a symlink that leaves the input folder; not followed",
        None, f"points to {target}"))


def _walk(root: Path, project: Project, task: bool = False) -> None:
    """Collect the project's files; symlinks are never followed out of ``root``."""
    count = 0

    def unreadable(exc: OSError) -> None:
        rel = Path(exc.filename).relative_to(root).as_posix() if exc.filename else "."
        project.problems.append(InputProblem(
            "INP002", rel, 1, f"folder {rel} could not be read: {exc.strerror or exc}; skipped"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
        here = Path(dirpath)
        keep = []
        for d in sorted(dirnames):
            if d in SKIP_DIRS or d.startswith(".") or d.endswith(".egg-info"):
                continue
            full = here / d
            if full.is_symlink():   # inside links are walked via their target already
                if not inside(root, str(full)):
                    _escape(project, full.relative_to(root).as_posix(), os.path.realpath(full))
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            full = here / name
            rel = full.relative_to(root).as_posix()
            if not _wanted(name) or (task and rel == "metadata.json"):
                continue
            count += 1
            if count > MAX_FILES:
                project.problems.append(InputProblem(
                    "INP002", rel, 1, f"more than {MAX_FILES} files; the rest were skipped"))
                return
            text = read_text(full, rel, MAX_SOURCE_BYTES, project.problems, root=root)
            if text is not None:
                project.files[rel] = SourceFile(rel, text)

