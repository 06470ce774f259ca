"""VPC flow log with a max_aggregation_interval other than 60 or 600.

What it finds:
    In the synthesized Terraform JSON, an `aws_flow_log` whose
    `max_aggregation_interval` is set to anything but 60 or 600 seconds.

Why it matters:
    The provider validates the value against those two, so plan fails
    ("expected max_aggregation_interval to be one of [60 600]").

Example:
        FlowLog(self, "vpc-flow", vpc_id=vpc.id, traffic_type="ALL",
                log_destination=log_group.arn, max_aggregation_interval=300)

Use instead:
        FlowLog(self, "vpc-flow", vpc_id=vpc.id, traffic_type="ALL",
                log_destination=log_group.arn, max_aggregation_interval=600)

Fix safety:
    No automatic fix: 60 and 600 are both plausible; the author chooses.

References:
    https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html#flow-logs-basics
"""
from __future__ import annotations

from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.tfjson.graph import TerraformGraph
from iac_review.tfjson.locate import label, report

# Source: EC2 API Reference, CreateFlowLogs `MaxAggregationInterval` ("Valid Values: 60 | 600")
ALLOWED = (60, 600)


class VpcFlowLogInvalidAggregation(Rule):
    meta = RuleMeta(
        id="TFJ007",
        name="vpc-flow-log-invalid-aggregation",
        category="invalid_enum_or_range_value",
        default_severity=Severity.HIGH,
        stage="tfjson",
        summary="VPC flow log with a max_aggregation_interval other than 60 or 600",
        why="Models pick a round number of seconds (300) for the aggregation window.",
        impact="Deployability: rejected at plan by provider validation.",
        docs="https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html#flow-logs-basics",
        training_value="A flow log's max_aggregation_interval is 60 or 600 seconds, nothing else.",
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        graph: TerraformGraph | None = ctx.tfjson
        if graph is None:
            return
        for log in graph.of_type("aws_flow_log"):
            value = log.get("max_aggregation_interval")
            if isinstance(value, str) and value.strip().isdigit():
                value = int(value)
            if not isinstance(value, int) or isinstance(value, bool) or value in ALLOWED:
                continue
            nearest = min(ALLOWED, key=lambda a: abs(a - value))
            yield report(
                self, ctx, log,
                f"flow log {label(log)} sets `max_aggregation_interval={value}`; only 60 or "
                f"600 seconds are accepted: plan fails",
                fix=f"use max_aggregation_interval={nearest}")
