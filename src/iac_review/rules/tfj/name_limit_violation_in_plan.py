"""Synthesized resource name that breaks the AWS naming rules of its service.

What it finds:
    Name arguments in the synthesized Terraform JSON (S3 `bucket`, load
    balancer and target group `name`, IAM names, Lambda `function_name`,
    RDS identifiers, ...) whose final value, with every Python f-string and
    variable resolved, breaks the service's length, character or prefix
    rules. Values still holding a Terraform expression (`${...}`) are
    skipped, and so are names the source already shows in full (NM003
    reports those).

Why it matters:
    The provider's validation rejects the name at plan, or the service
    rejects it at deploy; names built from parameters and suffixes are only
    visible once the app has run.

Example:
        Lb(self, "alb", name=f"{project}-{service}-public-alb-{environment_suffix}")

Use instead:
        Lb(self, "alb", name=f"{project[:8]}-alb-{environment_suffix}")

Fix safety:
    No automatic fix: a shorter or valid name is a naming decision, and
    renaming replaces the resource.

References:
    https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.names import check_name, name_args
from iac_review.tfjson.graph import TerraformGraph
from iac_review.tfjson.locate import find_call, label, report


class NameLimitViolationInPlan(Rule):
    meta = RuleMeta(
        id="TFJ009",
        name="name-limit-violation-in-plan",
        category="aws_name_constraint_violation",
        default_severity=Severity.HIGH,
        stage="tfjson",
        summary="Synthesized resource name that breaks the AWS naming rules of its service",
        why=("Names assembled from parameters, project words and environment suffixes "
             "grow past short limits (32 for load balancers, 64 for IAM roles) or pick up "
             "characters the service refuses."),
        impact="Deployability: rejected at plan by provider validation or at deploy by the API.",
        docs="https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/"
             "API_CreateLoadBalancer.html",
        training_value=("Check the final length and characters of generated names against "
                        "the service limits, suffix included."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        graph: TerraformGraph | None = ctx.tfjson
        if graph is None:
            return
        for resource in graph.resources:
            if resource.mode != "resource":
                continue
            for entry in name_args(resource.type):
                value = resource.get(entry.arg)
                if entry.rule is None or not isinstance(value, str) or "${" in value:
                    continue
                problems = check_name(resource.type, value, entry.arg)
                if not problems:
                    continue
                call = find_call(ctx, resource)
                if call is not None and _plain_literal(call.arg(entry.arg)):
                    continue        # fully visible in the source: NM003 reports it
                yield report(
                    self, ctx, resource,
                    f"{label(resource)} `{entry.arg}` is \"{value}\" after synthesis: "
                    + "; ".join(problems) + " (rejected at plan or deploy)",
                    fix=f"shorten or rewrite the name within the rules: {entry.rule.docs}")


def _plain_literal(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)
