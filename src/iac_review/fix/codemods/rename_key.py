"""Rename a dict key or a keyword argument at one position: ``{"cidrBlock": ...}`` -> ``{"cidr_block": ...}``.

Arguments: ``old``, ``new``. ``rename_key`` edits a string key of a dict literal
(its quote style kept) that starts at the repair's position and reads ``old``;
``rename_keyword`` edits the keyword of a call argument there. Nothing else in
the file changes.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import parse, starts_at


def apply_key(text: str, repair: Repair) -> str | None:
    return _apply(text, repair, _Key)


def apply_keyword(text: str, repair: Repair) -> str | None:
    return _apply(text, repair, _Keyword)


def _apply(text: str, repair: Repair, kind) -> str | None:
    old, new = repair.arg("old"), repair.arg("new")
    wrapper = parse(text) if old and new and new.isidentifier() else None
    if wrapper is None:
        return None
    out = wrapper.visit(kind(old, new, repair.line, repair.column)).code
    return out if out != text else None


class _At(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, old: str, new: str, line: int, column: int) -> None:
        super().__init__()
        self.old, self.new, self.line, self.column = old, new, line, column


class _Key(_At):
    def leave_DictElement(self, original: cst.DictElement, updated: cst.DictElement) -> cst.DictElement:
        key = original.key
        if not (isinstance(key, cst.SimpleString) and starts_at(self, key, self.line, self.column)):
            return updated
        if key.evaluated_value != self.old:
            return updated
        quote = key.quote
        return updated.with_changes(key=key.with_changes(value=f"{key.prefix}{quote}{self.new}{quote}"))


class _Keyword(_At):
    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        if original.keyword is None or original.keyword.value != self.old:
            return updated
        if not starts_at(self, original, self.line, self.column):
            return updated
        return updated.with_changes(keyword=cst.Name(self.new))
