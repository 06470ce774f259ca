"""Rewrite or remove one comment: ``x = 1  # iac-review: ignore[A, B] why`` -> ``... ignore[A] why``.

Arguments ``old`` (the comment as written, without surrounding blanks) and
``new`` (its replacement; empty removes it). Only a comment on the repair's
line with exactly the old text changes. A comment alone on its line goes with
its line; a trailing one goes with the blanks before it.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import parse


def apply(text: str, repair: Repair) -> str | None:
    old = repair.arg("old").strip()
    wrapper = parse(text) if old else None
    if wrapper is None:
        return None
    out = wrapper.visit(_Replace(old, repair.arg("new").strip(), repair.line)).code
    return out if out != text else None


class _Replace(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, old: str, new: str, line: int) -> None:
        super().__init__()
        self.old, self.new, self.line = old, new, line

    def _here(self, comment: cst.Comment | None) -> bool:
        if comment is None or comment.value.strip() != self.old:
            return False
        position = self.get_metadata(PositionProvider, comment, None)
        return position is not None and position.start.line == self.line

    def leave_EmptyLine(self, original: cst.EmptyLine, updated: cst.EmptyLine):
        if not self._here(original.comment):
            return updated
        if not self.new:
            return cst.RemoveFromParent()
        return updated.with_changes(comment=cst.Comment(self.new))

    def leave_TrailingWhitespace(self, original: cst.TrailingWhitespace,
                                 updated: cst.TrailingWhitespace) -> cst.TrailingWhitespace:
        if not self._here(original.comment):
            return updated
        if not self.new:
            return updated.with_changes(whitespace=cst.SimpleWhitespace(""), comment=None)
        return updated.with_changes(comment=cst.Comment(self.new))
