"""Resolve names in a module to provider and cdktf symbols through its imports."""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

PROVIDER = "cdktf_cdktf_provider_aws"
CDKTF = "cdktf"


@dataclass(frozen=True)
class Symbol:
    """What a local name or attribute chain refers to."""

    package: str            # PROVIDER or CDKTF
    module: str | None      # provider submodule (None for cdktf or a bare package)
    name: str | None        # class name; None when the symbol is a module


@dataclass(frozen=True)
class ImportRecord:
    node: ast.AST
    line: int
    column: int
    symbol: Symbol
    alias: str


@dataclass
class ModuleSymbols:
    names: dict[str, Symbol] = field(default_factory=dict)       # local name -> symbol
    imports: list[ImportRecord] = field(default_factory=list)
    star_modules: list[Symbol] = field(default_factory=list)     # from x import *


def collect_imports(tree: ast.Module) -> ModuleSymbols:
    table = ModuleSymbols()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            _from_import(node, table)
        elif isinstance(node, ast.Import):
            _plain_import(node, table)
    return table


def _from_import(node: ast.ImportFrom, table: ModuleSymbols) -> None:
    parts = node.module.split(".")
    if parts[0] == PROVIDER:
        submodule = ".".join(parts[1:]) or None
        for alias in node.names:
            if alias.name == "*":
                table.star_modules.append(Symbol(PROVIDER, submodule, None))
                continue
            # `from cdktf_cdktf_provider_aws import s3_bucket` imports a module
            symbol = (Symbol(PROVIDER, submodule, alias.name) if submodule
                      else Symbol(PROVIDER, alias.name, None))
            _record(table, node, alias, symbol)
    elif parts[0] == CDKTF and len(parts) == 1:
        for alias in node.names:
            if alias.name == "*":
                table.star_modules.append(Symbol(CDKTF, None, None))
                continue
            _record(table, node, alias, Symbol(CDKTF, None, alias.name))


def _plain_import(node: ast.Import, table: ModuleSymbols) -> None:
    for alias in node.names:
        parts = alias.name.split(".")
        if parts[0] == PROVIDER:
            submodule = ".".join(parts[1:]) or None
            symbol = Symbol(PROVIDER, submodule, None)
            if alias.asname:
                _record(table, node, alias, symbol)
            else:  # `import a.b` binds `a`; attribute chains are resolved at use
                table.names[PROVIDER] = Symbol(PROVIDER, None, None)
                if submodule:
                    table.imports.append(ImportRecord(node, node.lineno, node.col_offset + 1,
                                                      symbol, PROVIDER))
        elif parts[0] == CDKTF and len(parts) == 1:
            table.names[alias.asname or CDKTF] = Symbol(CDKTF, None, None)


def _record(table: ModuleSymbols, node: ast.AST, alias: ast.alias, symbol: Symbol) -> None:
    local = alias.asname or alias.name
    table.names[local] = symbol
    line = getattr(alias, "lineno", node.lineno)
    column = getattr(alias, "col_offset", node.col_offset) + 1
    table.imports.append(ImportRecord(node, line, column, symbol, local))


def resolve(expr: ast.AST, table: ModuleSymbols) -> Symbol | None:
    """Resolve ``Name`` / ``a.b.C`` to a symbol, when it goes through our imports."""
    if isinstance(expr, ast.Name):
        return table.names.get(expr.id)
    if isinstance(expr, ast.Attribute):
        base = resolve(expr.value, table)
        if base is None:
            return None
        if base.package == PROVIDER and base.name is None:
            if base.module is None:         # cdktf_cdktf_provider_aws.<module>
                return Symbol(PROVIDER, expr.attr, None)
            return Symbol(PROVIDER, base.module, expr.attr)
        if base.package == CDKTF and base.name is None:
            return Symbol(CDKTF, None, expr.attr)
    return None
