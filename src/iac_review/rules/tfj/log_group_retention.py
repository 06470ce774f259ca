"""CloudWatch log group without retention, or with a retention AWS rejects.

What it finds:
    In the synthesized Terraform JSON, an `aws_cloudwatch_log_group` without
    `retention_in_days` (kept forever), and one whose final value is not an
    offered period when the source did not show it as a literal (a variable,
    a parameter, a computed value; literals are AWS007's).

Why it matters:
    Logs without retention are kept and billed forever and usually break a
    stated retention requirement; an unsupported value fails at plan
    ("expected retention_in_days to be one of ...").

Example:
        CloudwatchLogGroup(self, "app-logs", name=f"/app/{suffix}")

Use instead:
        CloudwatchLogGroup(self, "app-logs", name=f"/app/{suffix}", retention_in_days=30)

Fix safety:
    No automatic fix: the retention period is a requirement of the task.

References:
    https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.logs import LOG_RETENTION_DOCS, nearest_log_retention, valid_log_retention
from iac_review.tfjson.graph import TerraformGraph
from iac_review.tfjson.locate import find_call, label, report


class LogGroupRetention(Rule):
    meta = RuleMeta(
        id="TFJ006",
        name="log-group-retention",
        category="observability_missing_or_wrong",
        default_severity=Severity.MEDIUM,
        stage="tfjson",
        summary="CloudWatch log group without retention, or with a retention AWS rejects",
        why=("Models omit retention_in_days (logs kept forever) or compute it from "
             "variables into a value CloudWatch Logs does not offer."),
        impact="Cost and compliance (no retention); deployability (rejected value at plan).",
        docs=LOG_RETENTION_DOCS,
        training_value=("Every log group needs an explicit retention_in_days from the "
                        "offered periods (1, 3, 5, 7, 14, 30, ... 3653)."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        graph: TerraformGraph | None = ctx.tfjson
        if graph is None:
            return
        for group in graph.of_type("aws_cloudwatch_log_group"):
            days = group.get("retention_in_days")
            if days is None:
                yield report(
                    self, ctx, group,
                    f"log group {label(group)} has no `retention_in_days`: its logs are kept "
                    f"(and billed) forever",
                    fix="set retention_in_days to an offered period (e.g. 7, 30, 90, 365)")
                continue
            if isinstance(days, str) and days.strip().lstrip("-").isdigit():
                days = int(days)
            if not isinstance(days, int) or isinstance(days, bool) or valid_log_retention(days):
                continue
            call = find_call(ctx, group)
            if call is not None and _literal(call.arg("retention_in_days")):
                continue        # AWS007 reports literals in the source
            nearest = nearest_log_retention(days)
            yield report(
                self, ctx, group,
                f"log group {label(group)} gets `retention_in_days={days}`, which CloudWatch "
                f"Logs does not offer: plan fails with \"expected retention_in_days to be one "
                f"of ...\"; the nearest allowed value is {nearest}",
                fix=f"use retention_in_days={nearest}",
                severity=Severity.HIGH)


def _literal(node) -> bool:
    if isinstance(node, ast.UnaryOp):
        node = node.operand
    return isinstance(node, ast.Constant)
