"""Drop one keyword argument: ``Eip(self, "ip", vpc=True, domain="vpc")`` -> ``Eip(self, "ip", domain="vpc")``.

Argument ``name``: the keyword; only the argument that starts at the repair's
position and has that keyword goes, with its comma. Unsafe by nature: what the
argument meant is lost, so only the repair loop of a review uses it, to see
past an argument the class does not take.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import parse, starts_at


def apply(text: str, repair: Repair) -> str | None:
    name = repair.arg("name")
    wrapper = parse(text) if name else None
    if wrapper is None:
        return None
    out = wrapper.visit(_Drop(name, repair.line, repair.column)).code
    return out if out != text else None


class _Drop(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, name: str, line: int, column: int) -> None:
        super().__init__()
        self.name, self.line, self.column = name, line, column

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        drop = [i for i, arg in enumerate(original.args)
                if arg.keyword is not None and arg.keyword.value == self.name
                and starts_at(self, arg, self.line, self.column)]
        if not drop:
            return updated
        args = [arg for i, arg in enumerate(updated.args) if i != drop[0]]
        if args and drop[0] == len(original.args) - 1:
            # the last argument went: the one before it ends the call as the dropped one did
            args[-1] = args[-1].with_changes(comma=updated.args[-1].comma)
        return updated.with_changes(args=args)
