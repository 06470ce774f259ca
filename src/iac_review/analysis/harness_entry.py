"""The call a task's own tap.py makes to build the stack.

A task folder ships the entry point the pipeline runs with the answer's
`lib/`; when it is there, the stack must accept what that file passes, not
an assumed contract. The file is parsed, never run.
"""
from __future__ import annotations

import ast
from functools import lru_cache

from iac_review.parse.python import parse_python


def stack_call_in(text: str, class_name: str) -> ast.Call | None:
    """The first call of ``class_name`` (by name or as an attribute) in the entry point's text;
    None when it makes none or does not parse."""
    tree = _tree(text)
    if tree is None:
        return None
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and _named(node.func, class_name)]
    return min(calls, key=lambda c: (c.lineno, c.col_offset)) if calls else None


def _named(func: ast.AST, name: str) -> bool:
    return (isinstance(func, ast.Name) and func.id == name) or \
        (isinstance(func, ast.Attribute) and func.attr == name)


def project_imports(text: str) -> list[tuple[str, str, int]]:
    """(module, name, line) of each `from lib... import Name` of the entry point: what it needs
    the answer to provide."""
    tree = _tree(text)
    if tree is None:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] == "lib":
            found.extend((node.module, alias.name, node.lineno) for alias in node.names)
    return sorted(found, key=lambda item: item[2])


def list_arguments(text: str, class_name: str) -> dict[str, int]:
    """Keyword arguments the entry point passes to ``class_name`` as a list (a list literal,
    or a module-level name bound to one), with the line where the list is written."""
    tree = _tree(text)
    call = stack_call_in(text, class_name)
    if tree is None or call is None:
        return {}
    lists = {target.id: node.value.lineno for node in tree.body if isinstance(node, ast.Assign)
             and isinstance(node.value, ast.List)
             for target in node.targets if isinstance(target, ast.Name)}
    found = {}
    for keyword in call.keywords:
        if isinstance(keyword.value, ast.List):
            found[keyword.arg] = keyword.value.lineno
        elif isinstance(keyword.value, ast.Name) and keyword.value.id in lists:
            found[keyword.arg] = lists[keyword.value.id]
    return {name: line for name, line in found.items() if name}


@lru_cache(maxsize=8)
def _tree(text: str) -> ast.Module | None:
    """The entry point parsed once: CTR002, CTR003 and CTR007 all read the same file."""
    return parse_python(text, "tap.py").tree
