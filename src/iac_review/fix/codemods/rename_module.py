"""Import a project package by its path from the project root: ``from stacks.vpc import X`` ->
``from lib.stacks.vpc import X``.

Arguments ``old`` (a module, dotted or not) and ``new`` (the dotted name to
import it by: its path from the project root, or the package that replaces
it). Every absolute import of ``old`` or of a module inside it, in the file,
changes; relative imports and other modules stay.
"""
from __future__ import annotations

import libcst as cst

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import dotted, module_node, parse


def apply(text: str, repair: Repair) -> str | None:
    old, new = repair.arg("old"), repair.arg("new")
    valid = all(part.isidentifier() for part in f"{old}.{new}".split("."))
    wrapper = parse(text) if valid else None
    if wrapper is None:
        return None
    out = wrapper.visit(_Rebase(old, new)).code
    return out if out != text else None


class _Rebase(cst.CSTTransformer):
    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old, self.new = old, new

    def _moved(self, name: str) -> str | None:
        if name == self.old or name.startswith(self.old + "."):
            return self.new + name[len(self.old):]
        return None

    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom) -> cst.ImportFrom:
        moved = None if original.relative else self._moved(dotted(original.module))
        return updated.with_changes(module=module_node(moved)) if moved else updated

    def leave_ImportAlias(self, original: cst.ImportAlias, updated: cst.ImportAlias) -> cst.ImportAlias:
        # `import stacks.vpc as vpc` only: a bare `import stacks.vpc` binds `stacks`, which the
        # code then uses by that name, so renaming it would break the uses
        moved = self._moved(dotted(original.name)) if original.asname is not None else None
        return updated.with_changes(name=module_node(moved)) if moved else updated

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False   # the names imported from a module are not modules to move
