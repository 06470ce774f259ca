"""IAM policy on S3 buckets named by a wildcard pattern, which matches other accounts' buckets.

What it finds:
    Allow statements of identity policies that grant S3 actions on a bucket
    ARN whose bucket name holds a wildcard (`arn:aws:s3:::app-logs-*`,
    `arn:aws:s3:::dr-*-{suffix}/*`), f-strings included, without a Condition
    on `s3:ResourceAccount` (or `aws:ResourceAccount`). A bare `*` bucket
    name is AWS005's or AWS011's.

Why it matters:
    S3 ARNs carry no account id, and bucket names are global: the pattern
    matches every bucket of that shape in every account. Anyone can create
    `app-logs-attacker` and allow the role in its bucket policy; the role's
    own policy already allows it, so the workload (or a leaked credential)
    can write data out to a bucket the account does not own, or read data
    planted there. Write actions make this an exfiltration path (Medium);
    read-only grants are Low.

Example:
        {"Effect": "Allow", "Action": ["s3:PutObject"],
         "Resource": "arn:aws:s3:::app-logs-*/*"}

Use instead:
        {"Effect": "Allow", "Action": ["s3:PutObject"],
         "Resource": f"{logs_bucket.arn}/*"}

Fix safety:
    No automatic fix: which buckets the workload uses is a design fact.

References:
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
"""
from __future__ import annotations

import re
from typing import Iterator

from iac_review.analysis.iam_policies import PolicyStatement, policy_statements
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta

# The bucket name of an S3 ARN in any partition (the object key, after "/", is left aside).
_BUCKET_ARN = re.compile(r"^arn:aws(?:-cn|-us-gov)?:s3:::([^/]+)")
_ACCOUNT_KEYS = ("s3:resourceaccount", "aws:resourceaccount")
_READ = ("get", "list", "head")
_PUTS = ("put", "copy", "replicate", "restore")


class IamS3BucketNameWildcard(Rule):
    meta = RuleMeta(
        id="AWS015",
        name="iam-s3-bucket-name-wildcard",
        category="iam_overly_permissive",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="IAM policy on S3 buckets named by a wildcard pattern, which other accounts can match",
        why=("Models scope S3 statements by a name pattern (`<app>-*`) instead of the ARNs of the "
             "buckets the stack creates, forgetting that bucket names are global."),
        impact=("Security: the role can write to (or read from) buckets of that pattern that other "
                "accounts own: a path to move data out of the account."),
        docs="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"
             "#condition-keys-resourceaccount",
        training_value=("Scope S3 statements to the buckets' own ARNs (bucket.arn), or pin the "
                        "account with a Condition on s3:ResourceAccount."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for statement in policy_statements(ctx):
            patterns = _patterns(statement)
            if not patterns:
                continue
            actions = [a for a in statement.actions if a == "*" or a.lower().startswith("s3:")]
            writes = [a for a in actions if not a.partition(":")[2].lower().startswith(_READ)]
            shown = ", ".join(f"`{p}`" for p in patterns[:2])
            granted = ", ".join(f"`{a}`" for a in (writes or actions)[:3])
            if any(_moves_data(a) for a in writes):
                effect = ("write objects to a bucket of that name that another account creates and "
                          "lets this role into, which moves data out of the account")
            elif writes:
                effect = "change or delete objects in buckets of that name that other accounts own"
            else:
                effect = "read from buckets of that name that other accounts own"
            yield self.finding(
                ctx, statement.path, statement.node.lineno,
                f"IAM statement allows {granted} on {shown}: S3 ARNs carry no account id and bucket "
                f"names are global, so the pattern matches buckets in every account; the role can "
                f"{effect}",
                column=statement.node.col_offset + 1,
                severity=Severity.MEDIUM if writes else Severity.LOW,
                fix=("use the ARNs of the buckets the stack creates (bucket.arn, f\"{bucket.arn}/*\"), "
                     "or add \"Condition\": {\"StringEquals\": {\"s3:ResourceAccount\": <account id>}}"),
            )


def _moves_data(action: str) -> bool:
    name = action.partition(":")[2].lower()
    return action == "*" or name in ("", "*") or name.startswith(_PUTS)


def _patterns(statement: PolicyStatement) -> list[str]:
    """The wildcard bucket ARNs of an allowing identity statement with S3 actions, not pinned
    to an account."""
    if not statement.allow or statement.has_principal:
        return []
    if not any(a == "*" or a.lower().startswith("s3:") for a in statement.actions):
        return []
    if any(key in _ACCOUNT_KEYS for key in statement.condition_keys):
        return []
    found = []
    for resource in statement.resource_templates:
        match = _BUCKET_ARN.match(resource)
        if match and match.group(1) != "*" and ("*" in match.group(1) or "?" in match.group(1)):
            found.append(resource)
    return found
