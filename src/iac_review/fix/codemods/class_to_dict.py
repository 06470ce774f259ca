"""Build a struct the provider does not define as a dict: ``Statement(name="x")`` -> ``{"name": "x"}``.

Argument ``name``: a class the file imports but no installed provider defines
(answers invent nested struct classes, e.g. for blocks the provider types as
``Any``). Every call of it with keyword arguments only becomes a dict literal
with those keys, and the name leaves the import (also when nothing calls it). When the name is used any
other way (positional arguments, ``**kwargs``, a bare reference), nothing changes.
"""
from __future__ import annotations

import libcst as cst

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import parse


def apply(text: str, repair: Repair) -> str | None:
    name = repair.arg("name")
    wrapper = parse(text) if name.isidentifier() else None
    if wrapper is None:
        return None
    converter = _ToDict(name)
    out = wrapper.visit(converter)
    if converter.blocked or not (converter.converted or converter.unimported):
        return None
    return out.code


class _ToDict(cst.CSTTransformer):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name, self.converted, self.blocked, self.unimported = name, 0, False, False
        self._calls = 0   # depth inside a call of the name being converted (its func is a use)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        if original.value == self.name and not self._calls:
            self.blocked = True   # used as something other than a call
        return updated

    def visit_Call(self, node: cst.Call) -> bool:
        if isinstance(node.func, cst.Name) and node.func.value == self.name:
            self._calls += 1
        return True

    def leave_Call(self, original: cst.Call, updated: cst.Call):
        if not (isinstance(original.func, cst.Name) and original.func.value == self.name):
            return updated
        self._calls -= 1
        if any(arg.keyword is None for arg in updated.args):
            self.blocked = True
            return updated
        self.converted += 1
        elements = [cst.DictElement(cst.SimpleString(f'"{arg.keyword.value}"'), arg.value,
                                    comma=arg.comma) for arg in updated.args]
        closing = updated.args[-1].whitespace_after_arg if updated.args else cst.SimpleWhitespace("")
        return cst.Dict(elements, lbrace=cst.LeftCurlyBrace(whitespace_after=updated.whitespace_before_args),
                        rbrace=cst.RightCurlyBrace(whitespace_before=closing))

    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom):
        if isinstance(updated.names, cst.ImportStar):
            return updated
        kept = [a for a in updated.names if not (isinstance(a.name, cst.Name) and a.name.value == self.name)]
        if len(kept) == len(updated.names):
            return updated
        self.unimported = True
        if not kept:
            return cst.RemoveFromParent()
        if updated.rpar is None:
            kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated.with_changes(names=kept)
