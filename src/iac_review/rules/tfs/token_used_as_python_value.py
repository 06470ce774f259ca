"""Attribute of a provider construct used as a concrete Python value at synth.

What it finds:
    Python operations on attributes of provider resources and data sources,
    which are unresolved tokens while the program runs: subscripting or
    slicing (``azs.names[0]``, ``cache.endpoint[0]``), string methods
    (``role.arn.split(":")``, ``.replace``, ``.upper()``), ``len()``,
    ``int()`` / ``float()``, iterating in a ``for`` or a comprehension, and
    subscripting the result of ``Fn.jsondecode`` / ``Fn.split`` /
    ``Token.as_list``. A construct is a name or ``self.x`` assigned from a
    provider construct call.

Why it matters:
    At synth a list attribute is a one-element Python list holding a list
    token, a string attribute is a placeholder like ``${TfToken[TOKEN.1]}``
    and a nested-block list is an object without ``[]``. Indexing gives the
    whole list in a string context ("Found an encoded list token string in a
    scalar string context"), ``[1]`` raises IndexError, ``.split`` returns the
    placeholder, ``len`` counts one element, ``int()`` turns a number token
    into a meaningless literal, and ``Fn.jsondecode(...)["k"]`` raises
    TypeError: synth fails or Terraform receives the wrong value.

Example:
        azs = DataAwsAvailabilityZones(self, "azs", state="available")
        Subnet(self, "a", vpc_id=vpc.id, cidr_block="10.0.1.0/24",
               availability_zone=azs.names[0])

Use instead:
        azs = DataAwsAvailabilityZones(self, "azs", state="available")
        Subnet(self, "a", vpc_id=vpc.id, cidr_block="10.0.1.0/24",
               availability_zone=Fn.element(azs.names, 0))

Fix safety:
    No automatic fix: the Terraform function that replaces the operation
    (Fn.element, Fn.split, Fn.length_of, Fn.lookup, ``.get(i)`` for block
    lists) depends on the intent.

References:
    https://developer.hashicorp.com/terraform/cdktf/concepts/tokens
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.values import Assignments, follow
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta

# Attributes of a construct that are plain Python values, not tokens.
_PLAIN_ATTRS = frozenset({"node", "friendly_unique_id", "terraform_resource_type",
                          "terraform_meta_arguments", "terraform_generator_metadata",
                          "construct_id", "stack", "provider", "depends_on", "lifecycle",
                          "count", "for_each", "connection", "provisioners"})
_STR_METHODS = frozenset({"split", "rsplit", "replace", "upper", "lower", "strip", "lstrip",
                          "rstrip", "startswith", "endswith", "partition", "rpartition",
                          "find", "rfind", "capitalize", "title", "splitlines", "removeprefix",
                          "removesuffix", "zfill", "encode", "isdigit"})
_CONVERSIONS = {"len": "len()", "int": "int()", "float": "float()"}
# Fn.* / Token.* results that are tokens, not Python containers.
_TOKEN_FUNCTIONS = frozenset({"jsondecode", "split", "tolist", "toset", "tomap", "keys",
                              "values", "as_list", "as_string_map", "as_map", "as_number_list",
                              "yamldecode", "csvdecode", "concat", "flatten", "lookup"})


class TokenUsedAsPythonValue(Rule):
    meta = RuleMeta(
        id="TFS003",
        name="token-used-as-python-value",
        category="token_misuse_at_synth",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="Attribute of a provider construct used as a concrete Python value at synth",
        why=("Models treat resource attributes as the values they will have after deploy; in "
             "CDKTF they are tokens that only Terraform resolves."),
        impact=("Deployability: synth errors (IndexError, TypeError, encoded list token in a "
                "string context) or a wrong value reaching Terraform."),
        docs="https://developer.hashicorp.com/terraform/cdktf/concepts/tokens",
        training_value=("Attributes of CDKTF constructs are tokens: index, split or count them "
                        "with Fn.element, Fn.split and Fn.length_of, never with Python "
                        "operators."),
        fix="none",
        predicts_synth_failure=True,
    )

    def check(self, ctx) -> Iterator[Finding]:
        by_module: dict[str, list] = {}
        for call in ctx.calls:
            by_module.setdefault(call.path, []).append(call)
        for module in ctx.modules:
            calls = by_module.get(module.path)
            if module.tree is None or not calls:
                continue
            constructs = {id(c.node): c for c in calls if c.kind in ("resource", "data")}
            if not constructs and "Fn." not in module.source.text:
                continue
            assignments = calls[0].assignments or Assignments.collect(module)
            checker = _Checker(module, assignments, constructs)
            for node, what, fix in checker.misuses():
                yield self.finding(ctx, module.path, node.lineno, what,
                                   column=node.col_offset + 1, fix=fix)


class _Checker:
    def __init__(self, module, assignments: Assignments, constructs: dict[int, object]):
        self.module = module
        self.assignments = assignments
        self.constructs = constructs
        self.nodes = list(module.walk())
        self.self_attrs = self._self_attributes()

    def _self_attributes(self) -> dict[tuple[int, str], object]:
        """(class, attr) -> construct call, for ``self.attr = Resource(...)`` in a class."""
        seen: dict[tuple[int, str], list] = {}
        for node in self.nodes:
            if not isinstance(node, (ast.Assign, ast.AnnAssign)):
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
                        and target.value.id == "self":
                    cls = self._class_of(node)
                    if cls is not None:
                        seen.setdefault((id(cls), target.attr), []).append(node.value)
        out = {}
        for key, values in seen.items():
            calls = [self.constructs.get(id(v)) for v in values]
            if calls and all(calls):
                out[key] = calls[0]
        return out

    def _class_of(self, node: ast.AST) -> ast.ClassDef | None:
        current = self.module.parent(node)
        while current is not None and not isinstance(current, ast.ClassDef):
            current = self.module.parent(current)
        return current

    def construct_of(self, expr: ast.AST):
        """The construct call an expression stands for, or None."""
        if isinstance(expr, ast.Call):
            return self.constructs.get(id(expr))
        if isinstance(expr, ast.Name):
            target = follow(expr, self.module, self.assignments)
            return self.constructs.get(id(target)) if target is not expr else None
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) \
                and expr.value.id == "self":
            cls = self._class_of(expr)
            return self.self_attrs.get((id(cls), expr.attr)) if cls is not None else None
        return None

    def token(self, expr: ast.AST, depth: int = 0) -> str | None:
        """Source of the token ``expr`` stands for (an attribute or an Fn call), or None."""
        if isinstance(expr, ast.Name) and depth < 4:
            target = follow(expr, self.module, self.assignments)
            if target is not expr and isinstance(target, (ast.Attribute, ast.Call)):
                return self.token(target, depth + 1)
            return None
        if isinstance(expr, ast.Attribute):
            base = expr.value
            # self.bucket.arn, bucket.arn, or a nested chain such as cache.endpoint.x
            while isinstance(base, ast.Attribute) and self.construct_of(base) is None:
                base = base.value
            if self.construct_of(base) is None:
                return None
            first = expr
            while first.value is not base:
                first = first.value
            if first.attr in _PLAIN_ATTRS or first.attr.startswith(("_", "put_", "reset_")):
                return None
            return ast.unparse(expr)
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) \
                and isinstance(expr.func.value, ast.Name) \
                and expr.func.value.id in ("Fn", "Token") \
                and expr.func.attr in _TOKEN_FUNCTIONS:
            return ast.unparse(expr)
        return None

    def misuses(self) -> Iterator[tuple[ast.AST, str, str]]:
        for node in self.nodes:
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
                token = self.token(node.value)
                if token:
                    name, index = _shown(node.value, token), ast.unparse(node.slice)
                    base = ast.unparse(node.value)
                    yield node, (
                        f"`{base}[{index}]`{name} indexes a token at synth: a list attribute is "
                        f"a one-element Python list holding a list token (`[0]` puts the whole "
                        f"list in a string context and synth fails with 'Found an encoded list "
                        f"token string', `[1]` raises IndexError), a nested-block list is not "
                        f"subscriptable (TypeError) and an Fn result is a string placeholder"), (
                        f"use Fn.element({base}, {index}) for a list of strings, "
                        f"`{base}.get({index})` for a list of nested blocks, Fn.lookup for a map")
            elif isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Attribute) and func.attr in _STR_METHODS:
                    token = self.token(func.value)
                    if token:
                        base = ast.unparse(func.value)
                        yield node, (
                            f"`{base}.{func.attr}(...)`{_shown(func.value, token)} runs on the "
                            f"token placeholder at synth, not on the deployed value: the result "
                            f"is the placeholder itself (or a one-element list), so Terraform "
                            f"receives the wrong value"), (
                            "use the Terraform function instead (Fn.split, Fn.replace, "
                            "Fn.upper, ...) or an attribute that already holds the part")
                elif isinstance(func, ast.Name) and func.id in _CONVERSIONS and node.args:
                    token = self.token(node.args[0])
                    if token:
                        base = ast.unparse(node.args[0])
                        effect = ("counts the one-element token list, not the deployed list"
                                  if func.id == "len" else
                                  "turns the token into a meaningless literal (or raises "
                                  "ValueError for a string token)")
                        yield node, (f"`{func.id}({base})`{_shown(node.args[0], token)} "
                                     f"{effect} at synth"), (
                            "use Fn.length_of(...)" if func.id == "len" else
                            "pass the token as is (Token.as_number) or use Fn.tonumber")
            elif isinstance(node, (ast.For, ast.comprehension)):
                token = self.token(node.iter)
                if token:
                    base = ast.unparse(node.iter)
                    yield node.iter, (
                        f"iterating `{base}`{_shown(node.iter, token)} at synth loops once over a "
                        f"token placeholder, not over the deployed elements"), (
                        "loop over a Python list of known length and use Fn.element(list, i), "
                        "or use a TerraformIterator / count for lists known only at apply")


def _shown(expr: ast.AST, token: str) -> str:
    """`` (`names` is `azs.names`)`` when the token was reached through a local name."""
    return f" (`{ast.unparse(expr)}` is `{token}`)" if isinstance(expr, ast.Name) else ""
