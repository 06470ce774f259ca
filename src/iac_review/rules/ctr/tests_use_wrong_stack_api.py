"""Tests that import or construct the stack in a way the project does not support.

What it finds:
    In test files (``tests/**``, ``test_*.py``): imports of names that the
    project module does not define (``from lib.tap_stack import TapStack`` when
    the class is called something else), calls of a stack class with arguments
    its ``__init__`` rejects, and AWS CDK test imports (``aws_cdk``) in a CDKTF
    project. Under the corpus harness contract (off with ``--no-harness``) it
    also reports a ``lib/tap_stack.py`` without a ``TapStack`` when the answer
    brings no tests of its own: the harness's unit tests import that name.

Why it matters:
    Every test in the file fails at collection with ``ImportError`` or at setup
    with ``TypeError``, so coverage is zero and nothing about the stack is
    verified.

Example:
        # lib/tap_stack.py defines `class PaymentsStack(TerraformStack)`
        from lib.tap_stack import TapStack

        def test_synth():
            stack = TapStack(Testing.app(), "test", region="us-east-1")

Use instead:
        from lib.tap_stack import PaymentsStack

        def test_synth():
            stack = PaymentsStack(Testing.app(), "test", environment_suffix="test")

Fix safety:
    No automatic fix: the test's intent (which class, which parameters) has to
    be re-read against the stack.

References:
    https://docs.python.org/3/reference/import.html
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.harness_entry import stack_call_in
from iac_review.analysis.signatures import check_call
from iac_review.analysis.project import project_model, signature_text
from iac_review.analysis.signatures import describe
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta

HARNESS_STACK_MODULE = "lib/tap_stack.py"
HARNESS_STACK_CLASS = "TapStack"


class WrongStackApiInTests(Rule):
    meta = RuleMeta(
        id="CTR003",
        name="tests-use-wrong-stack-api",
        category="tests_broken_constructor_or_import",
        default_severity=Severity.HIGH,
        stage="static",
        summary="Tests import a name the stack module lacks or construct the stack with rejected arguments",
        why=("The model writes tests from a generic template (TapStack, fixed keyword "
             "arguments) without re-reading the stack it generated."),
        impact="Quality: every test in the file errors before it asserts anything; coverage gates fail.",
        docs="https://docs.python.org/3/reference/import.html",
        training_value=("Tests must import the class the stack module really defines and construct "
                        "it with the parameters its __init__ takes."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        model = project_model(ctx)
        yield from self._imports(ctx, model)
        for call in model.stack_calls:
            if not call.in_test:
                continue
            sig = model.signature(call.stack)
            problems = check_call(sig, call.node) if sig else []
            if not problems:
                continue
            message = (f"test constructs `{call.stack.name}` in a way "
                       f"{signature_text(call.stack, sig)} rejects: {describe(problems)}; the "
                       "test fails with TypeError before asserting anything")
            yield self.finding(ctx, call.path, call.line, message,
                               column=call.node.col_offset + 1,
                               fix=f"call {call.stack.name} with the parameters of "
                                   f"{call.stack.name}.__init__{sig.shown()}")
        yield from self._harness_tests(ctx, model)

    def _imports(self, ctx, model) -> Iterator[Finding]:
        uses_cdktf = (ctx.project.metadata or {}).get("platform") == "cdktf" or any(
            imp.module and imp.module.split(".")[0] in ("cdktf", "cdktf_cdktf_provider_aws")
            for info in model.infos.values() for imp in info.from_imports.values())
        for path in model.tests:
            info = model.infos.get(path)
            if info is None or ctx.project.files[path].attribution == "guessed-other":
                continue
            cdk_imports = set()
            for node in info.module.tree.body if uses_cdktf else ():
                if isinstance(node, ast.Import) and any(
                        a.name.split(".")[0] == "aws_cdk" for a in node.names):
                    yield self._cdk_import(ctx, path, node)
            for imp in info.from_imports.values():
                if uses_cdktf and (imp.module or "").split(".")[0] == "aws_cdk" and imp.level == 0:
                    if id(imp.node) not in cdk_imports:
                        cdk_imports.add(id(imp.node))
                        yield self._cdk_import(ctx, path, imp)
                    continue
                target = model.resolve_module(path, imp.module, imp.level)
                if target is None or target.endswith("__init__.py"):
                    continue
                if ctx.project.files[target].guessed or model.defines(target, imp.name):
                    continue
                stacks = [s.name for s in model.stack_classes if s.path == target]
                shown = (f"; it defines {', '.join(f'`{s}`' for s in stacks)}" if stacks else "")
                yield self.finding(
                    ctx, path, imp.line,
                    f"test imports `{imp.name}` from `{imp.module or target}`, which {target} "
                    f"does not define{shown}: every test in {path} fails with ImportError",
                    column=imp.node.col_offset + 1,
                    fix=(f"import `{stacks[0]}`" if len(stacks) == 1
                         else f"import a name that {target} defines"))

    def _cdk_import(self, ctx, path, imp) -> Finding:
        node = imp if isinstance(imp, ast.Import) else imp.node
        names = ", ".join(f"`{a.name}`" for a in node.names)
        source = "" if isinstance(imp, ast.Import) else f" from `{imp.module}`"
        return self.finding(
            ctx, path, node.lineno,
            f"test imports {names}{source} (AWS CDK) in a CDKTF project: aws_cdk is "
            "not installed with cdktf and its assertions do not read a TerraformStack; the test "
            "fails at import",
            column=node.col_offset + 1,
            fix="use cdktf's Testing (Testing.app(), Testing.synth(stack)) and assert on the "
                "synthesized JSON")

    def _harness_tests(self, ctx, model) -> Iterator[Finding]:
        params = tuple(ctx.config.harness_params or ())
        if not params:
            return
        source = ctx.project.files.get(HARNESS_STACK_MODULE)
        if (source is None or source.guessed or HARNESS_STACK_MODULE not in model.infos
                or model.is_excerpt(HARNESS_STACK_MODULE)):
            return
        stacks = [s for s in model.stack_classes if s.path == HARNESS_STACK_MODULE]
        if not stacks:
            return
        for path in model.tests:
            info = model.infos.get(path)
            if info and any(model.resolve_module(path, imp.module, imp.level) == HARNESS_STACK_MODULE
                            for imp in info.from_imports.values()):
                return   # the answer brings its own tests of the stack; those are checked above
        contract = ("This rule follows the corpus harness contract; switch it off with "
                    "--no-harness")
        if not model.defines(HARNESS_STACK_MODULE, HARNESS_STACK_CLASS):
            names = ", ".join(f"`{s.name}`" for s in stacks)
            message = (f"{HARNESS_STACK_MODULE} defines {names} but no `{HARNESS_STACK_CLASS}`, and "
                       f"the answer has no tests of its own: the corpus harness's unit and "
                       f"integration tests import `{HARNESS_STACK_CLASS}` from `lib.tap_stack` and "
                       f"fail with ImportError. {contract}")
            fix = (f"name the stack class `{HARNESS_STACK_CLASS}` (or add `{HARNESS_STACK_CLASS} = "
                   f"{stacks[0].name}`), or ship tests that import `{stacks[0].name}`")
            yield self.finding(ctx, HARNESS_STACK_MODULE, stacks[0].line, message, fix=fix)
            return
        stack = model.lookup_class(HARNESS_STACK_MODULE, HARNESS_STACK_CLASS)
        sig = model.signature(stack) if stack else None
        if sig is None or sig.varkw:
            return
        rejected = [p for p in params if not sig.accepts_keyword(p)]
        if not rejected:
            return
        entry = ctx.project.harness_entry
        call = stack_call_in(entry, HARNESS_STACK_CLASS) if entry is not None else None
        if call is not None and not check_call(sig, call):
            return   # the task's own tap.py builds the stack another way, which it accepts
        message = (f"the answer has no tests of its own, and the corpus harness's unit tests "
                   f"construct `{HARNESS_STACK_CLASS}` with the harness parameters, but "
                   f"{signature_text(stack, sig)} does not accept "
                   f"{', '.join(f'`{p}`' for p in rejected)}: those tests fail with TypeError")
        severity = None
        own = model.own_entry_point(stack)
        if own:
            severity = Severity.MEDIUM
            message += (f" (the answer's own entry point {own} uses another signature, so the "
                        "tests may have been meant to change with it)")
        yield self.finding(ctx, sig.path or stack.path, sig.line or stack.line,
                           f"{message}. {contract}", severity=severity,
                           fix="accept the harness parameters in __init__ (e.g. **kwargs), or ship "
                               "unit tests that construct the stack with its real parameters")
