"""Two constructs created with the same id in the same scope.

What it finds:
    Two construct calls (provider resources, data sources, providers, cdktf
    constructs such as ``TerraformOutput``) in the same function body, both in
    straight-line code (not in a loop, a branch, a ``try`` or a comprehension),
    with the same scope expression (``self``) and the same literal id string.

Why it matters:
    Construct ids must be unique among the children of a scope: the second call
    raises "There is already a Construct with name ..." while the program runs,
    so synth stops.

Example:
        TerraformOutput(self, "bucket", value=logs.bucket)
        TerraformOutput(self, "bucket", value=data.bucket)

Use instead:
        TerraformOutput(self, "logs_bucket", value=logs.bucket)
        TerraformOutput(self, "data_bucket", value=data.bucket)

Fix safety:
    No automatic fix: renaming an id changes the Terraform address of the
    resource, which matters for deployed state.

References:
    https://developer.hashicorp.com/terraform/cdktf/concepts/constructs
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta

# Anything between the call and its function that may run it zero or many times,
# or pick between two calls.
_NOT_STRAIGHT = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.Match, ast.IfExp,
                 ast.BoolOp, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp,
                 ast.ExceptHandler, getattr(ast, "TryStar", ast.Try))
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.Module)


class DuplicateConstructId(Rule):
    meta = RuleMeta(
        id="CTR005",
        name="duplicate-construct-id",
        category="python_import_or_runtime_error",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="Two constructs with the same id in the same scope",
        why=("The model copies a resource block and forgets to change its id, or creates the "
             "same resource twice in one constructor."),
        impact="Deployability: synth stops with 'There is already a Construct with name ...'.",
        docs="https://developer.hashicorp.com/terraform/cdktf/concepts/constructs",
        training_value="Every construct id must be unique within its scope; copy-pasted blocks need new ids.",
        fix="none",
        predicts_synth_failure=True,
    )

    def check(self, ctx) -> Iterator[Finding]:
        seen: dict[tuple, object] = {}
        for call in ctx.calls:
            if call.kind == "struct" or len(call.node.args) < 2:
                continue
            construct_id = call.node.args[1]
            if not (isinstance(construct_id, ast.Constant) and isinstance(construct_id.value, str)):
                continue
            body = _straight_function(call.module, call.node)
            if body is None:
                continue
            key = (call.path, id(body), ast.dump(call.node.args[0]), construct_id.value)
            first = seen.get(key)
            if first is None:
                seen[key] = call
                continue
            scope = ast.unparse(call.node.args[0])
            message = (f"`{call.class_name}({scope}, \"{construct_id.value}\")` reuses the id "
                       f"\"{construct_id.value}\" of `{first.class_name}` at line {first.line} in "
                       f"the same scope: synth fails with 'There is already a Construct with name "
                       f"\"{construct_id.value}\"'")
            yield self.finding(ctx, call.path, call.line, message, column=call.node.col_offset + 1,
                               fix="give each construct its own id (or remove the duplicated block)")


def _straight_function(module, node: ast.AST) -> ast.AST | None:
    """The enclosing function when the path to it has no loop, branch or try; else None."""
    current = module.parent(node)
    while current is not None and not isinstance(current, _FUNCTIONS):
        if isinstance(current, _NOT_STRAIGHT):
            return None
        current = module.parent(current)
    return current
