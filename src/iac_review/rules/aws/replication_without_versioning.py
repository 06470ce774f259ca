"""S3 replication of a bucket whose versioning the code does not enable, or does not wait for.

What it finds:
    `S3BucketReplicationConfigurationA` whose source bucket (its `bucket`) or a
    destination bucket (`rule[].destination.bucket`) has no versioning in the
    code (neither an `S3BucketVersioningA` with status `Enabled` for it, nor the
    bucket's inline `versioning`): Critical. And a replication configuration
    that does not `depends_on` the source bucket's versioning resource: Medium.
    Buckets the code does not create (passed in) are not judged.

Why it matters:
    S3 refuses a replication configuration unless versioning is enabled on
    the source and on every destination ("InvalidRequest: Versioning must be
    'Enabled' on the bucket"). Terraform sees no reference from the
    replication to the versioning resource, so it may create them in either
    order: without `depends_on` the first apply fails at random.

Example:
        S3BucketVersioningA(self, "v", bucket=source.id,
                            versioning_configuration={"status": "Enabled"})
        S3BucketReplicationConfigurationA(self, "r", bucket=source.id, role=role.arn, rule=[...])

Use instead:
        versioning = S3BucketVersioningA(self, "v", bucket=source.id,
                                         versioning_configuration={"status": "Enabled"})
        S3BucketReplicationConfigurationA(self, "r", bucket=source.id, role=role.arn, rule=[...],
                                          depends_on=[versioning])

Fix safety:
    No automatic fix: the versioning resource may not exist yet.

References:
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_replication_configuration
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.blocks import block_views
from iac_review.analysis.references import assigned_name, referenced_name
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta


class ReplicationWithoutVersioning(Rule):
    meta = RuleMeta(
        id="AWS014",
        name="replication-without-versioning",
        category="missing_dependency_or_ordering",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="S3 replication of a bucket without versioning, or without waiting for it",
        why=("Since the S3 refactor, versioning and replication are separate resources; models create "
             "both and forget that one must exist before the other."),
        impact="Deployability: S3 refuses the replication configuration; the apply fails.",
        docs="https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html",
        training_value="Replication needs versioning on both buckets, and depends_on the versioning resource.",
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        buckets = {assigned_name(c): c for c in ctx.calls_of_type("aws_s3_bucket") if c.kind == "resource"}
        buckets.pop(None, None)
        versioning = {}
        for call in ctx.calls_of_type("aws_s3_bucket_versioning"):
            name = referenced_name(call.arg_node("bucket"))
            if call.kind == "resource" and name and _enabled(call):
                versioning[name] = call
        for bucket_name, bucket in buckets.items():
            if _inline_versioning(bucket):
                versioning.setdefault(bucket_name, None)
        for call in ctx.calls_of_type("aws_s3_bucket_replication_configuration"):
            if call.kind != "resource":
                continue
            source = referenced_name(call.arg_node("bucket"))
            targets = [(source, call.arg_node("bucket"), "source")]
            for view in block_views(call, "rule.destination"):
                node = view.values.get("bucket")
                targets.append((referenced_name(node), node, "destination"))
            for name, node, role in targets:
                if name in buckets and name not in versioning and node is not None:
                    yield self.finding(
                        ctx, call.path, node.lineno,
                        f"replication {call.label()} uses the {role} bucket `{name}`, whose versioning "
                        f"the code never enables: S3 refuses the configuration (InvalidRequest: "
                        f"Versioning must be 'Enabled' on the bucket)",
                        column=node.col_offset + 1,
                        fix=f"add an S3BucketVersioningA with status Enabled for `{name}`",
                    )
            resource = versioning.get(source)
            if resource is not None and not _depends_on(call, resource):
                yield self.finding(
                    ctx, call.path, call.line,
                    f"replication {call.label()} does not depend on the versioning of `{source}` "
                    f"({resource.label(with_class=True)}): nothing orders them, and the first apply "
                    f"fails when the replication is created first",
                    severity=Severity.MEDIUM,
                    fix=f"add depends_on=[<the S3BucketVersioningA of {source}>]",
                )


def _enabled(call) -> bool:
    for view in block_views(call, "versioning_configuration"):
        status = view.values.get("status")
        if isinstance(status, ast.Constant) and status.value != "Enabled":
            return False
    return True


def _inline_versioning(bucket) -> bool:
    return bucket.has("versioning")


def _depends_on(call, resource) -> bool:
    listed = call.arg("depends_on")
    if listed is None:
        return False
    wanted = assigned_name(resource)
    elements = listed.elts if isinstance(listed, (ast.List, ast.Tuple)) else [listed]
    return any((isinstance(e, ast.Name) and e.id == wanted)
               or (isinstance(e, ast.Attribute) and e.attr == wanted) for e in elements) \
        or not isinstance(listed, (ast.List, ast.Tuple))
