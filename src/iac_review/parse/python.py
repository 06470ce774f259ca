"""Parse Python source without ever raising, and with a bound on nesting.

Every parse of code from an answer goes through ``parse_python``: a syntax
error is recorded; a parser that runs out of stack (RecursionError or
MemoryError on deeply nested expressions) is recorded as ``too_deep``; and a
tree nested deeper than ``MAX_AST_DEPTH`` (real CDKTF code stays under 20)
is refused as well, because the recursive walks that read trees (ours and
``ast.unparse``) would exhaust Python's stack on it.

A syntax error may only mean that the code targets a newer Python (an f-string
whose replacement field spans lines is valid from 3.12): ``newer_syntax`` says
so (parse/newer_python.py).
"""
from __future__ import annotations

import ast
import sys
import warnings
from dataclasses import dataclass, field

from iac_review.parse.newer_python import valid_for_newer_python

MAX_AST_DEPTH = 100


@dataclass(frozen=True)
class TooDeep:
    """A file nested too deeply to analyse, and where."""

    line: int
    python_fails: bool     # Python itself cannot compile it (its parser ran out of stack)
    depth: int | None      # the depth measured, when Python could parse it


@dataclass
class PythonParse:
    tree: ast.Module | None
    error: SyntaxError | None = None
    too_deep: TooDeep | None = None
    parents: dict[int, ast.AST] = field(default_factory=dict)
    nodes: list[ast.AST] = field(default_factory=list)  # every node, breadth first
    newer_syntax: bool = False  # the syntax error is this Python's: a newer one reads the file


RUNNING_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"


def parse_python(text: str, filename: str = "<unknown>") -> PythonParse:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences in model code
            tree = ast.parse(text, filename=filename)
    except (SyntaxError, ValueError) as exc:  # ValueError: null bytes in source
        if not isinstance(exc, SyntaxError):
            return PythonParse(None, SyntaxError(str(exc), (filename, 1, 1, "")))
        return PythonParse(None, exc, newer_syntax=valid_for_newer_python(text, exc))
    except (RecursionError, MemoryError):   # the parser's own stack is exhausted
        return PythonParse(None, too_deep=TooDeep(deepest_line(text), True, None))
    parents: dict[int, ast.AST] = {}
    depth: dict[int, int] = {id(tree): 0}
    nodes = list(ast.walk(tree))   # breadth first: a parent comes before its children
    for node in nodes:
        below = depth[id(node)] + 1
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
            depth[id(child)] = below
        if below > MAX_AST_DEPTH:
            line = getattr(node, "lineno", None) or deepest_line(text)
            return PythonParse(None, too_deep=TooDeep(line, False, below))
    return PythonParse(tree, None, None, parents, nodes)


def deepest_line(text: str) -> int:
    """1-based line where brackets nest deepest (the longest line if none nest): a linear scan."""
    best_line, best_depth, best_length = 1, -1, -1
    depth = 0
    for number, line in enumerate(text.split("\n"), 1):
        deepest = depth
        for char in line:
            if char in "([{":
                depth += 1
                deepest = max(deepest, depth)
            elif char in ")]}":
                depth = max(0, depth - 1)
        if (deepest, len(line)) > (best_depth, best_length):
            best_line, best_depth, best_length = number, deepest, len(line)
    return best_line
