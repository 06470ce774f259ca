"""`TerraformOutput` without a `description`.

What it finds:
    `TerraformOutput(...)` calls with no `description=` argument (calls that
    spread `**kwargs` are skipped: the description may be in them). One finding
    per file, at the first such output, listing the output ids and how many
    there are.

Why it matters:
    Outputs are the stack's interface for integration tests, operators and
    other stacks. Without a description `terraform output` and the state show
    a bare name, and reviewers of the generated code list undocumented outputs
    as a defect. Nothing fails: this is documentation quality.

Example:
        TerraformOutput(self, "queue_url", value=queue.url)

Use instead:
        TerraformOutput(self, "queue_url", value=queue.url,
                        description="URL of the order intake queue")

Fix safety:
    No automatic fix: the description has to say what the value is for.

References:
    https://developer.hashicorp.com/terraform/language/values/outputs#description
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.strings import literal_text, template
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta

_OUTPUT = "TerraformOutput"
_MAX_SHOWN = 8


class OutputWithoutDescription(Rule):
    meta = RuleMeta(
        id="OUT001",
        name="output-without-description",
        category="missing_stack_outputs",
        default_severity=Severity.LOW,
        stage="static",
        summary="`TerraformOutput` without a `description`",
        why=("Models add outputs as an afterthought, with only an id and a value, and do not "
             "document what each one is for."),
        impact="Maintainability: operators and tests see undocumented output names; nothing fails.",
        docs="https://developer.hashicorp.com/terraform/language/values/outputs#description",
        training_value=("Every TerraformOutput should carry a description saying what the value "
                        "is and who reads it."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        by_file: dict[str, list] = {}
        for call in ctx.calls_of(_OUTPUT):
            if call.kind != "class" or call.has("description") or call.has_spread:
                continue
            by_file.setdefault(call.path, []).append(call)
        for path, calls in by_file.items():
            first = calls[0]
            ids = [_shown_id(call.construct_id) for call in calls]
            listed = ", ".join(f"`{i}`" for i in ids[:_MAX_SHOWN])
            if len(ids) > _MAX_SHOWN:
                listed += f", ... ({len(ids) - _MAX_SHOWN} more)"
            count = f"{len(ids)} TerraformOutput{'s' if len(ids) > 1 else ''}"
            yield self.finding(
                ctx, path, first.line,
                f"{count} without `description=` ({listed}): `terraform output` and the stack's "
                f"outputs show bare names, so operators and tests cannot tell what each value is",
                column=first.node.col_offset + 1,
                fix="add description=\"<what the value is and who reads it>\" to each TerraformOutput",
            )


def _shown_id(node: ast.AST | None) -> str:
    if node is None:
        return "?"
    text = literal_text(node)
    if text is None:
        text = template(node)
    if text is None:
        text = ast.unparse(node)
    return text if len(text) <= 40 else text[:37] + "..."
