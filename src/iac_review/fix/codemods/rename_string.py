"""Change one string literal: ``TapStack(app, "tap")`` -> ``TapStack(app, "tap-2")``.

Arguments ``old`` and ``new``: the plain string literal that starts at the
repair's position and reads ``old`` becomes ``new``, in the same quotes.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import parse, starts_at


def apply(text: str, repair: Repair) -> str | None:
    old, new = repair.arg("old"), repair.arg("new")
    plain = new and not any(c in new for c in "\"'\\\n")
    wrapper = parse(text) if plain else None
    if wrapper is None:
        return None
    out = wrapper.visit(_Retext(old, new, repair.line, repair.column)).code
    return out if out != text else None


class _Retext(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, old: str, new: str, line: int, column: int) -> None:
        super().__init__()
        self.old, self.new, self.line, self.column = old, new, line, column

    def leave_SimpleString(self, original: cst.SimpleString, updated: cst.SimpleString):
        if original.evaluated_value != self.old or not starts_at(self, original, self.line, self.column):
            return updated
        return updated.with_changes(value=f"{original.prefix}{original.quote}{self.new}{original.quote}")
