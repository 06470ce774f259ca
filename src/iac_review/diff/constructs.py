"""Align constructs of the model's code with the IDEAL_RESPONSE's, by construct id and name.

A line diff pairs files and hunks; it fails when the ideal moved or rewrote a
construct (another file, another order, a rewritten module). Constructs have
names that survive such edits: a call ``Cls(scope, "construct-id", ...)`` has
its class and its id, and often a variable it is assigned to. This module finds
the ideal's counterpart of the model construct that holds a finding's line:

1. same construct id text and the same class (an ``A`` suffix added or removed
   counts as the same class, the commonest fix);
2. else the same id text under any class (the ideal picked another class);
3. else the same class and the same assigned variable name;
4. else the only construct of that class in the ideal, when both sides have
   exactly one.

The id text is the literal's source (an f-string keeps its braces), so
``f"logs-{suffix}"`` matches only the same f-string.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from iac_review.core.workspace import Project
from iac_review.parse.python import parse_python


@dataclass(frozen=True)
class ConstructCall:
    path: str
    cls: str                 # class name as written
    construct_id: str        # source text of the id argument
    variable: str | None     # name the construct is assigned to, if any
    start: int               # 1-based, inclusive
    end: int
    node: ast.Call | None = field(default=None, compare=False, repr=False)

    def shape(self) -> str:
        """The call without its scope argument, formatting ignored (computed on demand:
        dumping every call of a big project costs more than the rest of the index)."""
        if self.node is None:
            return ""
        return ast.dump(ast.Call(self.node.func, self.node.args[1:], self.node.keywords))

    @property
    def family(self) -> str:
        """The class without a trailing ``A`` suffix: the fix of missing-A-suffix keeps it."""
        return self.cls[:-1] if self.cls.endswith("A") and len(self.cls) > 2 else self.cls


def _class_name(func: ast.AST) -> str | None:
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    return name if name and name[:1].isupper() else None


def _id_text(node: ast.AST, text: str) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return ast.get_source_segment(text, node)
    return None


def _assigned(tree: ast.AST) -> dict[int, str]:
    """id(call) -> the name it is assigned to (``x = Cls(...)``, ``self.x = Cls(...)``)."""
    out: dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Call):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if isinstance(target, ast.Attribute):
                out[id(node.value)] = target.attr
            elif isinstance(target, ast.Name):
                out[id(node.value)] = target.id
    return out


def index_constructs(project: Project) -> list[ConstructCall]:
    """Every ``Cls(scope, id, ...)`` call of the project's parsable Python files.

    The report needs only calls and assignments (no parent map is used).
    """
    calls: list[ConstructCall] = []
    for source in project.python_files():
        tree = parse_python(source.text).tree
        if tree is None:
            continue
        names = _assigned(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            cls = _class_name(node.func)
            ident = _id_text(node.args[1], source.text)
            if cls is None or ident is None:
                continue
            calls.append(ConstructCall(source.path, cls, ident, names.get(id(node)),
                                       node.lineno, node.end_lineno or node.lineno, node))
    calls.sort(key=lambda c: (c.path, c.start, c.end))
    return calls


def enclosing(calls: list[ConstructCall], path: str, line: int) -> ConstructCall | None:
    """The innermost construct call of ``path`` whose lines hold ``line``."""
    holding = [c for c in calls if c.path == path and c.start <= line <= c.end]
    return min(holding, key=lambda c: (c.end - c.start, c.start)) if holding else None


def counterpart(call: ConstructCall, model_calls: list[ConstructCall],
                ideal_calls: list[ConstructCall]) -> ConstructCall | None:
    """The ideal's construct that corresponds to ``call`` (rules in the module docstring)."""
    same_id = [c for c in ideal_calls if c.construct_id == call.construct_id]
    for pool in ([c for c in same_id if c.family == call.family], same_id):
        if len(pool) == 1:
            return pool[0]
    if call.variable:
        named = [c for c in ideal_calls if c.family == call.family and c.variable == call.variable]
        if len(named) == 1:
            return named[0]
    model_family = [c for c in model_calls if c.family == call.family]
    ideal_family = [c for c in ideal_calls if c.family == call.family]
    if len(model_family) == 1 and len(ideal_family) == 1:
        return ideal_family[0]
    return None


def changed_window(model_lines: list[str], ideal_lines: list[str], near: int = 0,
                   context: int = 1, limit: int = 12) -> tuple[int, list[str], list[str], bool] | None:
    """(offset, lines) of the ideal call around the change nearest to model offset ``near``,
    the model's lines that change replaced, and whether it replaced the line at ``near``;
    None when both calls are equal."""
    a = [ln.strip() for ln in model_lines]
    b = [ln.strip() for ln in ideal_lines]
    if a == b:
        return None
    changes = [op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    _tag, i1, i2, j1, j2 = min(changes, key=lambda op: (0 if op[1] <= near < max(op[2], op[1] + 1)
                                                          else min(abs(op[1] - near), abs(op[2] - near)),
                                                          op[1]))
    first = max(0, j1 - context)
    last = min(len(b), max(j2, j1 + 1) + context)
    covers = i1 <= near < max(i2, i1 + 1)
    return first, ideal_lines[first:min(last, first + limit)], model_lines[i1:i2], covers
