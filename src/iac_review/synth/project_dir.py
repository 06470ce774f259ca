"""Write a Project into a fresh directory and choose how to run it.

Entry point, in order: ``tap.py``; else what ``cdktf.json``'s ``"app"`` runs
(``python main.py``, ``pipenv run python -m app`` ...); else our own harness
(synth/harness.py) written as ``tap.py`` around the project's stack class.
The user's files are never touched: everything is written under ``target``.
"""
from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from iac_review.core.workspace import Project
from iac_review.parse import json_text
from iac_review.sandbox import materialize
from iac_review.synth.harness import find_stack_class, write_harness


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


def _from_cdktf_json(project: Project) -> Entry | None:
    src = project.files.get("cdktf.json")
    if src is None:
        return None
    try:
        app = json_text.loads(src.text).get("app")
        tokens = shlex.split(app) if isinstance(app, str) else []
    except (ValueError, AttributeError):
        return None
    for i, tok in enumerate(tokens):
        if tok == "-m" and i + 1 < len(tokens):
            return Entry("module", tokens[i + 1], f"cdktf.json app: {app}")
        if tok.endswith(".py"):
            rel = tok.removeprefix("./")
            if rel in project.files:
                return Entry("path", rel, f"cdktf.json app: {app}")
    return None


def choose_entry(project: Project) -> tuple[Entry, str | None]:
    """(entry, harness source to write or None). Raises NoEntryPoint."""
    if "tap.py" in project.files:
        return Entry("path", "tap.py", "tap.py"), None
    entry = _from_cdktf_json(project)
    if entry:
        return entry, None
    stack = find_stack_class(project)
    if stack is None:
        raise NoEntryPoint("no tap.py, no runnable cdktf.json \"app\", and no single "
                           "TerraformStack subclass to build a harness around")
    source, description = write_harness(stack)
    return Entry("path", "tap.py", description, ours=True), source


def write_project(project: Project, target: Path) -> Entry:
    """Materialize ``project`` under ``target`` (created) and return its entry point."""
    target.mkdir(parents=True, exist_ok=True)
    entry, harness = choose_entry(project)
    materialize(project, target)
    if harness is not None:
        (target / entry.target).write_text(harness, encoding="utf-8")
    # packages without __init__.py still import (namespace packages); nothing to add
    return entry
