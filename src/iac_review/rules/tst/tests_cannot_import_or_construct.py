"""Unit tests that cannot import the stack, or cannot construct it with the arguments they pass.

What it finds:
    Running the project's unit tests as the pipeline runs them: a test module
    that pytest cannot collect (an ImportError, a module or class that does not
    exist, a syntax error in the test or in the stack module it imports), and
    tests that die calling a class with arguments its ``__init__`` does not
    accept (an unexpected keyword, a missing required argument). Tests that
    fail for one reason are one finding, at the test's line that imports or
    constructs. When the module that cannot be imported is the stack's own
    (``lib/...``), the message says the defect is the stack's.

Why it matters:
    None of the tests in such a module runs: the suite is red and measures
    nothing, and the coverage gate fails with it. Tests written from a
    template (``TapStack`` where the answer defines another class, arguments
    the stack never took) are the usual cause.

Example:
        from lib.tap_stack import TapStack            # the answer defines TradingStack

        stack = TradingStack(app, "t", region="us-east-1")   # __init__ takes no region

Use instead:
        from lib.tap_stack import TradingStack

        stack = TradingStack(app, "t", environment_suffix="test")

Fix safety:
    No automatic fix: the right class and arguments come from the stack.

References:
    https://docs.pytest.org/en/stable/how-to/usage.html#possible-exit-codes
"""
from __future__ import annotations

from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.synth import suite_causes
from iac_review.synth.suite_causes import CONSTRUCTOR, IMPORT, is_test_code


class StackNotImportableByTests(Rule):
    meta = RuleMeta(
        id="TST004",
        name="tests-cannot-import-or-construct",
        category="tests_broken_constructor_or_import",
        default_severity=Severity.HIGH,
        stage="tests",
        summary="Unit tests fail to import the stack, or to construct it with the arguments they pass",
        why=("The model writes tests from a template (a TapStack class, the template's keyword "
             "arguments) instead of from the stack it wrote."),
        impact=("Deployability: every test of the module fails before checking anything; the "
                "pipeline's unit-test job and its coverage gate fail."),
        docs="https://docs.pytest.org/en/stable/explanation/goodpractices.html",
        training_value=("Tests import the class the answer defines and pass exactly the arguments "
                        "its __init__ accepts."),
    )

    def check(self, ctx) -> Iterator[Finding]:
        for cause in suite_causes.causes_of(ctx.suite, ctx.project.files, IMPORT, CONSTRUCTOR):
            yield self._finding(ctx, cause)

    def _finding(self, ctx, cause) -> Finding:
        first = cause.first
        path, line = cause.location
        count = len(cause.cases)
        if first.outcome == "collection":
            subject = (f"pytest cannot import {count} test modules" if count > 1
                       else f"pytest cannot import the test module {first.path}")
        else:
            verb = "import" if cause.kind == IMPORT else "construct what they test"
            subject = (f"{count} unit tests cannot {verb} ({cause.names()})" if count > 1
                       else f"unit test `{first.name}` cannot {verb}")
        message = f"{subject}: {cause.headline}"
        code = first.innermost
        if code is not None and not is_test_code(code.path):
            message += (f"; the error is in the stack's own module {code.path} (line {code.line}), "
                        "not in the tests")
        fix = ("import the class the stack module defines, and pass only the arguments its "
               "__init__ accepts" if cause.kind == CONSTRUCTOR or first.error_type.endswith("ImportError")
               else "make the module importable: correct the syntax or the name it imports")
        return self.finding(ctx, path, line, message, fix=fix,
                            evidence="\n".join(f"{c.nodeid}: {c.error_type}" for c in cause.cases[:5]))
