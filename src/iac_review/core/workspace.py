"""The project under review: a virtual tree of files, whatever the input was.

A markdown answer, a CDKTF project folder and a task folder all become a
``Project``: project-relative POSIX paths mapped to ``SourceFile`` objects.
Files extracted from markdown remember where they came from so that every
finding can point back to the markdown line.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from iac_review.core.finding import Location, Origin


TEST_DIRS = frozenset({"tests", "test", "testing"})


def is_test_path(path: str) -> bool:
    """Whether a project file is test code: under a tests/ folder, test_*.py, *_test.py, conftest.py."""
    parts = path.split("/")
    name = parts[-1]
    return (any(p in TEST_DIRS for p in parts[:-1]) or name.startswith("test_")
            or name.endswith("_test.py") or name == "conftest.py")


@dataclass(frozen=True)
class InputProblem:
    """A problem found while reading the input, turned into a finding by its rule.

    ``path`` is the project path when the problem belongs to an extracted file,
    else the input file itself (the markdown); ``origin`` points at markdown.
    """

    rule_id: str
    path: str
    line: int
    message: str
    origin: Origin | None = None
    evidence: str | None = None


@dataclass(frozen=True)
class SourceFile:
    path: str                       # project-relative POSIX path, e.g. "lib/tap_stack.py"
    text: str
    origin_file: str | None = None  # the markdown file the code was taken from
    origin_line: int | None = None  # markdown line holding the file's first line
    attribution: str = "disk"       # how the path was decided: disk, heading, fence-title,
                                    # bold, comment, guessed-stack, guessed-app, ...

    def origin_for(self, line: int) -> Origin | None:
        """Markdown line of a 1-based file line, when the file came from markdown."""
        if self.origin_file is None or self.origin_line is None:
            return None
        return Origin(self.origin_file, self.origin_line + line - 1)

    @property
    def guessed(self) -> bool:
        return self.attribution.startswith("guessed")


@dataclass
class Project:
    """Everything one input resolved to."""

    input: str                              # the path the user gave
    kind: str                               # "markdown", "project" or "task"
    source: str = "code"                    # for tasks: "model", "ideal" or "code"
    files: dict[str, SourceFile] = field(default_factory=dict)
    problems: list[InputProblem] = field(default_factory=list)  # become input findings
    notes: list[str] = field(default_factory=list)          # e.g. attribution guesses
    metadata: dict | None = None            # metadata.json of a task
    task_dir: str | None = None
    root: str | None = None                 # the folder on disk holding the project tree, when
                                            # the project was read from one (synthesis copies it whole)
    ideal_markdown: str | None = None       # path of IDEAL_RESPONSE.md when present
    prompt_markdown: str | None = None
    prompt_text: str | None = None          # the task's PROMPT.md, read once by the loader
    prompt_name: str | None = None          # how findings name it (lib/PROMPT.md, or --prompt's file)
    failures_markdown: str | None = None    # a human MODEL_FAILURES.md of the task, when present
    # The task's own tap.py (for its model or ideal answer): the entry point the pipeline runs
    # with the answer's lib/, so the harness call it makes is the one that must work.
    harness_entry: str | None = None

    def python_files(self) -> list[SourceFile]:
        return [f for p, f in sorted(self.files.items()) if p.endswith(".py")]

    def entry_file(self) -> str:
        """Where a finding about the whole app sits: its entry point, else its first file."""
        for candidate in ("tap.py", "main.py"):
            if candidate in self.files:
                return candidate
        return next(iter(sorted(self.files)), "tap.py")

    def origin(self, path: str, line: int) -> Origin | None:
        src = self.files.get(path)
        return src.origin_for(line) if src else None

    def locate(self, path: str, line: int, column: int = 1) -> tuple[Location, Origin | None]:
        return Location(path, line, column), self.origin(path, line)
