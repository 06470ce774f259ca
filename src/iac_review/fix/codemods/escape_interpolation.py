"""Escape a Terraform interpolation in a plain string: ``"${aws:username}"`` -> ``"$${aws:username}"``.

Arguments: ``text``, the ``${...}`` occurrence as it stands in the string. The
string is the one that starts at the repair's position (a plain or
concatenated literal; f-strings are left alone). Terraform reads ``$${`` as a
literal ``${``, so the value that reaches AWS is the text the code wrote.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import parse, starts_at


def apply(text: str, repair: Repair) -> str | None:
    occurrence = repair.arg("text")
    wrapper = parse(text) if occurrence.startswith("${") else None
    if wrapper is None:
        return None
    out = wrapper.visit(_Escape(occurrence, repair.line, repair.column)).code
    return out if out != text else None


def _escaped(value: str, occurrence: str) -> str:
    parts = value.split(occurrence)
    out = parts[0]
    for part in parts[1:]:
        out += ("$" + occurrence if not out.endswith("$") else occurrence) + part
    return out


class _Escape(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, occurrence: str, line: int, column: int) -> None:
        super().__init__()
        self.occurrence, self.line, self.column = occurrence, line, column
        self.inside = 0    # > 0 within the target concatenation

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        if self.inside or starts_at(self, node, self.line, self.column):
            self.inside += 1

    def leave_ConcatenatedString(self, original, updated):
        if self.inside:
            self.inside -= 1
        return updated

    def leave_SimpleString(self, original: cst.SimpleString, updated: cst.SimpleString) -> cst.SimpleString:
        if not (self.inside or starts_at(self, original, self.line, self.column)):
            return updated
        return updated.with_changes(value=_escaped(updated.value, self.occurrence))
