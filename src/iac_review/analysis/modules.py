"""Parse each project Python file once; a syntax error is recorded, not raised."""
from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass, field
from functools import cached_property

from iac_review.core.workspace import Project, SourceFile


@dataclass
class ParsedModule:
    source: SourceFile
    tree: ast.Module | None
    error: SyntaxError | None = None
    parents: dict[int, ast.AST] = field(default_factory=dict)
    nodes: list[ast.AST] = field(default_factory=list)  # every node, in ast.walk order

    def walk(self) -> list[ast.AST]:
        """All nodes of the module; walked once at parse time, shared by every rule."""
        return self.nodes

    @cached_property
    def imports(self):
        """Provider and cdktf imports of this module (see analysis.symbols)."""
        from iac_review.analysis.symbols import ModuleSymbols, collect_imports
        return collect_imports(self.tree) if self.tree is not None else ModuleSymbols()

    @property
    def path(self) -> str:
        return self.source.path

    def parent(self, node: ast.AST) -> ast.AST | None:
        return self.parents.get(id(node))

    def enclosing_function(self, node: ast.AST) -> ast.AST:
        """The function (or module) whose body contains the node."""
        current = self.parent(node)
        while current is not None and not isinstance(
                current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            current = self.parent(current)
        return current if current is not None else self.tree


def parse_module(source: SourceFile) -> ParsedModule:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences in model code
            tree = ast.parse(source.text, filename=source.path)
    except (SyntaxError, ValueError) as exc:  # ValueError: null bytes in source
        if not isinstance(exc, SyntaxError):
            exc = SyntaxError(str(exc), (source.path, 1, 1, ""))
        return ParsedModule(source, None, exc)
    parents: dict[int, ast.AST] = {}
    nodes = list(ast.walk(tree))
    for node in nodes:
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    return ParsedModule(source, tree, None, parents, nodes)


def parse_project(project: Project) -> list[ParsedModule]:
    return [parse_module(src) for src in project.python_files()]
