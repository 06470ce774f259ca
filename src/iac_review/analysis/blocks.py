"""The arguments of a resource call and of its nested blocks, as the code writes them.

A nested block reaches a resource call as a struct call
(``EcsServiceNetworkConfiguration(subnets=...)``), a dict (``{"subnets": ...}``)
or a list of either, often through a local variable. ``block_views`` walks a
dotted block path (``ordered_cache_behavior.forwarded_values``) through all of
these and gives every instance it can see, with the arguments set in it.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

from iac_review.analysis.resources import ResourceCall
from iac_review.analysis.values import dict_items, list_elements
from iac_review.schema.naming import snake_case

# Bounds a walk through hostile nesting: a block path is a few segments deep.
_MAX_PATH = 6


@dataclass(frozen=True)
class BlockView:
    node: ast.AST                   # where the instance is written (call, struct call or dict)
    values: dict[str, ast.AST]      # argument -> its value, names followed
    complete: bool                  # False when `**spread` or a computed key hides arguments

    def is_set(self, name: str) -> bool:
        """Whether the argument is given a value Terraform will see (not None, not an empty list)."""
        value = self.values.get(name)
        if value is None:
            return False
        if isinstance(value, ast.Constant) and value.value is None:
            return False
        return not (isinstance(value, (ast.List, ast.Tuple)) and not value.elts)


def call_view(call: ResourceCall) -> BlockView:
    """The resource call's own arguments."""
    return BlockView(call.node, {name: call.arg(name) for name in call.keywords}, not call.has_spread)


def block_views(call: ResourceCall, block: str | None) -> list[BlockView]:
    """Every instance of nested block ``block`` (None: the resource itself) the code shows."""
    views = [call_view(call)]
    if not block:
        return views
    for segment in block.split(".")[:_MAX_PATH]:
        views = [inner for view in views if view.is_set(segment)
                 for inner in _instances(call, view.values[segment])]
    return views


def _instances(call: ResourceCall, value: ast.AST) -> list[BlockView]:
    value = call.value(value)
    elements = list_elements(value)
    found = []
    for element in (elements if elements is not None else [value]):
        view = _view(call, call.value(element))
        if view is not None:
            found.append(view)
    return found


def _view(call: ResourceCall, node: ast.AST) -> BlockView | None:
    if isinstance(node, ast.Call):
        keywords = {kw.arg: call.value(kw.value) for kw in node.keywords if kw.arg}
        return BlockView(node, keywords, all(kw.arg for kw in node.keywords))
    if isinstance(node, ast.Dict):
        # Dicts inside lists carry JSON (camelCase) names, others Python ones: read both as Python.
        items, complete = dict_items(node)
        return BlockView(node, {snake_case(key.value): call.value(value) for key, value in items}, complete)
    return None
