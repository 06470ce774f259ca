"""Synthesized expression that Terraform rejects (provider-less `terraform validate`).

What it finds:
    Errors `terraform validate` reports on the synthesized JSON once every
    provider resource is replaced by the built-in `terraform_data`: calls to
    functions Terraform does not have (`${topic(3)}`, `${Fn.sub(...)}`),
    references to resources, data sources, variables or locals that the stack
    does not declare, `each` / `count` outside a resource that iterates, a
    counted resource used without an index, and template syntax errors. These
    come from hand-written `${...}` text in Python strings; cdktf passes such
    text through verbatim. One finding per error, at the model's construct call
    (the argument named in the message). Runs only when a `terraform` binary is
    on PATH; otherwise the review lists the check as not evaluated.

Why it matters:
    `terraform plan` stops on the first such error: nothing deploys. Static
    reading cannot tell a literal `${...}` that Terraform evaluates happily
    (`${timestamp()}`) from one that fails; Terraform itself can.

Example:
        S3Bucket(self, "raw", bucket="raw-${topic(3)}")

Use instead:
        S3Bucket(self, "raw", bucket=f"raw-{suffix}")

Fix safety:
    No automatic fix: the intended value is not knowable from the error.

References:
    https://developer.hashicorp.com/terraform/cli/commands/validate
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.tfjson.graph import SYNTH_FILE
from iac_review.tfjson.locate import label, report
from iac_review.tfjson.terraform_validate import ValidateError, expression_at, validate_for

_FIXES = {
    "function": ("build the value with cdktf `Fn.*` functions or Python; Terraform has no such function "
                 "(literal `${` text must be written `$${`)"),
    "reference": ("pass the resource object's attribute (e.g. `bucket.arn`) instead of hand-written "
                  "`${type.name.attr}` text, and make sure the resource exists in this stack"),
    "variable": "use a `TerraformVariable` / `TerraformLocal` object or a Python value, not `${var.x}` text",
    "context": ("`each` and `count` exist only in a resource with `for_each` / `count`: loop in Python or "
                "use a `TerraformIterator`"),
    "function_argument": "pass the function arguments of the type it expects (see the function's documentation)",
    "syntax": ("the string is not a valid Terraform template: write literal `${` as `$${` or build the "
               "expression with `Fn`"),
    "other": "correct the expression Terraform rejects",
}


class TerraformValidateError(Rule):
    meta = RuleMeta(
        id="TFV001",
        name="terraform-validate-error",
        category="raw_terraform_interpolation_string",
        default_severity=Severity.CRITICAL,
        stage="tfjson",
        summary="Synthesized expression that Terraform rejects (provider-less terraform validate)",
        why=("Models write HCL expressions into Python strings (`${aws_x.y.arn}`, `${element(...)}`, "
             "`${Fn.sub(...)}`); cdktf passes them through and only Terraform evaluates them."),
        impact="Deployability: `terraform plan` fails; nothing is deployed.",
        docs="https://developer.hashicorp.com/terraform/cli/commands/validate",
        training_value=("In CDKTF, references and functions are Python objects (`resource.arn`, `Fn.*`); "
                        "`${...}` text in a string is raw Terraform and must be valid as such."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        run = validate_for(ctx)
        if run is None or not run.ok:
            return
        graph = ctx.tfjson
        for error in run.errors:
            doc = ctx.json_outcome.stacks.get(error.stack)
            expression = expression_at(doc, error)
            where = f"`{error.attribute}`" if error.attribute else "the block"
            shown = f" (synthesized value `{_short(expression)}`)" if expression else ""
            what = (f"{where}{shown}: {error.summary}: {_first_sentence(error.detail)}; "
                    f"`terraform plan` fails on it")
            fix = _FIXES.get(error.kind, _FIXES["other"])
            resource = (graph.get(error.stack, error.address)
                        if graph is not None and error.address else None)
            if resource is not None:
                finding = report(self, ctx, resource, f"{label(resource)} {what}", fix=fix)
            else:
                finding = self._unlocated(ctx, error, what, fix)
            yield replace(finding, category=error.category)

    def _unlocated(self, ctx, error: ValidateError, what: str, fix: str) -> Finding:
        path, line = SYNTH_FILE, 1
        address = error.address or "the configuration"
        if error.address and error.address.startswith("output."):
            name = error.address.split(".", 1)[1]
            calls = [c for c in ctx.calls_of("TerraformOutput") if _literal(c.construct_id) == name]
            if len(calls) == 1:
                path, line = calls[0].path, calls[0].line
        prefix = f"[stack {error.stack}] " if path == SYNTH_FILE else ""
        return self.finding(ctx, path, line, f"{prefix}`{address}` {what}", fix=fix)


def _literal(node) -> str | None:
    value = getattr(node, "value", None)
    return value if isinstance(value, str) else None


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return (text[:end + 1] if end > 0 else text).rstrip(".")
