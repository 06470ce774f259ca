"""Resolve names in a module to provider and cdktf symbols through its imports.

Every ``cdktf_cdktf_provider_*`` package is a provider here, whether it is
published, installed or indexed: those questions are for the rules.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from iac_review.knowledge.providers import is_provider_module

PROVIDER = "cdktf_cdktf_provider_aws"   # the AWS provider, which the AWS rules are about
CDKTF = "cdktf"


def is_provider(package: str) -> bool:
    """Whether a symbol's package is a provider package (any, not only AWS)."""
    return package != CDKTF and is_provider_module(package)


@dataclass(frozen=True)
class Symbol:
    """What a local name or attribute chain refers to."""

    package: str            # a provider's top-level package (e.g. PROVIDER) or CDKTF
    module: str | None      # provider submodule (None for cdktf or a bare package)
    name: str | None        # class name; None when the symbol is a module

    @property
    def index_module(self) -> str | None:
        """The qualified module the schema index knows: ``cdktf_cdktf_provider_aws.s3_bucket``."""
        return f"{self.package}.{self.module}" if self.module else None


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
    package = parts[0]
    if is_provider(package):
        submodule = ".".join(parts[1:]) or None
        for alias in node.names:
            if alias.name == "*":
                table.star_modules.append(Symbol(package, submodule, None))
                continue
            # `from cdktf_cdktf_provider_aws import s3_bucket` imports a module
            symbol = (Symbol(package, submodule, alias.name) if submodule
                      else Symbol(package, alias.name, None))
            _record(table, node, alias, symbol)
    elif package == CDKTF and len(parts) == 1:
        for alias in node.names:
            if alias.name == "*":
                table.star_modules.append(Symbol(CDKTF, None, None))
                continue
            _record(table, node, alias, Symbol(CDKTF, None, alias.name))


def _plain_import(node: ast.Import, table: ModuleSymbols) -> None:
    for alias in node.names:
        parts = alias.name.split(".")
        package = parts[0]
        if is_provider(package):
            submodule = ".".join(parts[1:]) or None
            symbol = Symbol(package, submodule, None)
            if alias.asname:
                _record(table, node, alias, symbol)
            else:  # `import a.b` binds `a`; attribute chains are resolved at use
                table.names[package] = Symbol(package, None, None)
                table.imports.append(ImportRecord(node, node.lineno, node.col_offset + 1,
                                                  symbol, package))
        elif package == CDKTF and len(parts) == 1:
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
        if is_provider(base.package) and base.name is None:
            if base.module is None:         # cdktf_cdktf_provider_aws.<module>
                return Symbol(base.package, expr.attr, None)
            return Symbol(base.package, base.module, expr.attr)
        if base.package == CDKTF and base.name is None:
            return Symbol(CDKTF, None, expr.attr)
    return None
