"""Customer-managed KMS key (with the service principals that use it) and the signing-key secret."""
import json

from constructs import Construct
from cdktf_cdktf_provider_aws.kms_alias import KmsAlias
from cdktf_cdktf_provider_aws.kms_key import KmsKey
from cdktf_cdktf_provider_aws.secretsmanager_secret import SecretsmanagerSecret


class SecurityModule(Construct):
    """The key encrypts the data bucket, the Lambda environment and logs, the secret and the alarm topic."""

    def __init__(self, scope: Construct, construct_id: str, *, environment_suffix: str,
                 account_id: str, aws_region: str):
        super().__init__(scope, construct_id)

        key_policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "EnableIamPolicies",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                },
                {
                    "Sid": "AllowCloudWatchLogs",
                    "Effect": "Allow",
                    "Principal": {"Service": f"logs.{aws_region}.amazonaws.com"},
                    "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*",
                               "kms:GenerateDataKey*", "kms:Describe*"],
                    "Resource": "*",
                    "Condition": {"ArnLike": {
                        "kms:EncryptionContext:aws:logs:arn":
                            f"arn:aws:logs:{aws_region}:{account_id}:log-group:*"}},
                },
                {
                    "Sid": "AllowCloudWatchAlarmsToPublish",
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudwatch.amazonaws.com"},
                    "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                    "Resource": "*",
                },
            ],
        }
        self.key = KmsKey(self, "data-key",
                          description=f"Secure data pipeline key ({environment_suffix})",
                          enable_key_rotation=True, deletion_window_in_days=7,
                          policy=json.dumps(key_policy))
        KmsAlias(self, "data-key-alias", name=f"alias/secure-data-{environment_suffix}",
                 target_key_id=self.key.key_id)

        self.signing_secret = SecretsmanagerSecret(
            self, "signing-secret",
            name=f"secure-data/signing-key-{environment_suffix}",
            description="HMAC key the processor signs its output with; the value is set by the security team",
            kms_key_id=self.key.arn,
            recovery_window_in_days=0,
        )
