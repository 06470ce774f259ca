"""KMS key policies and the AWS services that use a customer managed key.

A key created without a policy gets the default key policy, which trusts only
the account root (IAM policies of the account). Services that encrypt with the
key as themselves need their service principal in the key policy.
Source: AWS KMS Developer Guide, "Default key policy":
https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class KeyUser:
    tf_type: str          # the resource that names the key
    argument: str         # its key argument
    service: str          # service principal prefix: "logs" -> logs[.<region>].amazonaws.com
    regional: bool        # the documented principal is logs.<region>.amazonaws.com
    failure: str          # what happens without the grant
    docs: str


# Services that call KMS as their own principal when the resource is created,
# so a key policy without them fails the deploy.
KEY_USERS: tuple[KeyUser, ...] = (
    # CloudWatch Logs User Guide, "Encrypt log data in CloudWatch Logs using AWS KMS":
    # the key policy must allow logs.<region>.amazonaws.com; CreateLogGroup otherwise
    # fails with AccessDeniedException.
    KeyUser("aws_cloudwatch_log_group", "kms_key_id", "logs", True,
            "CreateLogGroup fails at deploy with AccessDeniedException (the key does not "
            "allow CloudWatch Logs)",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html"),
    # CloudTrail User Guide, "Configure AWS KMS key policies for CloudTrail":
    # cloudtrail.amazonaws.com needs kms:GenerateDataKey*; CreateTrail otherwise fails
    # with InsufficientEncryptionPolicyException.
    KeyUser("aws_cloudtrail", "kms_key_id", "cloudtrail", False,
            "CreateTrail fails at deploy with InsufficientEncryptionPolicyException",
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/"
            "create-kms-key-policy-for-cloudtrail.html"),
)

# The action every one of these services needs (encrypting new data).
REQUIRED_ACTION = "kms:GenerateDataKey"

# Services that publish to an encrypted SNS topic / SQS queue as their own
# principal: without the key grant the messages are dropped (no deploy error).
# Source: SNS Developer Guide, "Configure AWS KMS permissions for AWS services"
# https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
# encrypted resource type -> its key argument
ENCRYPTED_TARGETS: dict[str, str] = {
    "aws_sns_topic": "kms_master_key_id",
    "aws_sqs_queue": "kms_master_key_id",
}
# publisher type -> (service principal prefix, the arguments naming the target)
PUBLISHERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "aws_cloudwatch_metric_alarm": ("cloudwatch", ("alarm_actions", "ok_actions",
                                                   "insufficient_data_actions")),
    "aws_cloudwatch_composite_alarm": ("cloudwatch", ("alarm_actions", "ok_actions",
                                                      "insufficient_data_actions")),
    "aws_cloudwatch_event_target": ("events", ("arn",)),
    "aws_s3_bucket_notification": ("s3", ("topic", "queue")),
    "aws_sns_topic_subscription": ("sns", ("endpoint",)),
}
PUBLISHER_DOCS = "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html"

_REGIONAL = re.compile(r"^(?P<service>[a-z0-9-]+)\.(?P<region>[^.]+|\$\{[^}]*\})\.amazonaws\.com(\.cn)?$")


def principal_for(service: str, region: str | None, regional: bool) -> str:
    """The principal to add, as the service documentation writes it."""
    if regional and region:
        return f"{service}.{region}.amazonaws.com"
    return f"{service}.amazonaws.com"


def service_of(principal: str) -> tuple[str, str | None] | None:
    """(service, region or None) of a service principal; None when unreadable."""
    if principal.endswith((".amazonaws.com", ".amazonaws.com.cn")) and principal.count(".") == 2:
        return principal.split(".", 1)[0], None
    match = _REGIONAL.match(principal)
    if match:
        region = match.group("region")
        return match.group("service"), None if region.startswith("${") else region
    return None
