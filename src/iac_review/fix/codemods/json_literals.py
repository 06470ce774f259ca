"""JSON's literals as Python's: ``{"Enabled": true}`` -> ``{"Enabled": True}``.

No arguments. Every read of the names ``true``, ``false`` and ``null`` in the
file changes, unless the file binds one of them (assigns, imports or defines
it): then nothing changes.
"""
from __future__ import annotations

import libcst as cst

from libcst.metadata import ExpressionContext, ExpressionContextProvider

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import parse

_PYTHON = {"true": "True", "false": "False", "null": "None"}


def apply(text: str, repair: Repair) -> str | None:
    wrapper = parse(text)
    if wrapper is None:
        return None
    contexts = wrapper.resolve(ExpressionContextProvider)
    if any(isinstance(node, cst.Name) and node.value in _PYTHON and ctx is not ExpressionContext.LOAD
           for node, ctx in contexts.items()):
        return None
    if _imports_or_defines(wrapper.module):
        return None
    out = wrapper.module.visit(_Literals()).code
    return out if out != text else None


def _imports_or_defines(tree: cst.Module) -> bool:
    found = False

    class Finder(cst.CSTVisitor):
        def visit_ImportAlias(self, node: cst.ImportAlias) -> None:
            nonlocal found
            bound = node.asname.name if node.asname else node.name
            found |= isinstance(bound, cst.Name) and bound.value in _PYTHON

        def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
            nonlocal found
            found |= node.name.value in _PYTHON

        def visit_Param(self, node: cst.Param) -> None:
            nonlocal found
            found |= node.name.value in _PYTHON

    tree.visit(Finder())
    return found


class _Literals(cst.CSTTransformer):
    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        return updated.with_changes(value=_PYTHON[original.value]) if original.value in _PYTHON else updated

    # `x.true` and `f(true=1)` hold the word as an attribute or keyword, not as a name read
    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.Attribute:
        return updated.with_changes(attr=original.attr)

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        return updated.with_changes(keyword=original.keyword)
