"""S3 bucket name without a globally unique part.

What it finds:
    `S3Bucket(bucket=...)` whose name is a literal, or an f-string /
    concatenation none of whose parts is an account id (`account_id`,
    `DataAwsCallerIdentity`) or a random / generated token (`RandomId`,
    `uuid`, `unique`, ...). Buckets without `bucket` (Terraform generates a
    unique name) or with `bucket_prefix` are not reported, nor are names
    built by calls the analysis cannot read (`Fn.join`, `Token`, helpers).
    A fixed name is High (the second deployment fails for certain); a word
    plus the environment suffix is Medium (it collides only if the name is
    taken, which the corpus shows is usually not the case).

Why it matters:
    Bucket names share one namespace across every AWS account. A readable
    name such as `app-logs-dev` is very likely owned by someone else already
    (BucketAlreadyExists) or by an earlier deployment of the same code
    (BucketAlreadyOwnedByYou), and the deploy stops at that bucket.

Example:
        S3Bucket(self, "logs", bucket=f"app-logs-{environment_suffix}")

Use instead:
        caller = DataAwsCallerIdentity(self, "caller")
        S3Bucket(self, "logs", bucket=f"app-logs-{environment_suffix}-{caller.account_id}")

Fix safety:
    No automatic fix: renaming a bucket replaces it (and needs it empty).

References:
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
"""
from __future__ import annotations

from typing import Iterator

from iac_review.analysis.strings import literal_text
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.analysis.expressions import short
from iac_review.analysis.project_facts import own_resource_calls, project_facts


class BucketNameNotUnique(Rule):
    meta = RuleMeta(
        id="NM002",
        name="bucket-name-not-unique",
        category="s3_bucket_name_not_unique",
        default_severity=Severity.HIGH,
        severity_note=("High for a fixed name: the second deployment of the code fails for certain. Medium for a word "
                       "plus the environment suffix: it fails only when another account already holds that name, which "
                       "is possible but not certain."),
        stage="static",
        summary="S3 bucket name without a globally unique part",
        why=("Models name buckets like any other resource (a word plus the environment "
             "suffix) and forget that S3 names are global across all AWS accounts."),
        impact=("Deployability: CreateBucket fails with BucketAlreadyExists when anyone "
                "anywhere owns the name; the rest of the stack that depends on the bucket "
                "is not created."),
        docs="https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
        training_value=("S3 bucket names need a globally unique part: the account id, a "
                        "random id, or bucket_prefix."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        facts = project_facts(ctx)
        for call in own_resource_calls(ctx, facts):
            if call.tf_type != "aws_s3_bucket" and not (
                    call.tf_type is None and call.class_name == "S3Bucket"):
                continue
            node = call.arg_node("bucket")
            if node is None or facts.status(call.module, node, "unique") != "missing":
                continue
            value = facts.resolve(call.module, node)
            via = f" (via `{short(node)}`)" if value is not node else ""
            fixed = literal_text(value) is not None
            odds = ("a fixed name: the second deployment of this code, in any account, fails"
                    if fixed else "a word and the suffix are unique only by luck")
            yield self.finding(
                ctx, call.path, node.lineno,
                f"S3Bucket `bucket` {short(value)}{via} has no globally unique part (account "
                f"id or random token): bucket names are global across all AWS accounts, so "
                f"CreateBucket can fail at deploy with BucketAlreadyExists ({odds})",
                column=node.col_offset + 1,
                severity=None if fixed
                else Severity.MEDIUM,
                fix=("add the account id (caller = DataAwsCallerIdentity(self, \"caller\"); "
                     "bucket=f\"<name>-{caller.account_id}\"), a RandomId, or use "
                     "bucket_prefix instead of bucket"),
            )
