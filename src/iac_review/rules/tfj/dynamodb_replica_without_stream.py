"""DynamoDB global table replicas on a table without a NEW_AND_OLD_IMAGES stream.

What it finds:
    In the synthesized Terraform JSON, an `aws_dynamodb_table` with `replica`
    blocks (or named by an `aws_dynamodb_table_replica`) whose
    `stream_enabled` is not true or whose `stream_view_type` is not
    `NEW_AND_OLD_IMAGES`.

Why it matters:
    Global tables replicate through the table's stream; creating a replica
    on a table without that stream fails at deploy (ValidationException).

Example:
        DynamodbTable(self, "orders", name="orders", hash_key="pk", billing_mode="PAY_PER_REQUEST",
                      attribute=[{"name": "pk", "type": "S"}],
                      replica=[DynamodbTableReplica(region_name="us-west-2")])

Use instead:
        DynamodbTable(self, "orders", name="orders", hash_key="pk", billing_mode="PAY_PER_REQUEST",
                      attribute=[{"name": "pk", "type": "S"}],
                      stream_enabled=True, stream_view_type="NEW_AND_OLD_IMAGES",
                      replica=[DynamodbTableReplica(region_name="us-west-2")])

Fix safety:
    No automatic fix: enabling a stream changes the table (and its cost).

References:
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table#replica
"""
from __future__ import annotations

from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.tfjson.graph import TerraformGraph
from iac_review.tfjson.locate import label, report

_VIEW = "NEW_AND_OLD_IMAGES"


class DynamodbReplicaWithoutStream(Rule):
    meta = RuleMeta(
        id="TFJ003",
        name="dynamodb-replica-without-stream",
        category="dynamodb_table_misconfig",
        default_severity=Severity.CRITICAL,
        stage="tfjson",
        summary="DynamoDB global table replicas on a table without a NEW_AND_OLD_IMAGES stream",
        why=("Models add `replica` blocks for multi-region tables without the stream "
             "settings global tables (version 2019.11.21) replicate through."),
        impact="Deployability: the replica fails to create at deploy (ValidationException).",
        docs="https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/"
             "dynamodb_table#replica",
        training_value=("A DynamoDB table with replicas needs stream_enabled=True and "
                        "stream_view_type=NEW_AND_OLD_IMAGES."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        graph: TerraformGraph | None = ctx.tfjson
        if graph is None:
            return
        for table in graph.of_type("aws_dynamodb_table"):
            regions = [b.get("region_name") for b in table.blocks("replica")]
            replicas = [r for r in graph.referrers(table, "aws_dynamodb_table_replica")
                        if table in graph.targets(r.get("global_table_arn"), r)]
            if not regions and not replicas:
                continue
            enabled = table.get("stream_enabled")
            view = table.get("stream_view_type")
            if enabled is True and view == _VIEW:
                continue
            if isinstance(enabled, str) and "${" in enabled or isinstance(view, str) and "${" in view:
                continue
            shown = ", ".join(str(r) for r in regions if isinstance(r, str)) or ", ".join(
                label(r) for r in replicas)
            problem = ("has no stream (`stream_enabled` is not true)" if enabled is not True
                       else f"streams `{view}` instead of {_VIEW}")
            yield report(
                self, ctx, table,
                f"DynamoDB table {label(table)} has replicas ({shown}) but {problem}: creating "
                f"the replicas fails at deploy (global tables replicate through a "
                f"{_VIEW} stream)",
                fix=f'set stream_enabled=True and stream_view_type="{_VIEW}"')
