"""List versus one object for a nested block.

``unwrap_list``: the list literal that starts at the repair's position and holds
exactly one element becomes that element (``versioning=[X(...)]`` ->
``versioning=X(...)``). ``wrap_in_list``: the expression that starts there
becomes a one-element list (``rule=X(...)`` -> ``rule=[X(...)]``). A list of
several blocks where one is expected is left alone: which one was meant is not
knowable.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import outermost_expression, parse, starts_at


def apply_unwrap(text: str, repair: Repair) -> str | None:
    return _apply(text, repair, _Unwrap)


def apply_wrap(text: str, repair: Repair) -> str | None:
    wrapper = parse(text)
    if wrapper is None:
        return None
    target = outermost_expression(wrapper, repair.line, repair.column)
    if target is None:
        return None
    out = wrapper.visit(_Wrap(target)).code
    return out if out != text else None


def _apply(text: str, repair: Repair, kind) -> str | None:
    wrapper = parse(text)
    if wrapper is None:
        return None
    out = wrapper.visit(kind(repair.line, repair.column)).code
    return out if out != text else None


class _At(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, line: int, column: int) -> None:
        super().__init__()
        self.line, self.column, self.done = line, column, False

    def here(self, node: cst.CSTNode) -> bool:
        if self.done or not starts_at(self, node, self.line, self.column):
            return False
        self.done = True
        return True


class _Unwrap(_At):
    def leave_List(self, original: cst.List, updated: cst.List) -> cst.BaseExpression:
        if len(updated.elements) != 1 or isinstance(updated.elements[0], cst.StarredElement):
            return updated
        if not self.here(original):
            return updated
        return updated.elements[0].value


class _Wrap(cst.CSTTransformer):
    def __init__(self, target: cst.CSTNode) -> None:
        super().__init__()
        self.target = target

    def on_leave(self, original: cst.CSTNode, updated: cst.CSTNode):
        if original is self.target:
            return cst.List([cst.Element(updated)])
        return updated
