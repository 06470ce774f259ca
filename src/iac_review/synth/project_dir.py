"""Write a Project into the sandbox's project folder and decide how to run it, as the pipeline would.

The folder: a project read from disk is copied whole (synth/project_copy.py),
then the review's own view of its files is written over the copy (the same
text unless a fix changed it); an answer taken from markdown is its files.

The entry point, in order: what ``cdktf.json``'s ``"app"`` runs (``python
main.py``, ``pipenv run python -m app`` ...) when it names a file or module of
the project; else ``tap.py``; else the one top-level script that builds an App
and synthesizes it; else our own harness (synth/harness.py) written as
``tap.py`` around the project's stack class. A project without ``cdktf.json``
gets the pipeline template's (``DEFAULT_CDKTF_JSON``): relative asset paths
resolve against the folder that holds it.

The environment CI gives the app (``run_settings``): the harness variables,
``AWS_REGION`` from ``lib/AWS_REGION`` when the project has a valid one,
``CDKTF_OUTDIR``, and ``CDKTF_CONTEXT_JSON`` from ``cdktf.json``'s
``"context"``. Never credentials. The user's files are never touched.
"""
from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from iac_review.core.workspace import Project
from iac_review.parse import json_text
from iac_review.sandbox import materialize
from iac_review.synth.harness import HARNESS_ENV, find_app_file, find_stack_class, write_harness
from iac_review.synth.project_copy import copy_tree

OUTDIR = "cdktf.out"
DEFAULT_CDKTF_JSON = {"language": "python", "app": "python tap.py", "terraformProviders": [],
                      "terraformModules": [], "context": {}}
REGION_FILE = "lib/AWS_REGION"
_REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}")


@dataclass
class Entry:
    kind: str          # "path" (run a file) or "module" (python -m)
    target: str        # project-relative file, or module name
    description: str   # for SynthOutcome.entry
    ours: bool = False  # the file is our harness, not the model's

    def as_dict(self) -> dict:
        return {"kind": self.kind, "target": self.target, "ours": self.ours}


class NoEntryPoint(Exception):
    """Nothing to run: no tap.py, no usable cdktf.json app, no stack class."""


def _cdktf_json(project: Project) -> dict:
    src = project.files.get("cdktf.json")
    try:
        data = json_text.loads(src.text) if src is not None else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _module_exists(project: Project, module: str) -> bool:
    base = module.replace(".", "/")
    return f"{base}.py" in project.files or f"{base}/__main__.py" in project.files


def _from_cdktf_json(project: Project) -> Entry | None:
    app = _cdktf_json(project).get("app")
    try:
        tokens = shlex.split(app) if isinstance(app, str) else []
    except ValueError:
        return None
    for i, tok in enumerate(tokens):
        if tok == "-m" and i + 1 < len(tokens) and _module_exists(project, tokens[i + 1]):
            return Entry("module", tokens[i + 1], f"cdktf.json app: {app}")
        if tok.endswith(".py"):
            rel = tok.removeprefix("./")
            if rel in project.files:
                return Entry("path", rel, f"cdktf.json app: {app}")
    return None


def choose_entry(project: Project, harness_params: tuple[str, ...] | None = None) -> tuple[Entry, str | None]:
    """(entry, harness source to write or None). Raises NoEntryPoint.

    ``harness_params``: the keyword arguments our harness passes whatever the
    stack accepts, as the pipeline's own tap.py does; None or () passes only
    those the stack's ``__init__`` takes.
    """
    entry = _from_cdktf_json(project)
    if entry:
        return entry, None
    if "tap.py" in project.files:
        return Entry("path", "tap.py", "tap.py"), None
    app_file = find_app_file(project)
    if app_file:
        return Entry("path", app_file, f"{app_file} (builds the App)"), None
    stack = find_stack_class(project)
    if stack is None:
        raise NoEntryPoint("no runnable cdktf.json \"app\", no tap.py, and no single "
                           "TerraformStack subclass to build a harness around")
    source, description = write_harness(stack, harness_params)
    return Entry("path", "tap.py", description, ours=True), source


def run_settings(project: Project, folder: Path, run_in: Path | None = None) -> tuple[dict[str, str], dict]:
    """(environment variables, cdktf context) the app gets, as CI gives them.

    ``folder`` holds the project's files; ``run_in``: where the app will see them, if elsewhere."""
    env = dict(HARNESS_ENV)
    region = _small_text(folder / REGION_FILE)  # the copy: the reader skips files without a suffix
    if region is not None and _REGION.fullmatch(region.strip()):
        env["AWS_REGION"] = region.strip()
    context = _cdktf_json(project).get("context")
    context = context if isinstance(context, dict) else {}
    env["CDKTF_OUTDIR"] = str((run_in or folder) / OUTDIR)
    env["CDKTF_CONTEXT_JSON"] = json.dumps(context)
    return env, context


def _small_text(path: Path, limit: int = 256) -> str | None:
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > limit:
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write_project(project: Project, target: Path,
                  harness_params: tuple[str, ...] | None = None) -> Entry:
    """Fill the folder ``target`` with ``project`` and return its entry point.

    Raises NoEntryPoint, and project_copy.TooLarge for a tree over the copy bound.
    """
    entry, harness = choose_entry(project, harness_params)
    write_files(project, target)
    if harness is not None:
        (target / entry.target).write_text(harness, encoding="utf-8")
    return entry


def write_files(project: Project, target: Path) -> None:
    """The project's files in ``target`` (and the template's cdktf.json when it has none).

    Raises project_copy.TooLarge for a tree over the copy bound."""
    target.mkdir(parents=True, exist_ok=True)
    if project.root:
        copy_tree(Path(project.root), target)
    materialize(project, target, over_copy=True)  # the review's text, where a fix changed it
    config = target / "cdktf.json"
    if not config.exists() and not config.is_symlink():
        config.write_text(json.dumps(DEFAULT_CDKTF_JSON, indent=2) + "\n", encoding="utf-8")
