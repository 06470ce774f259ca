"""What a guided proposer returns, and the lookups the proposers share."""
from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
from libcst.metadata import PositionProvider

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import dotted, parse


@dataclass(frozen=True)
class Proposal:
    repair: Repair        # applied by the codemod it names (always unsafe)
    description: str      # what the edit does, for the report
    more: tuple[Repair, ...] = ()   # further edits of the same fix (one import statement, many names)

    @property
    def repairs(self) -> tuple[Repair, ...]:
        return (self.repair, *self.more)


@dataclass(frozen=True)
class KeywordArg:
    line: int             # where ``k=`` starts (1-based line and column)
    column: int
    value: cst.BaseExpression
    value_line: int       # where its value starts
    value_column: int
    value_code: str       # the value's source text


@dataclass(frozen=True)
class FoundCall:
    node: cst.Call
    line: int             # where the call starts (1-based)
    column: int
    end_line: int
    name: str             # the called name's last part: ``X`` of ``m.X(...)``
    keywords: dict        # keyword -> KeywordArg


def all_calls(text: str) -> list[FoundCall]:
    """Every call of the file, innermost (latest start) first."""
    wrapper = parse(text)
    if wrapper is None:
        return []
    found = []
    positions = wrapper.resolve(PositionProvider)
    for node, pos in positions.items():
        if isinstance(node, cst.Call):
            name = dotted(node.func).rsplit(".", 1)[-1]
            keywords = {arg.keyword.value: _keyword(arg, positions, wrapper.module)
                        for arg in node.args if arg.keyword is not None}
            found.append(FoundCall(node, pos.start.line, pos.start.column + 1, pos.end.line, name,
                                   keywords))
    found.sort(key=lambda c: (c.line, c.column), reverse=True)
    return found


def same_arguments(project, keyword: str, value_code: str | None, class_name: str | None):
    """(path, call) of every call in the project passing ``keyword`` (with that value source, when
    given; to that class, when given): one fault the answer repeats is repaired in one round."""
    for path, source in sorted(project.files.items()):
        if not path.endswith(".py") or keyword not in source.text:
            continue
        for call in all_calls(source.text):
            arg = call.keywords.get(keyword)
            if arg is None or (class_name and call.name != class_name) \
                    or (value_code is not None and arg.value_code != value_code):
                continue
            yield path, call


def _keyword(arg: cst.Arg, positions, module: cst.Module) -> KeywordArg:
    start, value = positions[arg].start, positions[arg.value].start
    return KeywordArg(start.line, start.column + 1, arg.value, value.line, value.column + 1,
                      module.code_for_node(arg.value))


def calls_at(text: str, line: int) -> list[FoundCall]:
    """The calls a traceback line can mean: those spanning it (innermost first), then the calls
    nested in a call that starts there, in source order (Python reports a multi-line call at its
    first line, and a struct built in its arguments fails there too)."""
    every = all_calls(text)
    spanning = [c for c in every if c.line <= line <= c.end_line]
    starting = [c for c in spanning if c.line == line]
    end = max((c.end_line for c in starting), default=line)
    nested = sorted((c for c in every if line < c.line <= end), key=lambda c: (c.line, c.column))
    return spanning + nested


def call_of(text: str, line: int, class_name: str) -> FoundCall | None:
    """The call of ``class_name`` the traceback line means (see ``calls_at``)."""
    return next((c for c in calls_at(text, line) if c.name == class_name), None)


def module_of_path(path: str) -> str | None:
    """``lib/stacks/vpc.py`` -> ``lib.stacks.vpc`` (None when a part is not an identifier)."""
    if not path.endswith(".py"):
        return None
    parts = path[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) if parts and all(p.isidentifier() for p in parts) else None


def project_frame(outcome):
    """The innermost traceback frame inside the project, or None."""
    return outcome.frames[-1] if outcome.frames else None


def failing_file(outcome, project):
    """(innermost project frame, its SourceFile), or (None, None) when the file is not the project's."""
    frame = project_frame(outcome)
    source = project.files.get(frame.path) if frame else None
    return (frame, source) if source is not None else (None, None)


def fields_of(index, class_name: str) -> dict | None:
    """The schema fields a provider class (construct or struct) takes, when it is defined once."""
    if index is None:
        return None
    modules = index.modules_defining(class_name)
    if len(modules) != 1:
        return None
    config = index.config_of(modules[0], class_name)
    key = config or f"{modules[0]}.{class_name}"
    return index.fields(key) if (config or index.has_struct(key)) else None
