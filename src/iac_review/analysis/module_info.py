"""Top-level facts of one module: the names it defines and imports, its classes and aliases.

The project model resolves names through these facts instead of importing
anything.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from iac_review.analysis.modules import ParsedModule


@dataclass(frozen=True)
class FromImport:
    module: str | None   # as written (may be None for ``from . import x``)
    level: int
    name: str            # the imported name
    line: int
    node: ast.ImportFrom


@dataclass
class ModuleInfo:
    """Top-level facts of one parsed module."""

    module: ParsedModule
    dotted: str | None
    names: dict[str, int] = field(default_factory=dict)        # defined top-level names -> line
    open: bool = False                                         # star import or __getattr__
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    from_imports: dict[str, FromImport] = field(default_factory=dict)   # local -> import
    module_aliases: dict[str, str] = field(default_factory=dict)        # local -> dotted module
    aliases: dict[str, ast.expr] = field(default_factory=dict)          # X = Y (single binding)

    @property
    def path(self) -> str:
        return self.module.path


def _target_names(target: ast.AST) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for elt in target.elts for n in _target_names(elt)]
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    return []


def _collect(info: ModuleInfo, body: list[ast.stmt]) -> None:
    for st in body:
        if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
            info.names.setdefault(st.name, st.lineno)
            if st.name == "__getattr__":
                info.open = True
        elif isinstance(st, ast.ClassDef):
            info.names.setdefault(st.name, st.lineno)
            info.classes.setdefault(st.name, st)
        elif isinstance(st, ast.Assign):
            for target in st.targets:
                for name in _target_names(target):
                    first = name not in info.names
                    info.names.setdefault(name, st.lineno)
                    if first and isinstance(target, ast.Name):
                        info.aliases[name] = st.value
                    elif not first:
                        info.aliases.pop(name, None)
        elif isinstance(st, (ast.AnnAssign, ast.AugAssign)):
            for name in _target_names(st.target):
                info.names.setdefault(name, st.lineno)
        elif isinstance(st, ast.Import):
            for alias in st.names:
                local = alias.asname or alias.name.split(".")[0]
                info.names.setdefault(local, st.lineno)
                info.module_aliases[local] = alias.name if alias.asname else local
        elif isinstance(st, ast.ImportFrom):
            for alias in st.names:
                if alias.name == "*":
                    info.open = True
                    continue
                local = alias.asname or alias.name
                info.names.setdefault(local, st.lineno)
                info.from_imports.setdefault(local, FromImport(st.module, st.level, alias.name,
                                                               st.lineno, st))
        elif isinstance(st, (ast.For, ast.AsyncFor)):
            for name in _target_names(st.target):
                info.names.setdefault(name, st.lineno)
            _collect(info, st.body)
            _collect(info, st.orelse)
        elif isinstance(st, (ast.If, ast.While)):
            _collect(info, st.body)
            _collect(info, st.orelse)
        elif isinstance(st, (ast.With, ast.AsyncWith)):
            for item in st.items:
                if item.optional_vars is not None:
                    for name in _target_names(item.optional_vars):
                        info.names.setdefault(name, st.lineno)
            _collect(info, st.body)
        elif isinstance(st, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            _collect(info, st.body)
            for handler in st.handlers:
                if handler.name:
                    info.names.setdefault(handler.name, handler.lineno)
                _collect(info, handler.body)
            _collect(info, st.orelse)
            _collect(info, st.finalbody)
        elif isinstance(st, ast.Match):
            for case in st.cases:
                _collect(info, case.body)
    # walrus at module level, global statements in functions: rare; treated as defined
    return None


def iter_statements(tree: ast.AST):
    """Every statement of a module, nested ones included, without visiting expressions."""
    stack = list(reversed(getattr(tree, "body", [])))
    while stack:
        node = stack.pop()
        yield node
        children: list[ast.stmt] = []
        for name in ("body", "orelse", "finalbody"):
            value = getattr(node, name, None)
            if isinstance(value, list):
                children.extend(v for v in value if isinstance(v, ast.stmt))
        for handler in getattr(node, "handlers", ()) or ():
            children.extend(handler.body)
        for case in getattr(node, "cases", ()) or ():
            children.extend(case.body)
        stack.extend(reversed(children))


def dotted_name(path: str) -> str | None:
    """``lib/tap_stack.py`` -> ``lib.tap_stack``; ``lib/__init__.py`` -> ``lib``."""
    if not path.endswith(".py"):
        return None
    parts = path[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if not parts or not all(p.isidentifier() for p in parts):
        return None
    return ".".join(parts)


def module_info(module: ParsedModule) -> ModuleInfo:
    """The facts of a parsed module (its tree must not be None)."""
    info = ModuleInfo(module, dotted_name(module.path))
    _collect(info, module.tree.body)
    return info
