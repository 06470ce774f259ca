"""Read strings the way they will reach Terraform: literals, f-strings, `+` and `%`."""
from __future__ import annotations

import ast
from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    """A literal text part, or a formatted expression (``expr`` set)."""

    text: str = ""
    expr: ast.AST | None = None


def pieces(expr: ast.AST) -> list[Piece] | None:
    """The parts of a string expression, or None when it is not a string we can read."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [Piece(expr.value)]
    if isinstance(expr, ast.JoinedStr):
        out: list[Piece] = []
        for value in expr.values:
            if isinstance(value, ast.Constant):
                out.append(Piece(str(value.value)))
            elif isinstance(value, ast.FormattedValue):
                out.append(Piece(expr=value.value))
        return out
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        left, right = pieces(expr.left), pieces(expr.right)
        if left is None and right is None:
            return None
        return (left or [Piece(expr=expr.left)]) + (right or [Piece(expr=expr.right)])
    return None


def literal_text(expr: ast.AST) -> str | None:
    """The full text when the string has no formatted parts."""
    parts = pieces(expr)
    if parts is None or any(p.expr is not None for p in parts):
        return None
    return "".join(p.text for p in parts)


def template(expr: ast.AST, placeholder: str = "{}") -> str | None:
    """Text with every formatted part replaced by ``placeholder``."""
    parts = pieces(expr)
    if parts is None:
        return None
    return "".join(p.text if p.expr is None else placeholder for p in parts)


def names_in(expr: ast.AST) -> set[str]:
    """Every name and attribute name used in an expression (for 'mentions suffix' checks)."""
    found: set[str] = set()
    for node in ast.walk(expr):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.arg):
            found.add(node.arg)
    return found


def string_constants(tree: ast.AST):
    """Every string literal in a tree, including the literal parts of f-strings."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node
