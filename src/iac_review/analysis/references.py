"""Which construct a value refers to, by the variable it was assigned to.

Rules that pair resources (a bucket and its public access block, a security
group and its rules, a secret and its rotation) match them by name: the
variable or attribute a construct call is assigned to, and the variable an
argument like `bucket=self.logs.id` reads.
"""
from __future__ import annotations

import ast

from iac_review.analysis.values import dict_items


def assigned_name(call) -> str | None:
    """`logs` for `logs = S3Bucket(...)` or `self.logs = S3Bucket(...)`."""
    parent = call.module.parent(call.node)
    if isinstance(parent, (ast.Assign, ast.AnnAssign)):
        target = parent.targets[0] if isinstance(parent, ast.Assign) else parent.target
        if isinstance(target, ast.Attribute):
            return target.attr
        if isinstance(target, ast.Name):
            return target.id
    return None


def referenced_name(expr: ast.AST | None) -> str | None:
    """`logs` for `logs.id`, `self.logs.id` or `stack.logs.arn`; None when unknown."""
    if isinstance(expr, ast.Attribute):
        base = expr.value
        if isinstance(base, ast.Attribute):
            return base.attr
        if isinstance(base, ast.Name):
            return base.id
    return None


def block_fields(element: ast.AST) -> dict[str, ast.AST] | None:
    """The fields of one nested block given as a dict literal or a struct call."""
    if isinstance(element, ast.Dict):
        items, _ = dict_items(element)
        return {k.value: v for k, v in items}
    if isinstance(element, ast.Call):
        return {kw.arg: kw.value for kw in element.keywords if kw.arg}
    return None
