"""Entry point that calls a stack class with arguments its ``__init__`` rejects.

What it finds:
    Calls of a project stack class (a ``TerraformStack`` subclass) in an entry
    point (``tap.py``, ``main.py``, ``app.py``, the file ``cdktf.json`` runs, or
    a file that builds an ``App()`` and calls ``synth()``) that pass a keyword
    the ``__init__`` does not accept, too many positional arguments, or omit a
    required parameter; and entry-point imports of a name the project module
    does not define.

Why it matters:
    Python raises ``TypeError`` (or ``ImportError``) when the entry point runs,
    so ``cdktf synth`` produces nothing and no later stage can start.

Example:
        # lib/tap_stack.py
        class TapStack(TerraformStack):
            def __init__(self, scope: Construct, construct_id: str):
                super().__init__(scope, construct_id)

        # tap.py
        TapStack(app, "TapStackdev", environment_suffix="dev")

Use instead:
        class TapStack(TerraformStack):
            def __init__(self, scope: Construct, construct_id: str, *,
                         environment_suffix: str = "dev"):
                super().__init__(scope, construct_id)

Fix safety:
    No automatic fix: either the call or the signature is wrong, and which one
    depends on what the stack should be configurable with.

References:
    https://docs.python.org/3/reference/expressions.html#calls
"""
from __future__ import annotations

from typing import Iterator

from iac_review.analysis.project import project_model, signature_text
from iac_review.analysis.signatures import check_call, describe
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta


class EntrypointStackSignatureMismatch(Rule):
    meta = RuleMeta(
        id="CTR001",
        name="entrypoint-stack-signature-mismatch",
        category="entrypoint_stack_signature_mismatch",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="Entry point calls a stack class with arguments its __init__ rejects",
        why=("The model writes the entry point and the stack separately and does not keep "
             "their parameter lists in step, or imports the stack under another name."),
        impact="Deployability: TypeError or ImportError when the entry point runs; nothing is synthesized.",
        docs="https://docs.python.org/3/reference/expressions.html#calls",
        training_value=("The entry point and the stack constructor are one contract: every keyword "
                        "the app passes must be a parameter of the stack's __init__."),
        fix="none",
        predicts_synth_failure=True,
    )

    def check(self, ctx) -> Iterator[Finding]:
        model = project_model(ctx)
        for call in model.stack_calls:
            if call.in_test:
                continue
            sig = model.signature(call.stack)
            if sig is None:
                continue
            problems = check_call(sig, call.node)
            if not problems:
                continue
            name = call.stack.name
            message = (f"{call.path} calls `{name}` in a way {signature_text(call.stack, sig)} "
                       f"rejects: {describe(problems)}; TypeError when the entry point runs, "
                       "before synth")
            accepted = [p.name for p in problems if p.kind == "unexpected"]
            fix = (f"add {', '.join(accepted)} as parameters of {name}.__init__ (and use them), or "
                   "stop passing them" if accepted else
                   f"make the call match {name}.__init__{sig.shown()}")
            yield self.finding(ctx, call.path, call.line, message,
                               column=call.node.col_offset + 1, fix=fix)
        yield from self._imports(ctx, model)

    def _imports(self, ctx, model) -> Iterator[Finding]:
        for path in model.entry_points:
            info = model.infos.get(path)
            if info is None:
                continue
            for imp in info.from_imports.values():
                target = model.resolve_module(path, imp.module, imp.level)
                if target is None or target.endswith("__init__.py"):
                    continue
                if ctx.project.files[target].guessed or model.defines(target, imp.name):
                    continue
                stacks = [s.name for s in model.stack_classes if s.path == target]
                shown = (f"; it defines {', '.join(f'`{s}`' for s in stacks)}" if stacks else "")
                message = (f"{path} imports `{imp.name}` from `{imp.module or target}`, which "
                           f"{target} does not define{shown}: ImportError when the entry point "
                           "runs, before synth")
                fix = (f"import `{stacks[0]}`" if len(stacks) == 1 else
                       f"import a name that {target} defines")
                yield self.finding(ctx, path, imp.line, message, column=imp.node.col_offset + 1,
                                   fix=fix)
