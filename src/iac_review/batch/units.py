"""The units of a corpus: every task folder, with each source it has."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

SOURCES = ("model", "ideal", "code")


@dataclass(frozen=True)
class Unit:
    task: str       # the task folder's name, unique in the corpus
    source: str     # model, ideal or code
    path: str       # the task folder


def _has_source(folder: Path, source: str) -> bool:
    lib = folder / "lib"
    if source == "model":
        return (lib / "MODEL_RESPONSE.md").is_file()
    if source == "ideal":
        return (lib / "IDEAL_RESPONSE.md").is_file()
    return any(lib.glob("*.py")) or (folder / "tap.py").is_file() or (folder / "main.py").is_file()


def is_task(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and (
        (folder / "lib").is_dir() or (folder / "metadata.json").is_file())


def discover(corpora: list[str], sources: tuple[str, ...] = SOURCES) -> tuple[list[Unit], list[str]]:
    """(units in task-name order, problems): each corpus is a folder of task folders, or one task."""
    tasks: dict[str, Path] = {}
    problems = []
    for corpus in corpora:
        root = Path(corpus)
        if not root.is_dir():
            problems.append(f"{corpus}: no such folder")
            continue
        folders = [root] if is_task(root) and not any(is_task(c) for c in root.iterdir()) \
            else sorted(c for c in root.iterdir() if is_task(c))
        for folder in folders:
            if folder.name in tasks and tasks[folder.name].resolve() != folder.resolve():
                problems.append(f"{folder}: a task named {folder.name} is already in the batch "
                                f"({tasks[folder.name]}); skipped")
                continue
            tasks[folder.name] = folder
    units = [Unit(name, source, str(folder)) for name, folder in sorted(tasks.items())
             for source in sources if _has_source(folder, source)]
    return units, problems


def settings_key(config) -> str:
    """A short hash of the review settings: a unit reviewed under other settings is redone."""
    data = {k: v for k, v in asdict(config).items() if k not in ("source", "synth_workers")}
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
