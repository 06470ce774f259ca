"""Rename a function parameter and its uses in that function: ``id`` -> ``construct_id``.

Arguments: ``old``, ``new``; the position is the parameter's. Uses inside the
function follow, nested functions included unless they take a parameter of the
same name; keyword names (``Foo(id=...)``) and attributes (``self.id``) are
left alone. Callers that pass the parameter by keyword would break, so rules
declare this repair unsafe. A function that already uses ``new`` for something
of its own (not a nested function's own parameter) is left alone.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import parse, starts_at


def apply(text: str, repair: Repair) -> str | None:
    old, new = repair.arg("old"), repair.arg("new")
    wrapper = parse(text) if old and new else None
    if wrapper is None:
        return None
    renamer = _Rename(old, new, repair.line, repair.column)
    out = wrapper.visit(renamer).code
    return out if renamer.done and not renamer.conflict and out != text else None


def _params(node: cst.FunctionDef | cst.Lambda) -> list[cst.Param]:
    p = node.params
    star = [p.star_arg] if isinstance(p.star_arg, cst.Param) else []
    return [*p.posonly_params, *p.params, *star, *p.kwonly_params,
            *([p.star_kwarg] if p.star_kwarg else [])]


class _Rename(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, old: str, new: str, line: int, column: int) -> None:
        super().__init__()
        self.old, self.new, self.line, self.column = old, new, line, column
        self.depth = 0          # > 0 inside the target function
        self.shadowed = 0       # > 0 inside a nested function with its own `old`
        self.own_new = 0        # > 0 inside a nested function with its own `new`
        self.done = False
        self.conflict = False   # `new` already names something of the target function

    def _owns_target(self, node: cst.FunctionDef) -> bool:
        return any(p.name.value == self.old and starts_at(self, p.name, self.line, self.column)
                   for p in _params(node))

    def _count(self, node: cst.FunctionDef, step: int) -> None:
        names = {p.name.value for p in _params(node)}
        self.shadowed += step if self.old in names else 0
        self.own_new += step if self.new in names else 0

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        if self.depth:
            self.depth += 1
            self._count(node, 1)
        elif self._owns_target(node):
            self.depth = 1
        return True

    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef:
        if self.depth:
            if self.depth > 1:
                self._count(original, -1)
            self.depth -= 1
            if self.depth == 0:
                self.done = True
        return updated

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        if not self.depth:
            return updated
        if original.value == self.new and not self.own_new:
            self.conflict = True
        if not self.shadowed and original.value == self.old:
            return updated.with_changes(value=self.new)
        return updated

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.Attribute:
        return updated.with_changes(attr=original.attr)

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        return updated.with_changes(keyword=original.keyword)
