"""Lambda function on a runtime AWS has deprecated, or is about to.

What it finds:
    `LambdaFunction(runtime=...)` with a literal runtime whose lifecycle (the
    knowledge base's `lambda_runtimes.yaml`, from AWS's runtime tables) says,
    on the day of the review: creation of new functions is blocked
    (Critical), the runtime is deprecated (High), or its deprecation comes
    within 180 days (Low). `--review-date` judges as of another day. A
    runtime the task's prompt asks for is reported Low, as the prompt's choice.

Why it matters:
    Lambda refuses to create a function on a runtime past its create block,
    so the deploy fails; a deprecated runtime gets no security patches, and
    the function cannot be updated once the update block passes.

Example:
        LambdaFunction(self, "ingest", runtime="python3.8", handler="app.handler", ...)

Use instead:
        LambdaFunction(self, "ingest", runtime="python3.13", handler="app.handler", ...)

Fix safety:
    No automatic fix: a newer runtime can change behaviour (language version,
    bundled SDK), so the code must be tested on it.

References:
    https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.prompt_checks import softened_when_prompt_chose
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.lambda_ import runtime_family
from iac_review.knowledge.lifecycles import WARN_AHEAD, runtime_lifecycle


class DeprecatedLambdaRuntime(Rule):
    meta = RuleMeta(
        id="LAM009",
        name="deprecated-lambda-runtime",
        category="deprecated_or_version_incompatible_api",
        default_severity=Severity.HIGH,
        stage="static",
        summary="Lambda function on a runtime AWS has deprecated or soon will",
        why=("Models write the runtime versions most common in their training data (python3.8, "
             "nodejs16.x), which AWS has deprecated since."),
        impact=("Deployability and security: a blocked runtime fails the deploy; a deprecated one gets no "
                "patches and soon cannot be updated."),
        docs="https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
        training_value="Use a runtime from Lambda's supported table, not the one seen most often.",
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        today = ctx.config.as_of
        for call in ctx.calls_of_type("aws_lambda_function"):
            if call.kind != "resource":
                continue
            node = call.arg("runtime")
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            life = runtime_lifecycle(node.value)
            if life is None or life.deprecated is None:
                continue
            verdict = _verdict(life, today)
            if verdict is None:
                continue
            severity, text = verdict
            family = runtime_family(life.runtime)
            number = life.runtime[len(family):].removesuffix(".x") if family else ""
            severity, text = softened_when_prompt_chose(ctx, f"{family} runtime" if family else "",
                                                        number, severity, text, "runtime")
            yield self.finding(
                ctx, call.path, call.arg_node("runtime").lineno,
                f"Lambda {call.label()} uses runtime `{life.runtime}`: {text} "
                f"(as of {today.isoformat()}; {life.version}, {life.source})",
                column=call.arg_node("runtime").col_offset + 1, severity=severity, docs=life.source,
                fix="move to a supported runtime of the same language and test the code on it",
            )


def _verdict(life, today) -> tuple[Severity, str] | None:
    if life.block_create and life.block_create <= today:
        return Severity.CRITICAL, (f"Lambda refuses to create functions on it since "
                                   f"{life.block_create.isoformat()}, so the deploy fails")
    blocks = (f"; creating functions on it is blocked from {life.block_create.isoformat()}"
              if life.block_create else "")
    if life.deprecated <= today:
        return Severity.HIGH, (f"deprecated since {life.deprecated.isoformat()}, it gets no security "
                               f"patches{blocks}")
    if life.deprecated - today <= WARN_AHEAD:
        return Severity.LOW, f"AWS deprecates it on {life.deprecated.isoformat()}{blocks}"
    return None
