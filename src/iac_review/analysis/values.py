"""Follow a value expression to its literal shape.

Names assigned in the same function (or at module level) are followed, so
``rules = [...]; S3Bucket(..., lifecycle_rule=rules)`` is checked like the
inline form. A name assigned more than once is followed only when every
assignment sits directly in the function body (no branch picks between them);
then the last one before the use wins.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

from iac_review.analysis.modules import ParsedModule

_MAX_DEPTH = 8


@dataclass
class Assignments:
    """Simple ``name = value`` assignments per scope node."""

    by_scope: dict[int, dict[str, list[tuple[int, ast.AST, bool]]]]

    @classmethod
    def collect(cls, module: ParsedModule) -> "Assignments":
        table: dict[int, dict[str, list[tuple[int, ast.AST, bool]]]] = {}
        for node in module.walk():
            targets: list[ast.AST] = []
            value = None
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            for target in targets:
                if isinstance(target, ast.Name):
                    scope = module.enclosing_function(node)
                    direct = _is_direct_child(module, node, scope)
                    table.setdefault(id(scope), {}).setdefault(target.id, []).append(
                        (node.lineno, value, direct))
        return cls(table)

    def lookup(self, module: ParsedModule, name: ast.Name) -> ast.AST | None:
        scope = module.enclosing_function(name)
        found = self._in_scope(scope, name.id, name.lineno)
        if found is None and scope is not module.tree:
            found = self._in_scope(module.tree, name.id, 10 ** 9)
        return found

    def _in_scope(self, scope: ast.AST, name: str, line: int) -> ast.AST | None:
        entries = self.by_scope.get(id(scope), {}).get(name)
        if not entries:
            return None
        if len(entries) == 1:
            return entries[0][1]
        if not all(direct for _, _, direct in entries):
            return None
        before = [value for lineno, value, _ in entries if lineno < line]
        return before[-1] if before else None


def _is_direct_child(module: ParsedModule, node: ast.AST, scope: ast.AST) -> bool:
    return module.parent(node) is scope


def follow(expr: ast.AST, module: ParsedModule, assignments: Assignments,
           depth: int = 0) -> ast.AST:
    """The expression a name stands for, as far as it can be followed."""
    while isinstance(expr, ast.Name) and depth < _MAX_DEPTH:
        target = assignments.lookup(module, expr)
        if target is None or target is expr:
            return expr
        expr = target
        depth += 1
    return expr


def literal_kind(expr: ast.AST) -> str | None:
    """Kind of a literal: str, int, float, bool, none, dict, list; else None."""
    if isinstance(expr, ast.Constant):
        value = expr.value
        if isinstance(value, bool):
            return "bool"
        if value is None:
            return "none"
        if isinstance(value, (int, float)):
            return "number"
        if isinstance(value, str):
            return "str"
        return None
    if isinstance(expr, ast.JoinedStr):
        return "str"
    if isinstance(expr, ast.Dict):
        return "dict"
    if isinstance(expr, (ast.List, ast.Tuple, ast.ListComp)):
        return "list"
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod) and \
            isinstance(expr.left, ast.Constant) and isinstance(expr.left.value, str):
        return "str"
    return None


def list_elements(expr: ast.AST) -> list[ast.AST] | None:
    """Elements of a list literal or the element template of a comprehension."""
    if isinstance(expr, (ast.List, ast.Tuple)):
        return [e for e in expr.elts if not isinstance(e, ast.Starred)]
    if isinstance(expr, ast.ListComp):
        return [expr.elt]
    return None


def dict_items(expr: ast.Dict) -> tuple[list[tuple[ast.Constant, ast.AST]], bool]:
    """String-keyed items of a dict literal, and whether all keys were literal strings."""
    items, complete = [], True
    for key, value in zip(expr.keys, expr.values, strict=True):
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            items.append((key, value))
        else:
            complete = False  # `**spread` (key None) or computed key
    return items, complete
