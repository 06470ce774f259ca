"""Stack whose ``__init__`` cannot take the parameters the harness passes.

What it finds:
    The stack class the corpus harness's ``tap.py`` instantiates (``TapStack``
    in ``lib/tap_stack.py``, else the class the entry point instantiates, else
    the only stack class) when its ``__init__`` has no ``**kwargs`` and lacks one
    of the harness parameters (by default ``environment_suffix``,
    ``state_bucket``, ``state_bucket_region``, ``aws_region``, ``default_tags``),
    or requires a parameter the harness does not pass. The rule follows the
    corpus harness contract and is off with ``--no-harness``
    (``ReviewConfig.harness_params = ()``).
    When the input is a task folder with its own ``tap.py``, that file is the
    entry point the pipeline runs: the call it makes is judged (Critical when
    the stack rejects it); a stack class it imports from ``lib/`` that the
    answer does not provide is reported (ImportError); when the stack accepts
    its call, only the standard contract is left to report, at Medium, and
    the message says which of the two is judged.

Why it matters:
    The harness builds ``TapStack(app, f"TapStack{suffix}", environment_suffix=...,
    state_bucket=..., state_bucket_region=..., aws_region=..., default_tags=...)``;
    a stack that does not accept these fails with ``TypeError`` before synth, and
    one that swallows them without using them ignores the pipeline's settings.

Example:
        class TapStack(TerraformStack):
            def __init__(self, scope: Construct, construct_id: str):
                super().__init__(scope, construct_id)

Use instead:
        class TapStack(TerraformStack):
            def __init__(self, scope: Construct, construct_id: str, **kwargs):
                super().__init__(scope, construct_id)
                environment_suffix = kwargs.get("environment_suffix", "dev")
                aws_region = kwargs.get("aws_region", "us-east-1")

Fix safety:
    No automatic fix: the parameters must also be used (provider region,
    backend, tags, names), which needs the stack's own code to change.

References:
    https://docs.python.org/3/reference/compound_stmts.html#function-definitions
"""
from __future__ import annotations

import ast
import re
from typing import Iterator

from iac_review.analysis.harness_entry import project_imports, stack_call_in
from iac_review.analysis.project import project_model, signature_text
from iac_review.analysis.signatures import check_call, describe
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta


class StackRejectsHarnessParameters(Rule):
    meta = RuleMeta(
        id="CTR002",
        name="stack-rejects-harness-parameters",
        category="entrypoint_stack_signature_mismatch",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="Stack the harness entry point cannot build: parameters it rejects, or a class it lacks",
        why=("The model writes a stack constructor for its own entry point and ignores the "
             "pipeline's entry point, which passes the environment suffix, state bucket, "
             "region and default tags as keyword arguments."),
        impact=("Deployability: TypeError (or ImportError) when the harness's tap.py runs; nothing is "
                "synthesized or deployed."),
        docs="https://docs.python.org/3/reference/compound_stmts.html#function-definitions",
        training_value=("A stack meant for a pipeline must accept the pipeline's parameters "
                        "(environment_suffix, state_bucket, state_bucket_region, aws_region, "
                        "default_tags), for example through **kwargs."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        params = tuple(ctx.config.harness_params or ())
        if not params:
            ctx.silence(self.meta.id, "not checked: the review does not expect the harness contract "
                                      "(--no-harness, or harness = false in the configuration file);"
                                      " without it, a stack constructor that rejects "
                                      "the harness's parameters is reported")
            return
        model = project_model(ctx)
        stack = model.harness_stack()
        if stack is None or model.is_excerpt(stack.path):
            return   # a class shown without its imports is an excerpt, not the file that runs
        sig = model.signature(stack)
        if sig is None or sig.varkw:
            return
        accepted_call = None
        if ctx.project.harness_entry is not None:
            verdict = self._task_entry(ctx, stack, sig, ctx.project.harness_entry)
            if verdict is not None:
                yield from verdict
                return
            accepted_call = stack_call_in(ctx.project.harness_entry, stack.name)
        rejected = [p for p in params if not sig.accepts_keyword(p)]
        # The harness passes scope and the stack id positionally and the rest by keyword.
        missing = [p for p in sig.required_positional[2:] if p not in params]
        missing += [p for p in sig.kwonly_required if p not in params]
        if not rejected and not missing:
            return
        parts = []
        if rejected:
            parts.append(f"does not accept {', '.join(f'`{p}`' for p in rejected)}")
        if missing:
            parts.append(f"requires {', '.join(f'`{p}`' for p in missing)}, which the harness "
                         "does not pass")
        line = sig.line if sig.path else stack.line
        path = sig.path or stack.path
        contract = (f"`{stack.name}(app, stack_id, {', '.join(f'{p}=...' for p in params)})`")
        if accepted_call is not None:
            # This task's tap.py passes less and works; the pipeline's standard one would not.
            message = (f"the task's tap.py (line {accepted_call.lineno}) calls "
                       f"`{stack.name}({_arguments(accepted_call)})`, which the stack accepts, but the "
                       f"pipeline's standard tap.py calls {contract}, and "
                       f"{signature_text(stack, sig)} {' and '.join(parts)}: with that entry point, "
                       f"TypeError before synth")
        else:
            message = (f"the corpus harness's tap.py calls {contract}, but {signature_text(stack, sig)} "
                       f"{' and '.join(parts)}: TypeError before synth")
        severity = Severity.MEDIUM if accepted_call is not None else None
        own = model.own_entry_point(stack)
        if own and accepted_call is None:
            severity = Severity.MEDIUM
            message += (f" (the answer's own entry point {own} calls it differently; this only "
                        "fails where the standard harness tap.py is used)")
        message += (". This rule follows the corpus harness contract; switch it off with "
                    "--no-harness")
        fix = ("accept the harness parameters (e.g. `def __init__(self, scope, construct_id, "
               "**kwargs)` and read them with kwargs.get) and use them for the provider region, "
               "backend, default tags and resource names")
        yield self.finding(ctx, path, line, message, fix=fix, severity=severity)

    def _task_entry(self, ctx, stack, sig, text: str) -> list[Finding] | None:
        """The task's own tap.py: the findings on the call it makes, or on a stack it imports
        that the answer lacks; None when it builds the stack in a way the stack accepts (the
        standard contract is then judged, at Medium)."""
        call = stack_call_in(text, stack.name)
        if call is None:   # it builds no such stack itself (e.g. `from lib.main import app`)
            return list(self._missing_import(ctx, stack, text))
        problems = check_call(sig, call)
        if not problems:
            return None
        return [self._rejected_by_entry(ctx, stack, sig, call, problems)]

    def _rejected_by_entry(self, ctx, stack, sig, call, problems) -> Finding:
        line = sig.line if sig.path else stack.line
        message = (f"the task's tap.py (line {call.lineno}) calls `{stack.name}({_arguments(call)})`, "
                   f"but {signature_text(stack, sig)} fails on it ({describe(problems)}): TypeError "
                   f"before synth")
        severity = None
        own = project_model(ctx).own_entry_point(stack)
        if own:   # the answer brings its own entry point, which may be what it meant to run
            severity = Severity.MEDIUM
            message += f" (the answer's own entry point {own} calls it differently)"
        return self.finding(
            ctx, sig.path or stack.path, line, message, severity=severity,
            fix=("accept what the task's tap.py passes (or **kwargs) and use it for the provider "
                 "region, backend, default tags and resource names"))


    def _missing_import(self, ctx, stack, text: str) -> Iterator[Finding]:
        """The task's tap.py imports from lib/ a name the answer does not provide."""
        home = ctx.project.files.get(stack.path)
        if home is not None and home.guessed:
            return   # the stack's file name is our guess: the answer may mean the path imported
        for module, name, line in project_imports(text):
            path = module.replace(".", "/") + ".py"
            source = ctx.project.files.get(path)
            defined = source is not None and re.search(rf"^(class|def)\s+{re.escape(name)}\b|^{re.escape(name)}\s*=",
                                                       source.text, re.MULTILINE)
            if defined:
                continue
            where = f"`{path}` does not define it" if source is not None else f"the answer has no `{path}`"
            yield self.finding(
                ctx, stack.path, stack.line,
                f"the task's tap.py (line {line}) imports `{name}` from `{module}`, but {where} "
                f"(the answer's stack is `{stack.name}` in {stack.path}): ImportError before synth",
                fix=(f"name the stack class `{name}` in {path}, or make {path} re-export the "
                     f"answer's stack under that name"))
            return


def _arguments(call: ast.Call) -> str:
    shown = ["app" if i == 0 else "..." for i, _ in enumerate(call.args)]
    shown += [f"{kw.arg}=..." if kw.arg else "**..." for kw in call.keywords]
    return ", ".join(shown)
