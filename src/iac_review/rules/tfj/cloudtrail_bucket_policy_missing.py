"""CloudTrail trail whose S3 bucket has no policy letting CloudTrail write.

What it finds:
    In the synthesized Terraform JSON, an `aws_cloudtrail` whose
    `s3_bucket_name` is a bucket of the same stack that no bucket policy
    (`aws_s3_bucket_policy` or the bucket's own `policy`) grants
    `cloudtrail.amazonaws.com` both `s3:GetBucketAcl` and `s3:PutObject`; and,
    with a lower severity, a trail that does not depend on a policy that does
    (Terraform may then create the trail first). Policies it cannot read and
    buckets created elsewhere are never judged.

Why it matters:
    CloudTrail checks the bucket policy when the trail is created: without it
    CreateTrail fails with InsufficientS3BucketPolicyException and no audit
    trail exists.

Example:
        bucket = S3Bucket(self, "trail-bucket", bucket=f"audit-trail-{suffix}")
        Cloudtrail(self, "trail", name=f"audit-{suffix}", s3_bucket_name=bucket.id)

Use instead:
        policy = S3BucketPolicy(self, "trail-bucket-policy", bucket=bucket.id, policy=json.dumps({
            "Version": "2012-10-17",
            "Statement": [
                {"Sid": "AclCheck", "Effect": "Allow", "Action": "s3:GetBucketAcl",
                 "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Resource": bucket.arn},
                {"Sid": "Write", "Effect": "Allow", "Action": "s3:PutObject",
                 "Principal": {"Service": "cloudtrail.amazonaws.com"},
                 "Resource": f"{bucket.arn}/AWSLogs/*",
                 "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}},
            ],
        }))
        Cloudtrail(self, "trail", name=f"audit-{suffix}", s3_bucket_name=bucket.id,
                   depends_on=[policy])

Fix safety:
    No automatic fix: the policy grants a service write access and belongs
    to the author (source ARN conditions, prefixes).

References:
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
"""
from __future__ import annotations

from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.kms import service_of
from iac_review.tfjson.graph import Resource, TerraformGraph
from iac_review.tfjson.locate import label, report
from iac_review.tfjson.policy import allows_service

_ACTIONS = ("s3:GetBucketAcl", "s3:PutObject")
_DOCS = ("https://docs.aws.amazon.com/awscloudtrail/latest/userguide/"
         "create-s3-bucket-policy-for-cloudtrail.html")


class CloudtrailBucketPolicyMissing(Rule):
    meta = RuleMeta(
        id="TFJ002",
        name="cloudtrail-bucket-policy-missing",
        category="missing_resource_policy_or_invoke_permission",
        default_severity=Severity.CRITICAL,
        stage="tfjson",
        summary="CloudTrail trail whose S3 bucket has no policy letting CloudTrail write",
        why=("Models create the trail and its bucket but not the bucket policy CloudTrail "
             "requires, or create it without ordering the trail after it."),
        impact="Deployability: CreateTrail fails with InsufficientS3BucketPolicyException.",
        docs=_DOCS,
        training_value=("A CloudTrail bucket needs a policy granting cloudtrail.amazonaws.com "
                        "s3:GetBucketAcl and s3:PutObject, and the trail must depend on it."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        graph: TerraformGraph | None = ctx.tfjson
        if graph is None:
            return
        for trail in graph.of_type("aws_cloudtrail"):
            bucket = _bucket(graph, trail)
            if bucket is None:
                continue
            policies = _policies(graph, bucket)
            docs = [graph.policy(p.get("policy"), p) for p in policies]
            if bucket.get("policy") is not None:
                docs.append(graph.policy(bucket.get("policy"), bucket))
            if any(doc is None for doc in docs):
                continue
            granting = [p for p, doc in zip(policies, docs, strict=False)
                        if allows_service(doc, _cloudtrail, _ACTIONS)]
            inline_ok = bucket.get("policy") is not None and allows_service(docs[-1], _cloudtrail,
                                                                            _ACTIONS)
            if not docs:
                yield report(
                    self, ctx, trail,
                    f"CloudTrail {label(trail)} writes to bucket {label(bucket)}, which has no "
                    f"bucket policy: CreateTrail fails at deploy with "
                    f"InsufficientS3BucketPolicyException",
                    fix=("add an S3BucketPolicy granting cloudtrail.amazonaws.com s3:GetBucketAcl "
                         "on the bucket and s3:PutObject on its AWSLogs/ prefix, and "
                         f"depends_on=[policy] on the trail ({_DOCS})"))
            elif not granting and not inline_ok:
                yield report(
                    self, ctx, trail,
                    f"CloudTrail {label(trail)} writes to bucket {label(bucket)}, whose policy "
                    f"does not grant `cloudtrail.amazonaws.com` both s3:GetBucketAcl and "
                    f"s3:PutObject: CreateTrail fails at deploy with "
                    f"InsufficientS3BucketPolicyException",
                    fix=("allow cloudtrail.amazonaws.com s3:GetBucketAcl on the bucket ARN and "
                         f"s3:PutObject on `<bucket ARN>/AWSLogs/*` ({_DOCS})"))
            elif granting and not inline_ok and not _ordered(graph, trail, granting):
                yield report(
                    self, ctx, trail,
                    f"CloudTrail {label(trail)} does not depend on {label(granting[0])}, the "
                    f"policy that lets CloudTrail write to {label(bucket)}: Terraform may create "
                    f"the trail first and CreateTrail then fails with "
                    f"InsufficientS3BucketPolicyException (intermittently)",
                    fix=f"add depends_on=[{granting[0].construct_id.replace('-', '_')}] to the trail",
                    severity=Severity.HIGH)


def _cloudtrail(principal: str) -> bool:
    parsed = service_of(principal)
    return parsed is not None and parsed[0] == "cloudtrail"


def _bucket(graph: TerraformGraph, trail: Resource) -> Resource | None:
    value = trail.get("s3_bucket_name")
    found = graph.targets(value, trail, "aws_s3_bucket")
    if found:
        return found[0]
    if isinstance(value, str) and "${" not in value:
        return next((b for b in graph.of_type("aws_s3_bucket")
                     if b.stack == trail.stack and b.get("bucket") == value), None)
    return None


def _policies(graph: TerraformGraph, bucket: Resource) -> list[Resource]:
    name = bucket.get("bucket")
    out = []
    for policy in graph.of_type("aws_s3_bucket_policy"):
        if policy.stack != bucket.stack:
            continue
        value = policy.get("bucket")
        if bucket in graph.targets(value, policy) or (
                isinstance(name, str) and "${" not in name and value == name):
            out.append(policy)
    return out


def _ordered(graph: TerraformGraph, trail: Resource, policies: list[Resource]) -> bool:
    """Whether the trail waits for one of the policies (depends_on or a reference)."""
    if any(p in graph.depends_on(trail) for p in policies):
        return True
    body = {k: v for k, v in trail.body.items() if k != "//"}
    return any(p in graph.targets(body, trail) for p in policies)
