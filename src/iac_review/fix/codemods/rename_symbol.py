"""Rename a provider class the code imports or names: ``S3BucketVersioning`` -> ``S3BucketVersioningA``.

Arguments: ``module`` (the provider module the name is imported from), ``old``,
``new``. ``from <module> import old`` becomes ``import new`` and every use of
the bare name in the file follows (an alias, ``import old as x``, keeps its
uses); an attribute ``<module alias>.old`` at the repair's position is renamed
in place. Keyword names and other attributes called ``old`` are left alone.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import dotted, parse, starts_at


def apply(text: str, repair: Repair) -> str | None:
    old, new, module = repair.arg("old"), repair.arg("new"), repair.arg("module")
    if not (old and new and old in text):
        return None
    wrapper = parse(text)
    if wrapper is None:
        return None
    renamer = _Rename(module, old, new, repair.line, repair.column,
                      bare=_imported_bare(wrapper.module, module, old))
    out = wrapper.visit(renamer).code
    return out if out != text else None


def _imported_bare(tree: cst.Module, module: str, old: str) -> bool:
    """Whether the file imports ``old`` from ``module`` under its own name."""
    found = False

    class Finder(cst.CSTVisitor):
        def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
            nonlocal found
            if dotted(node.module) == module and not isinstance(node.names, cst.ImportStar):
                found |= any(dotted(a.name) == old and a.asname is None for a in node.names)

    tree.visit(Finder())
    return found


class _Rename(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, module: str, old: str, new: str, line: int, column: int, bare: bool) -> None:
        super().__init__()
        self.module, self.old, self.new = module, old, new
        self.line, self.column, self.bare = line, column, bare

    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom) -> cst.ImportFrom:
        if dotted(original.module) != self.module or isinstance(updated.names, cst.ImportStar):
            return updated
        names = [a.with_changes(name=cst.Name(self.new)) if dotted(o.name) == self.old else a
                 for o, a in zip(original.names, updated.names, strict=True)]
        return updated.with_changes(names=names)

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        return updated.with_changes(value=self.new) if self.bare and original.value == self.old else updated

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.Attribute:
        if original.attr.value != self.old:
            return updated
        if starts_at(self, original, self.line, self.column):
            return updated.with_changes(attr=cst.Name(self.new))
        return updated.with_changes(attr=original.attr)   # another object's attribute: untouched

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        return updated.with_changes(keyword=original.keyword)   # a keyword is not the class
