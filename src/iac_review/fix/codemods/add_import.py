"""Add ``from <module> import <name>`` for a name the file uses but never imports.

Arguments: ``module``, ``name``; an empty ``module`` adds ``import <name>`` (a
standard library module the file uses). The line goes after the file's last top-level
import (after its docstring and ``__future__`` imports when it has no other);
an existing ``from <module> import ...`` line gains the name instead. A file
that already binds the name anywhere at top level is left alone.
"""
from __future__ import annotations

import libcst as cst

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import dotted, module_node, parse


def apply(text: str, repair: Repair) -> str | None:
    module, name = repair.arg("module"), repair.arg("name")
    wrapper = parse(text) if name.isidentifier() else None
    if wrapper is None:
        return None
    tree = wrapper.module
    body = list(tree.body)
    for number, statement in enumerate(body):   # join an existing `from module import ...`
        node = _import_from(statement)
        if node is not None and dotted(node.module) == module and not node.relative \
                and not isinstance(node.names, cst.ImportStar):
            if any(dotted(a.name) == name for a in node.names):
                return None
            names = [*node.names[:-1], node.names[-1].with_changes(comma=cst.Comma(
                whitespace_after=cst.SimpleWhitespace(" "))), cst.ImportAlias(cst.Name(name))]
            body[number] = statement.with_changes(body=[node.with_changes(names=names)])
            return tree.with_changes(body=body).code
    if not module:
        if _binds(tree, name):
            return None
        statement = cst.Import(names=[cst.ImportAlias(cst.Name(name))])
    else:
        statement = cst.ImportFrom(module=module_node(module), names=[cst.ImportAlias(cst.Name(name))])
    line = cst.SimpleStatementLine(body=[statement])
    body.insert(_insertion_point(body), line)
    return tree.with_changes(body=body).code


def _import_from(statement) -> cst.ImportFrom | None:
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 \
            and isinstance(statement.body[0], cst.ImportFrom):
        return statement.body[0]
    return None


def _insertion_point(body: list) -> int:
    """After the last top-level import; else after the docstring."""
    last = -1
    for number, statement in enumerate(body):
        if isinstance(statement, cst.SimpleStatementLine) and all(
                isinstance(s, (cst.Import, cst.ImportFrom)) for s in statement.body):
            last = number
    if last >= 0:
        return last + 1
    first = body[0] if body else None
    if isinstance(first, cst.SimpleStatementLine) and isinstance(first.body[0], cst.Expr) \
            and isinstance(first.body[0].value, cst.SimpleString):
        return 1
    return 0


def _binds(tree: cst.Module, name: str) -> bool:
    """Whether an ``import name`` is already there."""
    return any(isinstance(s, cst.SimpleStatementLine) and isinstance(s.body[0], cst.Import)
               and any(dotted(a.name) == name and a.asname is None for a in s.body[0].names)
               for s in tree.body)
