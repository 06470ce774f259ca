"""Every `${...}` that reaches Terraform from the project's Python strings.

Shared by the Terraform-string rules (TFS001 unescaped interpolation, TFS002
hand-written references): strings passed to construct arguments directly or
through local names, with the context that decides whether Terraform will
evaluate them (cdktf escapes `${` inside `Fn.*` calls itself).
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Iterator

from iac_review.analysis.modules import ParsedModule
from iac_review.analysis.strings import pieces
from iac_review.analysis.values import Assignments, follow
from iac_review.knowledge.terraform import (NAMED_VALUE_ROOTS, Expression, Interpolation,
                                            analyse, interpolations, looks_like_resource_type,
                                            terraform_functions)

PY_VALUE = "__py__"      # a formatted Python value inside the template
FQN_VALUE = "__fqn__"    # a formatted `construct.fqn` (a real Terraform address)
_TRANSPARENT_CALLS = {"dumps", "dedent", "str", "format", "join", "strip", "lstrip", "rstrip",
                      "replace", "cleandoc"}
_ADDRESS_ROOTS = {"data", "var", "local", "module"}


@dataclass
class TerraformString:
    """A string expression whose text reaches cdk.tf.json."""

    module: ParsedModule
    node: ast.AST
    text: str        # template text; formatted values are PY_VALUE / FQN_VALUE
    owner: str       # e.g. "IotTopicRuleKinesis.partition_key"
    values: list[str]  # the source of each formatted value, in order
    indirect: bool = False   # an argument of the project's own stack/construct class


@dataclass
class Occurrence:
    """One ``${...}`` with what Terraform will make of it."""

    string: TerraformString
    interpolation: Interpolation
    kind: str        # invalid, function, reference, python
    detail: str      # why (for invalid) or the addresses (for reference)
    info: Expression

    @property
    def whole(self) -> bool:
        return self.interpolation.start == 0 and self.interpolation.end == len(self.string.text)

    @property
    def line(self) -> int:
        node = self.string.node
        text = self.string.text
        return node.lineno + text[:self.interpolation.start].count("\n")

    @property
    def values(self) -> list[str]:
        """Formatted Python values inside this interpolation."""
        text = self.string.text
        before = text[:self.interpolation.start]
        first = before.count(PY_VALUE) + before.count(FQN_VALUE)
        inside = text[self.interpolation.start:self.interpolation.end]
        count = inside.count(PY_VALUE) + inside.count(FQN_VALUE)
        return self.string.values[first:first + count]

    @property
    def shown(self) -> str:
        text = self.string.text[self.interpolation.start:self.interpolation.end]
        for value in self.values:
            marker = min((m for m in (PY_VALUE, FQN_VALUE) if m in text), key=text.index,
                         default=None)
            if marker is None:
                break
            text = text.replace(marker, "{" + value + "}", 1)
        return text if len(text) <= 90 else text[:87] + "..."


def terraform_strings(ctx) -> Iterator[TerraformString]:
    """Strings given to construct arguments (and add_override values) in the project."""
    construct_ids = {id(call.node) for call in ctx.calls}
    walkers: dict[str, _Walker] = {}
    for call in ctx.calls:
        if call.assignments is None:
            continue
        walker = walkers.get(call.path)
        if walker is None:
            walker = walkers[call.path] = _Walker(call.module, call.assignments, construct_ids)
        for name, keyword in call.keywords.items():
            yield from walker.visit(keyword.value, f"{call.class_name}.{name}", 0)
    own_classes = _project_construct_classes(ctx)
    own_call = re.compile(r"\b(?:%s)\(" % "|".join(map(re.escape, own_classes))) \
        if own_classes else None
    for module in ctx.modules:
        if module.tree is None:
            continue
        text = module.source.text
        overrides = "add_override" in text
        constructors = own_call is not None and own_call.search(text) is not None
        if not (overrides or constructors):
            continue
        walker = walkers.get(module.path)
        if walker is None:
            walker = walkers[module.path] = _Walker(module, Assignments.collect(module),
                                                    construct_ids)
        for node in module.walk():
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if overrides and isinstance(func, ast.Attribute) and func.attr == "add_override" \
                    and len(node.args) >= 2:
                path = node.args[0].value if isinstance(node.args[0], ast.Constant) else "?"
                yield from walker.visit(node.args[1], f"add_override({path!r})", 0)
            elif constructors and isinstance(func, ast.Name) and func.id in own_classes:
                for keyword in node.keywords:
                    if keyword.arg:
                        for string in walker.visit(keyword.value, f"{func.id}.{keyword.arg}", 0):
                            string.indirect = True
                            yield string


def _project_construct_classes(ctx) -> set[str]:
    """Names of the project's own TerraformStack / Construct subclasses."""
    names = set()
    for module in ctx.modules:
        if module.tree is None:
            continue
        for stmt in module.tree.body:
            if isinstance(stmt, ast.ClassDef):
                bases = {b.id if isinstance(b, ast.Name) else b.attr
                         if isinstance(b, ast.Attribute) else "" for b in stmt.bases}
                if bases & {"TerraformStack", "Construct"}:
                    names.add(stmt.name)
    return names


class _Walker:
    def __init__(self, module: ParsedModule, assignments: Assignments, construct_ids: set[int]):
        self.module = module
        self.assignments = assignments
        self.construct_ids = construct_ids

    def visit(self, expr: ast.AST, owner: str, depth: int) -> Iterator[TerraformString]:
        if depth > 8 or expr is None:
            return
        if isinstance(expr, ast.Name):
            target = follow(expr, self.module, self.assignments)
            if target is not expr:
                yield from self.visit(target, owner, depth + 1)
            return
        text = self._text(expr)
        if text is not None:
            if "${" in text:
                values = [ast.unparse(p.expr) for p in pieces(expr) or [] if p.expr is not None]
                yield TerraformString(self.module, expr, text, owner, values)
            for part in pieces(expr) or []:
                if isinstance(part.expr, ast.Name):
                    yield from self.visit(part.expr, owner, depth + 1)
            return
        if isinstance(expr, ast.Dict):
            for key, value in zip(expr.keys, expr.values, strict=True):
                label = key.value if isinstance(key, ast.Constant) else "**" if key is None else "?"
                yield from self.visit(value, f"{owner}.{label}", depth + 1)
        elif isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
            for element in expr.elts:
                yield from self.visit(element, f"{owner}[]", depth + 1)
        elif isinstance(expr, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            yield from self.visit(expr.elt, f"{owner}[]", depth + 1)
        elif isinstance(expr, ast.IfExp):
            yield from self.visit(expr.body, owner, depth + 1)
            yield from self.visit(expr.orelse, owner, depth + 1)
        elif isinstance(expr, ast.Call) and id(expr) not in self.construct_ids:
            func = expr.func
            name = func.attr if isinstance(func, ast.Attribute) else \
                func.id if isinstance(func, ast.Name) else None
            if name not in _TRANSPARENT_CALLS:
                return  # Fn.* escapes its string arguments; other calls are opaque
            if isinstance(func, ast.Attribute) and not _is_module(func.value):
                yield from self.visit(func.value, owner, depth + 1)
            for arg in expr.args:
                yield from self.visit(arg, owner, depth + 1)
            for keyword in expr.keywords:
                if keyword.arg not in ("indent", "sort_keys", "separators", "default", "cls"):
                    yield from self.visit(keyword.value, owner, depth + 1)

    @staticmethod
    def _text(expr: ast.AST) -> str | None:
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod) \
                and isinstance(expr.left, ast.Constant) and isinstance(expr.left.value, str):
            return expr.left.value
        parts = pieces(expr)
        if parts is None:
            return None
        out = []
        for part in parts:
            if part.expr is None:
                out.append(part.text)
            elif isinstance(part.expr, ast.Attribute) and part.expr.attr == "fqn":
                out.append(FQN_VALUE)
            else:
                out.append(PY_VALUE)
        return "".join(out)


def _is_module(expr: ast.AST) -> bool:
    return isinstance(expr, ast.Name) and expr.id in ("json", "textwrap", "inspect", "str")


def occurrences(ctx) -> list[Occurrence]:
    """Every ``${...}`` reaching Terraform, classified (computed once per context)."""
    return ctx.memo("terraform_occurrences", _occurrences)


def _occurrences(ctx) -> list[Occurrence]:
    fn_names = ctx.index.cdktf_static.get("Fn") if ctx.index is not None else None
    functions = terraform_functions(fn_names) if fn_names else None
    found = []
    for string in terraform_strings(ctx):
        for interp in interpolations(string.text):
            info = analyse(interp.expr)
            kind, detail = _classify(info, functions)
            if kind:
                found.append(Occurrence(string, interp, kind, detail, info))
    return found


def _classify(info: Expression, functions: frozenset[str] | None) -> tuple[str | None, str]:
    if info.syntax:
        return "invalid", f"it is not a Terraform expression ({info.syntax})"
    if functions is not None:
        unknown = [f for f in info.functions if f not in functions and f != "provider::"]
        if unknown:
            return "invalid", f'There is no function named "{unknown[0]}"'
    if info.has_for:
        return None, ""
    bare = [n for n in info.bare_names if n not in (PY_VALUE, FQN_VALUE)]
    if bare:
        return "invalid", (f'`{bare[0]}` is read as a reference ("Invalid reference": a '
                           f"resource type must be followed by an attribute access)")
    for parts in info.references:
        root = parts[0]
        if root in (PY_VALUE, FQN_VALUE) or root in NAMED_VALUE_ROOTS:
            continue
        if not looks_like_resource_type(root):
            return "invalid", (f'`{".".join(parts[:2])}` is read as a reference to an undeclared '
                               f'resource of type "{root}"')
    if PY_VALUE in info.bare_names or any(p[0] == PY_VALUE for p in info.references):
        return "python", ""
    addresses = [p for p in info.references
                 if looks_like_resource_type(p[0]) or p[0] in _ADDRESS_ROOTS]
    if addresses:
        return "reference", ", ".join(".".join(p[:3] if p[0] == "data" else p[:2])
                                      for p in addresses)
    if info.functions:
        return "function", ", ".join(dict.fromkeys(info.functions))
    return None, ""
