"""Python file nested too deeply to compile or to analyse.

What it finds:
    A file whose expressions nest so deeply that Python's parser runs out of
    stack (RecursionError or MemoryError while compiling), or whose syntax tree
    is deeper than the analysis follows (100 levels; real CDKTF code stays
    under 20).

Why it matters:
    When Python itself cannot compile the file, the program cannot start and
    nothing is synthesized. When only the analysis stops, every other rule
    skips the file, so its defects go unreported.

Example:
        total = a + a + a + a + ...   # thousands of terms on one line

Use instead:
        total = sum(values)

Fix safety:
    No automatic fix: the intended structure is not knowable.

References:
    https://docs.python.org/3/library/exceptions.html#RecursionError
"""
from __future__ import annotations

from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.parse.python import MAX_AST_DEPTH


class TooDeeplyNested(Rule):
    meta = RuleMeta(
        id="PY005",
        name="too-deeply-nested",
        category="python_import_or_runtime_error",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="Python file nested too deeply to compile or to analyse",
        why=("Generated or pasted code can chain thousands of operators or calls on one line; "
             "Python's parser and every recursive reader of the code have a stack limit."),
        impact=("Deployability when Python cannot compile the file; otherwise the file is not "
                "reviewed at all."),
        docs="https://docs.python.org/3/library/exceptions.html#RecursionError",
        training_value="Deeply nested expressions are unreadable and can exceed what Python compiles.",
        fix="none",
        predicts_synth_failure=True,
    )

    def check(self, ctx) -> Iterator[Finding]:
        for module in ctx.modules:
            deep = module.too_deep
            if deep is None:
                continue
            if deep.python_fails:
                yield self.finding(
                    ctx, module.path, deep.line,
                    "nesting too deep to compile: Python's parser ran out of stack on this file "
                    "(RecursionError or MemoryError), so the program cannot start; the file was "
                    "not analysed")
            else:
                yield self.finding(
                    ctx, module.path, deep.line,
                    f"nesting too deep to analyse: the syntax tree is more than {MAX_AST_DEPTH} "
                    f"levels deep ({deep.depth}); the file was not analysed, so its defects are "
                    "not reported", severity=Severity.LOW)
