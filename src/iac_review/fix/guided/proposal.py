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


@dataclass(frozen=True)
class KeywordArg:
    line: int             # where ``k=`` starts (1-based line and column)
    column: int
    value: cst.BaseExpression
    value_line: int       # where its value starts
    value_column: int


@dataclass(frozen=True)
class FoundCall:
    node: cst.Call
    line: int             # where the call starts (1-based)
    column: int
    end_line: int
    name: str             # the called name's last part: ``X`` of ``m.X(...)``
    keywords: dict        # keyword -> KeywordArg


def calls_over(text: str, line: int) -> list[FoundCall]:
    """The calls whose source spans ``line``, innermost (latest start) first."""
    wrapper = parse(text)
    if wrapper is None:
        return []
    found = []
    positions = wrapper.resolve(PositionProvider)
    for node, pos in positions.items():
        if isinstance(node, cst.Call) and pos.start.line <= line <= pos.end.line:
            name = dotted(node.func).rsplit(".", 1)[-1]
            keywords = {arg.keyword.value: _keyword(arg, positions)
                        for arg in node.args if arg.keyword is not None}
            found.append(FoundCall(node, pos.start.line, pos.start.column + 1, pos.end.line, name,
                                   keywords))
    found.sort(key=lambda c: (c.line, c.column), reverse=True)
    return found


def _keyword(arg: cst.Arg, positions) -> KeywordArg:
    start, value = positions[arg].start, positions[arg.value].start
    return KeywordArg(start.line, start.column + 1, arg.value, value.line, value.column + 1)


def call_of(text: str, line: int, class_name: str) -> FoundCall | None:
    """The innermost call of ``class_name`` spanning ``line``."""
    return next((c for c in calls_over(text, line) if c.name == class_name), None)


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
