"""Stack that wraps in a list a value the task's entry point already passes as a list.

What it finds:
    In a task folder whose own `tap.py` passes a keyword argument to the stack
    as a list (`default_tags=[{"tags": {...}}]`), the stack's `__init__`
    putting that value inside another list when it hands it on
    (`AwsProvider(..., default_tags=[default_tags])`), whether it took the
    value as a parameter or with `kwargs.get("default_tags")`.

Why it matters:
    A list of blocks becomes a list holding one list: the provider's type
    check rejects it and synthesis stops. Models write `[default_tags]`
    because the commonest harness passes a single dict; this task's entry
    point passes the list itself.

Example:
        default_tags = kwargs.get("default_tags", {})
        AwsProvider(self, "aws", region=aws_region, default_tags=[default_tags])

Use instead:
        default_tags = kwargs.get("default_tags", [])
        AwsProvider(self, "aws", region=aws_region, default_tags=default_tags)

Fix safety:
    No automatic fix: other entry points may pass a single block.

References:
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.harness_entry import list_arguments
from iac_review.analysis.project import project_model
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta


class EntryListWrappedAgain(Rule):
    meta = RuleMeta(
        id="CTR007",
        name="entry-list-wrapped-again",
        category="nested_block_list_vs_object",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="Stack wraps in a list a value the task's entry point already passes as a list",
        why=("Models assume the entry point passes one block (a dict) and wrap it in a list for "
             "the provider; this task's entry point passes the list."),
        impact="Deployability: the provider's type check rejects a list of lists; synth stops.",
        docs="https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags",
        training_value="Read what the entry point passes before shaping it for the provider.",
        fix="none",
        # Not a synth prediction: the review's own synthesis runs the standard harness, which
        # passes one block; only this task's entry point makes it fail.
        predicts_synth_failure=False,
    )

    def check(self, ctx) -> Iterator[Finding]:
        text = ctx.project.harness_entry
        if text is None:
            return
        stack = project_model(ctx).harness_stack()
        if stack is None or stack.init is None:
            return
        passed = list_arguments(text, stack.name)
        if not passed:
            return
        bound = _bindings(stack.init, set(passed))
        for node in ast.walk(stack.init):
            if not isinstance(node, ast.keyword) or not isinstance(node.value, ast.List):
                continue
            elements = node.value.elts
            if len(elements) != 1 or not isinstance(elements[0], ast.Name):
                continue
            name = bound.get(elements[0].id)
            if name is None:
                continue
            yield self.finding(
                ctx, stack.path, node.value.lineno,
                f"`{node.arg}=[{elements[0].id}]` wraps `{name}` in a list, but the task's tap.py "
                f"(line {passed[name]}) already passes `{name}` as a list: the argument becomes a "
                f"list of lists, which the type check rejects at synth",
                column=node.value.col_offset + 1,
                fix=f"pass it as it comes: {node.arg}={elements[0].id}",
            )


def _bindings(init: ast.FunctionDef, names: set[str]) -> dict[str, str]:
    """Local names of ``init`` that hold a passed argument: the parameter itself, or a name
    assigned from kwargs.get("<name>") / kwargs["<name>"]."""
    bound = {arg.arg: arg.arg for arg in (*init.args.args, *init.args.kwonlyargs) if arg.arg in names}
    for node in ast.walk(init):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1 \
                or not isinstance(node.targets[0], ast.Name):
            continue
        key = _kwargs_key(node.value)
        if key in names:
            bound[node.targets[0].id] = key
    return bound


def _kwargs_key(value: ast.AST) -> str | None:
    """"x" of kwargs.get("x", ...) or kwargs["x"] (any name for the **kwargs dict)."""
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) \
            and value.func.attr == "get" and value.args:
        key = value.args[0]
    elif isinstance(value, ast.Subscript):
        key = value.slice
    else:
        return None
    return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
