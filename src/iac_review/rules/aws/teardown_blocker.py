"""Resource configured so that `cdktf destroy` cannot remove it.

What it finds:
    `S3Bucket` without `force_destroy=True`; `DbInstance`, `RdsCluster`,
    `DocdbCluster`, `NeptuneCluster` and `RedshiftCluster` without
    `skip_final_snapshot=True` (and without a `final_snapshot_identifier`) or with
    `deletion_protection=True`; `RdsGlobalCluster` with deletion protection; `Lb` /
    `Alb` with `enable_deletion_protection=True`; `DynamodbTable` with
    `deletion_protection_enabled=True`; `Instance` with `disable_api_termination=True`;
    `CognitoUserPool` with `deletion_protection="ACTIVE"`. One finding per resource.

Why it matters:
    Test and CI environments are created and destroyed on every run. A bucket that
    holds objects, a database that wants a final snapshot nobody named, or a
    resource under deletion protection makes the destroy fail and leaves billable
    resources behind; the next deploy then collides with the leftovers. A KMS
    deletion window is not a blocker (the key is only scheduled for deletion).

Example:
        RdsCluster(
            self, "db", cluster_identifier=f"orders-{suffix}", engine="aurora-postgresql",
            deletion_protection=True,
        )

Use instead:
        RdsCluster(
            self, "db", cluster_identifier=f"orders-{suffix}", engine="aurora-postgresql",
            deletion_protection=False, skip_final_snapshot=True,
        )

Fix safety:
    No automatic fix: production stacks may want these protections; make them
    depend on the environment instead of hardcoding them.

References:
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#skip_final_snapshot
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.terraform import registry_page

_SNAPSHOT_CLASSES = ("DbInstance", "RdsCluster", "DocdbCluster", "NeptuneCluster", "RedshiftCluster")


@dataclass(frozen=True)
class _Protection:
    argument: str
    blocking: object     # the literal value that blocks destroy
    effect: str


_PROTECTIONS: dict[str, tuple[_Protection, ...]] = {
    "DbInstance": (_Protection("deletion_protection", True, "DeleteDBInstance is refused"),),
    "RdsCluster": (_Protection("deletion_protection", True, "DeleteDBCluster is refused"),),
    "DocdbCluster": (_Protection("deletion_protection", True, "DeleteDBCluster is refused"),),
    "NeptuneCluster": (_Protection("deletion_protection", True, "DeleteDBCluster is refused"),),
    "RdsGlobalCluster": (_Protection("deletion_protection", True, "DeleteGlobalCluster is refused"),),
    "Lb": (_Protection("enable_deletion_protection", True, "DeleteLoadBalancer is refused"),),
    "Alb": (_Protection("enable_deletion_protection", True, "DeleteLoadBalancer is refused"),),
    "DynamodbTable": (_Protection("deletion_protection_enabled", True, "DeleteTable is refused"),),
    "Instance": (_Protection("disable_api_termination", True, "TerminateInstances is refused"),),
    "CognitoUserPool": (_Protection("deletion_protection", "ACTIVE", "DeleteUserPool is refused"),),
}

_CLASSES = set(_PROTECTIONS) | set(_SNAPSHOT_CLASSES) | {"S3Bucket"}


class TeardownBlocker(Rule):
    meta = RuleMeta(
        id="AWS002",
        name="teardown-blocker",
        category="destroyability_blockers",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="Resource configured so that destroy cannot remove it",
        why=("Models apply production hardening (deletion protection, final snapshots, buckets that keep "
             "their objects) to stacks that CI deploys and destroys on every run."),
        impact=("Cost and deployability: destroy fails and leaves billable resources behind; the next "
                "deploy collides with them."),
        docs="https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#skip_final_snapshot",
        training_value=("Stacks built for test pipelines must be destroyable: force_destroy on buckets, "
                        "skip_final_snapshot on databases, no deletion protection."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for call in ctx.calls:
            if call.class_name not in _CLASSES or call.kind not in ("resource", "unknown") or call.has_spread:
                continue
            if call.class_name == "S3Bucket":
                finding = self._bucket(ctx, call)
            else:
                finding = self._protected(ctx, call)
            if finding is not None:
                yield finding

    def _bucket(self, ctx, call) -> Finding | None:
        value = call.arg("force_destroy")
        if value is not None and not _is_literal(value, False):
            return None
        where = call.arg_node("force_destroy") or call.node
        message = (f"{call.label(with_class=True)} has no `force_destroy=True`: destroy fails with "
                   "BucketNotEmpty once the bucket holds objects (logs, uploads, object versions) and "
                   "the bucket is left behind")
        if value is not None:
            message = message.replace("has no `force_destroy=True`", "sets `force_destroy=False`")
        severity = Severity.LOW
        return self.finding(ctx, call.path, where.lineno, message, column=where.col_offset + 1,
                            docs=registry_page(call.tf_type),
                            fix="set `force_destroy=True` on buckets of stacks that CI destroys",
                            severity=severity)

    def _protected(self, ctx, call) -> Finding | None:
        reasons: list[tuple[ast.AST, str, str]] = []
        for protection in _PROTECTIONS.get(call.class_name, ()):
            value = call.arg(protection.argument)
            if value is not None and _is_literal(value, protection.blocking):
                shown = "True" if protection.blocking is True else f'"{protection.blocking}"'
                reasons.append((call.arg_node(protection.argument), f"`{protection.argument}={shown}` "
                                f"({protection.effect})", f"drop `{protection.argument}`"))
        if call.class_name in _SNAPSHOT_CLASSES and not call.has("final_snapshot_identifier"):
            value = call.arg("skip_final_snapshot")
            if value is None or _is_literal(value, False):
                text = "no `skip_final_snapshot=True`" if value is None else "`skip_final_snapshot=False`"
                reasons.append((call.arg_node("skip_final_snapshot") or call.node,
                                f"{text} and no `final_snapshot_identifier` (destroy stops with "
                                f"\"final_snapshot_identifier is required when skip_final_snapshot is false\")",
                                "set `skip_final_snapshot=True`"))
        if not reasons:
            return None
        where = reasons[0][0]
        message = (f"{call.label(with_class=True)} cannot be destroyed: " + "; ".join(r[1] for r in reasons)
                   + "; the resource stays behind after the test run and keeps costing")
        fix = "; ".join(r[2] for r in reasons) + " (or make the protection depend on the environment)"
        return self.finding(ctx, call.path, where.lineno, message, column=where.col_offset + 1,
                            docs=registry_page(call.tf_type), fix=fix)


def _is_literal(value: ast.AST, expected: object) -> bool:
    if not isinstance(value, ast.Constant):
        return False
    if isinstance(expected, bool):
        if isinstance(value.value, str):
            return value.value.strip().lower() == str(expected).lower()
        return value.value is expected
    return isinstance(value.value, str) and value.value.strip().upper() == str(expected).upper()
