"""Every construct call in the project: provider resources, data sources,
providers and cdktf classes (S3Backend, TerraformOutput, ...), with their
arguments. Rules that ask "which buckets have no force_destroy" start here.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from iac_review.analysis.modules import ParsedModule
from iac_review.analysis.strings import template
from iac_review.analysis.symbols import ModuleSymbols, is_provider, resolve
from iac_review.analysis.values import Assignments, follow
from iac_review.schema.index import SchemaIndex


@dataclass
class ResourceCall:
    module: ParsedModule
    node: ast.Call
    package: str                 # the provider's package (cdktf_cdktf_provider_aws, ...) or CDKTF
    provider_module: str | None  # submodule of the package, e.g. "s3_bucket"; None for cdktf classes
    class_name: str              # e.g. "S3Bucket", "S3Backend"
    kind: str                    # resource, data, provider, struct, class
    tf_type: str | None          # e.g. "aws_s3_bucket"
    keywords: dict[str, ast.keyword] = field(default_factory=dict)
    has_spread: bool = False
    assignments: Assignments | None = None

    @property
    def path(self) -> str:
        return self.module.path

    @property
    def line(self) -> int:
        return self.node.lineno

    @property
    def scope(self) -> ast.AST | None:
        return self.node.args[0] if self.node.args else None

    @property
    def construct_id(self) -> ast.AST | None:
        return self.node.args[1] if len(self.node.args) > 1 else None

    def arg(self, name: str) -> ast.AST | None:
        """The keyword's value, with local names followed to their value."""
        kw = self.keywords.get(name)
        if kw is None:
            return None
        return follow(kw.value, self.module, self.assignments) if self.assignments else kw.value

    def arg_node(self, name: str) -> ast.AST | None:
        """The keyword's value as written (for locations)."""
        kw = self.keywords.get(name)
        return kw.value if kw else None

    def has(self, name: str) -> bool:
        return name in self.keywords

    def value(self, expr: ast.AST) -> ast.AST:
        """Follow a nested expression (e.g. a dict value) to its value."""
        return follow(expr, self.module, self.assignments) if self.assignments else expr

    def label(self, with_class: bool = False) -> str:
        """How messages name the construct: ``"my-bucket"``, or ```S3Bucket` "my-bucket"``."""
        text = template(self.construct_id) if self.construct_id is not None else None
        name = f'"{text}"' if text else "(construct id not literal)"
        return f"`{self.class_name}` {name}" if with_class else name


def collect_calls(index: SchemaIndex | None, module: ParsedModule) -> list[ResourceCall]:
    if module.tree is None:
        return []
    symbols: ModuleSymbols = module.imports
    if not symbols.names:
        return []
    assignments = Assignments.collect(module)
    calls = []
    for node in module.walk():
        if not isinstance(node, ast.Call):
            continue
        symbol = resolve(node.func, symbols)
        if symbol is None or symbol.name is None:
            continue
        if is_provider(symbol.package):
            where = symbol.index_module or ""
            kind = index.kind(where, symbol.name) if index else None
            if kind is None and index is not None:
                continue  # not a class of an indexed provider
            tf_type = index.tf_type(where, symbol.name) if index else None
        else:
            kind, tf_type = "class", None
        keywords = {kw.arg: kw for kw in node.keywords if kw.arg}
        calls.append(ResourceCall(module, node, symbol.package, symbol.module, symbol.name,
                                  kind or "unknown", tf_type, keywords,
                                  any(kw.arg is None for kw in node.keywords), assignments))
    calls.sort(key=lambda c: (c.path, c.line, c.node.col_offset))
    return calls
