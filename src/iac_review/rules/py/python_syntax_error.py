"""Python file that does not parse.

What it finds:
    Project Python files (extracted from the answer or read from disk) that the
    Python parser rejects, with the parser's line and column. A file that is
    valid for a newer Python than the one running the review (an f-string
    whose replacement field spans lines, valid from 3.12) is not a syntax
    error: the review says it could not analyse that file instead.

Why it matters:
    Nothing in the file can run, and no other rule can check it: every binding
    in it is unverified until the syntax is fixed.

Example:
        def __init__(self, scope: Construct, construct_id: str)
            super().__init__(scope, construct_id)

Use instead:
        def __init__(self, scope: Construct, construct_id: str):
            super().__init__(scope, construct_id)

Fix safety:
    No automatic fix: the intended code is not knowable from the error.

References:
    https://docs.python.org/3/reference/grammar.html
"""
from __future__ import annotations

import re
from typing import Iterator

from iac_review.analysis.lambda_code import in_lambda_folder
from iac_review.core.workspace import is_test_path
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta


class SyntaxErrorInFile(Rule):
    meta = RuleMeta(
        id="PY001",
        name="python-syntax-error",
        category="python_import_or_runtime_error",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="Python file that does not parse",
        why="The answer's code is truncated, mixes prose into code, or has a typo the model never ran.",
        impact="Deployability: the program cannot start; nothing is synthesized.",
        docs="https://docs.python.org/3/reference/grammar.html",
        training_value="Generated code must at least parse; a syntax error hides every other defect.",
        fix="none",
        predicts_synth_failure=True,
    )

    def check(self, ctx) -> Iterator[Finding]:
        for module in ctx.modules:
            error = module.error
            if error is None or module.newer_syntax:
                continue   # valid for a newer Python: the review says it did not analyse the file
            lines = module.source.text.split("\n")
            line = max(1, min(error.lineno or 1, len(lines)))
            message = f"{error.msg} (SyntaxError: the file cannot be analysed further)"
            severity = None
            if module.source.attribution == "guessed-other":
                # An unnamed block that is not a module is usually an illustration.
                message = (f"unnamed code block does not parse ({error.msg}); it was not "
                           f"reviewed")
                severity = Severity.LOW
            elif is_test_path(module.path):
                # Tests are not imported by the app: synth and deploy succeed, the suite errors.
                message += "; it is a test file, so the app synthesizes but these tests cannot run"
                severity = Severity.HIGH
            elif in_lambda_folder(module.path):
                # Function code is zipped, not imported by the app: synth and deploy succeed.
                message += "; it is function code, so the function deploys and every invocation fails"
                severity = Severity.HIGH
            elif _has_elisions(module.source.text):
                # An excerpt says "the rest as before": the answer is incomplete, but the
                # parse error itself is an artefact of the elision, not of the code.
                message += "; the block is an excerpt with elided code (`...`), not a complete file"
                severity = Severity.MEDIUM
            yield self.finding(ctx, module.path, line, message,
                               column=max(1, error.offset or 1), severity=severity)


# "/* ... */" on a line: the first /* and the first ... after it are kept (atomic groups), so
# a line without */ fails in one pass; three backtracking .* made it cubic.
_ELISION = re.compile(r"^\s*+(\.\.\.|#\s*\.\.\.|(?>.*?/\*)(?>.*?\.\.\.).*?\*/)|\(\s*\.\.\.\s*\)|,\s*\.\.\.\s*[,)]")


def _has_elisions(text: str) -> bool:
    return any(_ELISION.search(line) for line in text.split("\n"))

