"""Import a class from the module that defines it: ``from m.a import X`` -> ``from m.b import X``.

Arguments: ``module`` (where the code imports from), ``name``, ``home`` (the
module that defines it) and optionally ``new_name`` (what ``home`` calls it).
The name leaves the ``from module import ...`` statement (the statement goes
when it was the only name) and a ``from home import name`` line, alias kept,
follows it; with ``new_name``, ``from home import new_name as name`` (so that
uses of the name need no change either way).
"""
from __future__ import annotations

import libcst as cst

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import dotted, module_node, parse


def apply(text: str, repair: Repair) -> str | None:
    module, name, home = repair.arg("module"), repair.arg("name"), repair.arg("home")
    wrapper = parse(text) if module and name and home else None
    if wrapper is None:
        return None
    new_name = repair.arg("new_name")
    if new_name and not new_name.isidentifier():
        return None
    out = wrapper.visit(_Move(module, name, home, new_name)).code
    return out if out != text else None


class _Move(cst.CSTTransformer):
    def __init__(self, module: str, name: str, home: str, new_name: str = "") -> None:
        super().__init__()
        self.module, self.name, self.home, self.new_name = module, name, home, new_name
        self.done = False

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine):
        if self.done or len(updated.body) != 1 or not isinstance(updated.body[0], cst.ImportFrom):
            return updated
        statement = updated.body[0]
        if dotted(statement.module) != self.module or statement.relative or \
                isinstance(statement.names, cst.ImportStar):
            return updated
        moved = [a for a in statement.names if dotted(a.name) == self.name]
        if not moved:
            return updated
        self.done = True
        alias = moved[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        if self.new_name and self.new_name != self.name:
            alias = alias.with_changes(name=cst.Name(self.new_name),
                                       asname=alias.asname or cst.AsName(name=cst.Name(self.name)))
        new_line = cst.SimpleStatementLine(
            body=[cst.ImportFrom(module=module_node(self.home), names=[alias])])
        kept = [a for a in statement.names if dotted(a.name) != self.name]
        if not kept:
            return new_line.with_changes(leading_lines=updated.leading_lines)
        if statement.rpar is None:   # without parentheses a trailing comma would not parse
            kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return cst.FlattenSentinel([updated.with_changes(body=[statement.with_changes(names=kept)]),
                                    new_line])
