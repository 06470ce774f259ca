"""Apply the rules' repairs to a project until nothing changes: the loop behind ``iac-review fix``.

Each round reviews the project statically, takes the findings that carry a
repair (safe ones; unsafe ones too when asked), applies them file by file from
the bottom up (so that earlier positions stay valid), and keeps an edit only
when the file still parses. Rounds repeat until no repair applies, or
``max_rounds``. The input ``Project`` is never changed: the result is a copy.
"""
from __future__ import annotations

import ast
import difflib
from dataclasses import dataclass, field, replace

from iac_review.core.errors import InternalError
from iac_review.core.finding import Finding
from iac_review.core.review import ReviewConfig
from iac_review.core.workspace import Project, SourceFile
from iac_review.core.repair import CREATE_FILE
from iac_review.fix.codemods import CODEMODS
from iac_review.stages.context import ReviewContext
from iac_review.stages.runner import run_stages

MAX_ROUNDS = 10
STAGES = ("input", "static")


@dataclass(frozen=True)
class Applied:
    """One repair that was made."""

    rule_id: str
    path: str
    line: int
    message: str
    safe: bool
    round: int


@dataclass
class FixResult:
    before: Project
    after: Project
    applied: list[Applied] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)   # repairs whose result did not parse
    unsafe_available: int = 0                          # unsafe repairs not applied (not asked for)
    rounds: int = 0
    internal_errors: list[InternalError] = field(default_factory=list)

    def changed(self) -> dict[str, tuple[str | None, str]]:
        """path -> (text before or None for a new file, text after)."""
        out = {}
        for path, src in self.after.files.items():
            old = self.before.files.get(path)
            if old is None or old.text != src.text:
                out[path] = (old.text if old else None, src.text)
        return out

    def diff(self) -> str:
        return project_diff(self.before, self.after)


def project_diff(before: Project, after: Project) -> str:
    """The files ``after`` changes or adds, as one unified diff."""
    chunks = []
    for path in sorted(after.files):
        old, new = before.files.get(path), after.files[path]
        if old is not None and old.text == new.text:
            continue
        chunks.extend(difflib.unified_diff((old.text if old else "").splitlines(keepends=True),
                                           new.text.splitlines(keepends=True),
                                           fromfile="/dev/null" if old is None else f"a/{path}",
                                           tofile=f"b/{path}"))
    return "".join(chunks)


def fix_project(project: Project, config: ReviewConfig, index=None, *, unsafe: bool = False,
                max_rounds: int = MAX_ROUNDS) -> FixResult:
    current = replace(project, files=dict(project.files), problems=list(project.problems))
    result = FixResult(project, current)
    for number in range(1, max_rounds + 1):
        findings = _findings(current, config, index, result)
        wanted = [f for f in findings if f.repair and (f.repair.safe or unsafe)]
        result.unsafe_available = sum(1 for f in findings if f.repair and not f.repair.safe and not unsafe)
        result.rounds = number
        if not _apply_round(current, wanted, number, result):
            break
    return result


def _findings(project: Project, config: ReviewConfig, index, result: FixResult) -> list[Finding]:
    ctx = ReviewContext(project, index, config)
    found, _, errors = run_stages(ctx, STAGES, frozenset(config.disabled_rules))
    result.internal_errors.extend(errors)
    return found


def _apply_round(project: Project, findings: list[Finding], number: int, result: FixResult) -> bool:
    changed = False
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.repair.path, []).append(finding)
    for path, group in sorted(by_file.items()):
        creations = [f for f in group if f.repair.action == CREATE_FILE]
        if creations and path not in project.files:
            project.files[path] = SourceFile(path, creations[0].repair.arg("text"), attribution="fix")
            result.applied.append(_applied(creations[0], number))
            changed = True
            continue
        source = project.files.get(path)
        if source is None:
            continue
        text = source.text
        for finding in sorted(group, key=lambda f: (-f.repair.line, -f.repair.column)):
            codemod = CODEMODS.get(finding.repair.action)
            out = codemod(text, finding.repair) if codemod else None
            if out is None or out == text:
                continue
            if not parses(out):
                result.dropped.append(f"{path}:{finding.repair.line}: {finding.rule_id} repair dropped: "
                                      "the result would not parse")
                continue
            text = out
            result.applied.append(_applied(finding, number))
        if text != source.text:
            project.files[path] = replace(source, text=text)
            changed = True
    return changed


def _applied(finding: Finding, number: int) -> Applied:
    return Applied(finding.rule_id, finding.repair.path, finding.location.line, finding.message,
                   finding.repair.safe, number)


def parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True
