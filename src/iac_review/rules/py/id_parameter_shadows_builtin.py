"""Function parameter named ``id``, shadowing the built-in.

What it finds:
    Functions and methods in the project's Python files with a parameter named
    ``id`` (typically ``def __init__(self, scope: Construct, id: str)``), one
    finding per function.

Why it matters:
    pylint reports W0622 (redefined-builtin), which fails the lint gate of the
    pipeline, and inside the function ``id()`` is no longer the built-in.

Example:
        class TapStack(TerraformStack):
            def __init__(self, scope: Construct, id: str):
                super().__init__(scope, id)

Use instead:
        class TapStack(TerraformStack):
            def __init__(self, scope: Construct, construct_id: str):
                super().__init__(scope, construct_id)

Fix safety:
    Unsafe: renaming the parameter and its uses is mechanical, but callers that
    pass ``id=`` by keyword have to change too.

References:
    https://docs.python.org/3/library/functions.html#id
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.module_info import iter_statements
from iac_review.core.finding import Finding, Severity
from iac_review.core.repair import Repair
from iac_review.core.rule import Rule, RuleMeta


class IdParameterShadowsBuiltin(Rule):
    meta = RuleMeta(
        id="PY002",
        name="id-parameter-shadows-builtin",
        category="builtin_shadowing_id",
        default_severity=Severity.HIGH,
        severity_note=("High, not Critical: synth and deploy work, but the pylint gate of the pipeline fails (W0622); "
                       "not Medium either, because that gate blocks the merge."),
        stage="static",
        summary="Parameter named id shadows the built-in id() (pylint W0622)",
        why=("The model copies the TypeScript CDK signature (scope, id) into Python, where id is "
             "a built-in function."),
        impact="Quality: pylint W0622 fails the lint gate; id() cannot be used inside the function.",
        docs="https://docs.python.org/3/library/functions.html#id",
        training_value="In CDKTF Python the construct id parameter is named construct_id, never id.",
        fix="unsafe",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for module in ctx.modules:
            if module.tree is None or module.source.attribution == "guessed-other":
                continue
            if "id" not in module.source.text:
                continue
            for node in iter_statements(module.tree):
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                args = node.args
                param = next((a for a in args.posonlyargs + args.args + args.kwonlyargs
                              if a.arg == "id"), None)
                if param is None:
                    continue
                owner = _owner(module, node)
                name = f"{owner}.{node.name}" if owner else node.name
                message = (f"`{name}` has a parameter named `id`, which shadows the built-in id() "
                           "(pylint W0622 redefined-builtin fails the lint gate)")
                yield self.finding(ctx, module.path, param.lineno, message,
                                   column=param.col_offset + 1,
                                   fix="rename the parameter to construct_id and update its uses",
                                   repair=Repair.make("rename_parameter", module.path, param.lineno,
                                                      param.col_offset + 1, old="id", new="construct_id"))


def _owner(module, node: ast.AST) -> str | None:
    parent = module.parent(node)
    return parent.name if isinstance(parent, ast.ClassDef) else None
