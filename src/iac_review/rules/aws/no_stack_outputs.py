"""Stack without any `TerraformOutput`.

What it finds:
    A project that defines a `TerraformStack` subclass but creates no
    `TerraformOutput` in any of its files. One finding, at the stack class.
    It follows the corpus harness convention (integration tests read the deployed
    stack's outputs) and is off when the harness contract is switched off
    (`harness_params=()`).

Why it matters:
    Integration tests and operators find the deployed resources through the stack
    outputs (the harness writes them to `cfn-outputs/flat-outputs.json`). Without
    outputs the tests have nothing to read and fall back to hardcoded names, or
    test nothing.

Example:
        class TapStack(TerraformStack):
            def __init__(self, scope, construct_id, **kwargs):
                super().__init__(scope, construct_id)
                self.bucket = S3Bucket(self, "data", bucket_prefix="data-")
        # and no TerraformOutput anywhere in the project

Use instead:
        class TapStack(TerraformStack):
            def __init__(self, scope, construct_id, **kwargs):
                super().__init__(scope, construct_id)
                self.bucket = S3Bucket(self, "data", bucket_prefix="data-")
                TerraformOutput(self, "data_bucket_name", value=self.bucket.bucket)
        # integration tests read data_bucket_name from the deployed stack's outputs

Fix safety:
    No automatic fix: which values tests and operators need is a design decision.

References:
    https://developer.hashicorp.com/terraform/cdktf/concepts/variables-and-outputs#output-values
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta

_OUTPUT = "TerraformOutput"


class NoStackOutputs(Rule):
    meta = RuleMeta(
        id="AWS008",
        name="no-stack-outputs",
        category="missing_stack_outputs",
        default_severity=Severity.LOW,
        stage="static",
        summary="Stack without any `TerraformOutput`",
        why=("Models build the resources the prompt asks for and stop, forgetting that tests and operators "
             "reach the deployed stack through its outputs."),
        impact="Testability: integration tests cannot find the deployed resources.",
        docs="https://developer.hashicorp.com/terraform/cdktf/concepts/variables-and-outputs#output-values",
        training_value=("A deployable stack exports the identifiers of its key resources (ids, ARNs, "
                        "endpoints) as TerraformOutput values."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        if not ctx.config.harness_params:
            ctx.silence(self.meta.id, "not checked: the review does not expect the harness contract "
                                      "(--no-harness, or harness = false in the configuration file);"
                                      " without it, a stack with no TerraformOutput is reported")
            return
        stack: tuple[str, ast.ClassDef] | None = None
        for module in ctx.modules:
            if module.tree is None:
                if _OUTPUT in module.source.text:
                    return  # an unparsable file may hold the outputs: do not guess
                continue
            if _OUTPUT in module.source.text and _uses_output(module.tree):
                return
            if stack is None and "TerraformStack" in module.source.text:
                found = _stack_class(module.tree)
                if found is not None:
                    stack = (module.path, found)
        if stack is None:
            return
        path, node = stack
        message = (f"stack `{node.name}` creates no `TerraformOutput`: integration tests read the deployed "
                   f"stack's outputs (cfn-outputs/flat-outputs.json) and find nothing to test")
        yield self.finding(ctx, path, node.lineno, message, column=node.col_offset + 1,
                           fix="add TerraformOutput values for the key resources (ids, ARNs, endpoints, names)")


def _uses_output(tree: ast.Module) -> bool:
    """Whether the module calls TerraformOutput (directly, through `cdktf.` or an import alias)."""
    names = {_OUTPUT}
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names.update(a.asname for a in node.names if a.name == _OUTPUT and a.asname)
        elif isinstance(node, ast.Call):
            calls.append(node.func)
    for func in calls:
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name in names:
            return True
    return False


def _stack_class(tree: ast.Module) -> ast.ClassDef | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                name = base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) \
                    else None
                if name == "TerraformStack":
                    return node
    return None
