"""Parse each project Python file once (see ``parse.python``): nothing is raised."""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cached_property

from iac_review.core.workspace import Project, SourceFile
from iac_review.analysis.symbols import ModuleSymbols, collect_imports
from iac_review.parse.python import TooDeep, parse_python


@dataclass
class ParsedModule:
    source: SourceFile
    tree: ast.Module | None
    error: SyntaxError | None = None
    parents: dict[int, ast.AST] = field(default_factory=dict)
    nodes: list[ast.AST] = field(default_factory=list)  # every node, in ast.walk order
    too_deep: TooDeep | None = None
    newer_syntax: bool = False   # valid only for a newer Python than the one running (parse.python)

    def walk(self) -> list[ast.AST]:
        """All nodes of the module; walked once at parse time, shared by every rule."""
        return self.nodes

    @cached_property
    def imports(self):
        """Provider and cdktf imports of this module (see analysis.symbols)."""
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
    parsed = parse_python(source.text, source.path)
    return ParsedModule(source, parsed.tree, parsed.error, parsed.parents, parsed.nodes,
                        parsed.too_deep, parsed.newer_syntax)


def parse_project(project: Project) -> list[ParsedModule]:
    return [parse_module(src) for src in project.python_files()]
