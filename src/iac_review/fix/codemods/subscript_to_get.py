"""Read an item of a provider list attribute with ``.get(i)``: ``cluster.identity[0]`` -> ``cluster.identity.get(0)``.

A provider's list attributes are token-backed objects (``...List``) that do not
support ``[i]``; ``get(i)`` returns the item. The subscript that starts at the
repair's position changes, when its index is one integer (and, with argument
``attr``, when it reads that attribute: ``a.b[0].c[0]`` has two subscripts
that start at the same place).
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import parse, starts_at


def apply(text: str, repair: Repair) -> str | None:
    wrapper = parse(text)
    if wrapper is None:
        return None
    out = wrapper.visit(_Get(repair.line, repair.column, repair.arg("attr"))).code
    return out if out != text else None


class _Get(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, line: int, column: int, attr: str) -> None:
        super().__init__()
        self.line, self.column, self.attr = line, column, attr

    def leave_Subscript(self, original: cst.Subscript, updated: cst.Subscript):
        if not starts_at(self, original, self.line, self.column) or len(updated.slice) != 1:
            return updated
        if self.attr and not (isinstance(original.value, cst.Attribute)
                              and original.value.attr.value == self.attr):
            return updated
        index = updated.slice[0].slice
        if not (isinstance(index, cst.Index) and isinstance(index.value, cst.Integer)):
            return updated
        return cst.Call(func=cst.Attribute(value=updated.value, attr=cst.Name("get")),
                        args=[cst.Arg(index.value)])
