"""CloudWatch log group retention that AWS does not offer.

What it finds:
    `CloudwatchLogGroup(retention_in_days=N)` where N (a literal, or a local
    variable or module constant holding one) is not one of the retention periods
    CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
    545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653; 0 means never expire).

Why it matters:
    The provider validates the value against that list, so plan fails ("expected
    retention_in_days to be one of ..."). Models compute "seven years" as 2555 days
    instead of the offered 2557.

Example:
        CloudwatchLogGroup(self, "audit-logs", name=f"/audit/{suffix}", retention_in_days=2555)

Use instead:
        CloudwatchLogGroup(self, "audit-logs", name=f"/audit/{suffix}", retention_in_days=2557)

Fix safety:
    Safe: the value is replaced by the nearest allowed period (ties go to the
    longer one), which keeps at least about the retention that was meant.

References:
    https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.strings import template
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.logs import LOG_RETENTION_DOCS, nearest_log_retention, valid_log_retention


class InvalidLogRetention(Rule):
    meta = RuleMeta(
        id="AWS007",
        name="invalid-log-retention",
        category="invalid_enum_or_range_value",
        default_severity=Severity.HIGH,
        stage="static",
        summary="CloudWatch log group retention that AWS does not offer",
        why=("CloudWatch Logs accepts only a fixed list of retention periods; models compute a number of "
             "days (7 years = 2555) instead of picking from the list."),
        impact="Deployability: terraform plan fails validation on retention_in_days.",
        docs=LOG_RETENTION_DOCS,
        training_value=("Log retention is an enum (1, 3, 5, 7, 14, 30, ... 2557, ... 3653 days), not any "
                        "number of days."),
        fix="safe",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for call in ctx.calls_of("CloudwatchLogGroup"):
            written = call.arg_node("retention_in_days")
            if written is None:
                continue
            days = _integer(call.arg("retention_in_days"))
            if days is None or valid_log_retention(days):
                continue
            nearest = nearest_log_retention(days)
            name = template(call.construct_id) if call.construct_id is not None else None
            label = f'`CloudwatchLogGroup` "{name}"' if name else "`CloudwatchLogGroup`"
            message = (f"{label} sets `retention_in_days={days}`, which CloudWatch Logs does not offer: plan "
                       f"fails with \"expected retention_in_days to be one of ...\"; the nearest allowed value "
                       f"is {nearest}")
            yield self.finding(ctx, call.path, written.lineno, message, column=written.col_offset + 1,
                               fix=f"use `retention_in_days={nearest}`")


def _integer(value: ast.AST | None) -> int | None:
    if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub):
        inner = _integer(value.operand)
        return -inner if inner is not None else None
    if not isinstance(value, ast.Constant) or isinstance(value.value, bool):
        return None
    if isinstance(value.value, int):
        return value.value
    if isinstance(value.value, str) and value.value.strip().isdigit():
        return int(value.value.strip())
    return None
