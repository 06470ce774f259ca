"""Call another class at one place: ``lifecycle=BackupPlanRuleLifecycle(...)`` becomes
``lifecycle=BackupPlanRuleCopyActionLifecycle(...)``.

Arguments ``old`` and ``new``: the call that starts at the repair's position and
calls ``old`` (a bare name, or ``module.old``) calls ``new`` instead. Other uses
of ``old`` stay; the import of ``new`` is the next round's business (PY003).
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import parse, starts_at


def apply(text: str, repair: Repair) -> str | None:
    old, new = repair.arg("old"), repair.arg("new")
    wrapper = parse(text) if old and new.isidentifier() else None
    if wrapper is None:
        return None
    out = wrapper.visit(_Swap(old, new, repair.line, repair.column)).code
    return out if out != text else None


class _Swap(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, old: str, new: str, line: int, column: int) -> None:
        super().__init__()
        self.old, self.new, self.line, self.column = old, new, line, column

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        if not starts_at(self, original, self.line, self.column):
            return updated
        func = updated.func
        if isinstance(func, cst.Name) and func.value == self.old:
            return updated.with_changes(func=func.with_changes(value=self.new))
        if isinstance(func, cst.Attribute) and func.attr.value == self.old:
            return updated.with_changes(func=func.with_changes(attr=cst.Name(self.new)))
        return updated
