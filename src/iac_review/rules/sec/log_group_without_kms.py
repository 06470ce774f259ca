"""CloudWatch log group not encrypted with the project's KMS key.

What it finds:
    `CloudwatchLogGroup` calls without `kms_key_id` in a project that creates a
    `KmsKey`. Projects without any KMS key are not judged.

Why it matters:
    CloudWatch Logs always encrypts log data at rest with a service key, so this is a
    best practice, not exposed data: with the customer-managed key, access to the
    logs follows the key policy, can be revoked, and is audited in CloudTrail. When
    the project creates a key "for all data at rest", log groups are part of it.
    The key policy must allow `logs.<region>.amazonaws.com`, or creation fails.

Example:
        CloudwatchLogGroup(self, "app-logs", name=f"/app/{suffix}", retention_in_days=30)

Use instead:
        CloudwatchLogGroup(self, "app-logs", name=f"/app/{suffix}", retention_in_days=30,
                           kms_key_id=key.arn)

Fix safety:
    No automatic fix: the key policy must grant the CloudWatch Logs service principal
    first, or the log group creation fails with AccessDeniedException.

References:
    https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
"""
from __future__ import annotations

from typing import Iterator

from iac_review.analysis.expressions import code_modules
from iac_review.analysis.strings import template
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.security import ENCRYPTED_BY_DEFAULT


class LogGroupWithoutKms(Rule):
    meta = RuleMeta(
        id="SEC006",
        name="log-group-without-kms",
        category="security_hardening_missing",
        default_severity=Severity.LOW,
        stage="static",
        summary="CloudWatch log group not encrypted with the project's KMS key",
        why=("Models create a customer-managed key for the data stores but forget that log groups "
             "take `kms_key_id` too (and that the key policy must allow the logs service)."),
        impact=("Security/compliance: logs stay on the service key, outside the key policy, "
                "rotation and CloudTrail audit of the customer-managed key."),
        docs="https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
        training_value=("When a project encrypts data with a customer-managed key, its log groups "
                        "should set kms_key_id and the key policy should allow logs.<region>.amazonaws.com."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        paths = {m.path for m in code_modules(ctx.modules)}
        if not any(c.path in paths for c in ctx.calls_of("KmsKey")):
            return
        for call in ctx.calls_of("CloudwatchLogGroup"):
            if call.path not in paths or call.has_spread or call.has("kms_key_id"):
                continue
            label = template(call.construct_id) if call.construct_id is not None else None
            name = f'`CloudwatchLogGroup` "{label}"' if label else "`CloudwatchLogGroup`"
            message = (f"{name} has no `kms_key_id` although the project creates a KMS key: its logs "
                       f"are encrypted only with {ENCRYPTED_BY_DEFAULT['logs']}, outside the "
                       f"customer-managed key's policy, rotation and audit")
            yield self.finding(ctx, call.path, call.line, message, column=call.node.col_offset + 1,
                               fix="set `kms_key_id=<key>.arn` and allow the "
                                   "`logs.<region>.amazonaws.com` principal in the key policy")
