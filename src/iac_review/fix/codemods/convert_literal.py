"""Give a literal the type the schema asks for: ``port="443"`` -> ``port=443``, ``name=5`` -> ``name="5"``.

Argument ``to``: ``str`` (a number becomes its text), ``number`` (a string that
reads as a number becomes it), ``bool`` (``"true"``/``"false"`` become
``True``/``False``), ``str_call`` (an expression becomes ``str(expr)``, for a
``pathlib.Path``), ``bool_str`` (``True``/``False`` become ``"true"``/``"false"``,
the strings Terraform reads as booleans), ``first_item`` (a list of one item
becomes that item). Only the literal that starts at the repair's position
changes; a string that does not read as the type is left alone.
"""
from __future__ import annotations

import libcst as cst

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import ReplaceNode, outermost_expression, parse


def apply(text: str, repair: Repair) -> str | None:
    wrapper = parse(text)
    if wrapper is None:
        return None
    target = outermost_expression(wrapper, repair.line, repair.column)
    new = _converted(target, repair.arg("to")) if target is not None else None
    if new is None:
        return None
    out = wrapper.visit(ReplaceNode(target, new)).code
    return out if out != text else None


def _converted(node: cst.CSTNode, to: str) -> cst.BaseExpression | None:
    if to == "str" and isinstance(node, (cst.Integer, cst.Float)):
        return cst.SimpleString(f'"{node.value}"')
    if to == "bool_str" and isinstance(node, cst.Name) and node.value in ("True", "False"):
        return cst.SimpleString(f'"{node.value.lower()}"')
    if to == "first_item" and isinstance(node, cst.List) and len(node.elements) == 1 \
            and isinstance(node.elements[0], cst.Element):
        return node.elements[0].value
    if to == "str_call" and isinstance(node, cst.BaseExpression):
        return cst.Call(func=cst.Name("str"), args=[cst.Arg(node)])
    if not isinstance(node, cst.SimpleString) or node.prefix.lower() not in ("", "u"):
        return None
    value = node.evaluated_value
    if not isinstance(value, str):
        return None
    if to == "bool" and value.strip().lower() in ("true", "false"):
        return cst.Name("True" if value.strip().lower() == "true" else "False")
    if to == "number":
        text = value.strip()
        try:
            number = int(text) if text.lstrip("-").isdigit() else float(text)
        except ValueError:
            return None
        return cst.Integer(str(number)) if isinstance(number, int) else cst.Float(repr(number))
    return None
