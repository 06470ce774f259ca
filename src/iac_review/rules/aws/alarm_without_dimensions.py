"""CloudWatch alarm on a per-resource metric that names no resource.

What it finds:
    `CloudwatchMetricAlarm` with a literal `namespace` whose metrics AWS
    publishes only per resource (SQS per queue, DynamoDB per table, load
    balancers, ECS, ElastiCache, Kinesis, Firehose, SNS, NAT gateways, EFS;
    the knowledge base's `metric_dimensions.yaml`) and no `dimensions` (or an
    empty dict), outside the few account-level aggregates those namespaces
    also publish. Alarms built from `metric_query` are left alone.

Why it matters:
    No data point ever matches a series without dimensions: the alarm stays in
    INSUFFICIENT_DATA (or, with `treat_missing_data`, in a fixed state) and
    never fires. Monitoring the prompt asked for silently does not exist.

Example:
        CloudwatchMetricAlarm(self, "queue-depth", alarm_name="orders-depth",
                              namespace="AWS/SQS", metric_name="ApproximateNumberOfMessagesVisible",
                              statistic="Maximum", period=60, evaluation_periods=1, threshold=100,
                              comparison_operator="GreaterThanThreshold")

Use instead:
        CloudwatchMetricAlarm(..., dimensions={"QueueName": queue.name})

Fix safety:
    No automatic fix: which resource the alarm watches is a design fact.

References:
    https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.strings import literal_text
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.metrics import per_resource_namespaces


class AlarmWithoutDimensions(Rule):
    meta = RuleMeta(
        id="AWS012",
        name="alarm-without-dimensions",
        category="observability_missing_or_wrong",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="CloudWatch alarm on a per-resource metric that names no resource",
        why=("Models write the metric and the threshold and forget the dimension that ties the alarm "
             "to the queue, table or load balancer they created."),
        impact="Observability: the alarm never receives data and never fires.",
        docs="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension",
        training_value="An alarm on a per-resource metric needs the resource's dimension.",
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        namespaces = per_resource_namespaces()
        for call in ctx.calls_of_type("aws_cloudwatch_metric_alarm"):
            if call.kind != "resource" or call.has_spread or call.has("metric_query"):
                continue
            namespace, metric = literal_text(call.arg("namespace")), literal_text(call.arg("metric_name"))
            entry = namespaces.get(namespace or "")
            if entry is None or metric is None or metric in entry.aggregates:
                continue
            dimensions = call.arg("dimensions")
            if call.has("dimensions") and not (isinstance(dimensions, ast.Dict) and not dimensions.keys):
                continue
            at = call.arg_node("namespace")
            keys = " or ".join(f"`{d}`" for d in entry.dimensions[:2])
            yield self.finding(
                ctx, call.path, at.lineno,
                f"alarm {call.label()} on `{namespace}` `{metric}` has no dimensions, but "
                f"{namespace} publishes it only per resource ({keys}): the alarm never receives data "
                f"and never fires ({entry.source})",
                column=at.col_offset + 1, docs=entry.source,
                fix=f"add dimensions={{{entry.dimensions[0]!r}: <the resource's name>}}",
            )

