"""Alarms on the processor, and AWS Config recording to its own bucket."""
import json

from constructs import Construct
from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm
from cdktf_cdktf_provider_aws.config_configuration_recorder import (
    ConfigConfigurationRecorder,
    ConfigConfigurationRecorderRecordingGroup,
)
from cdktf_cdktf_provider_aws.config_configuration_recorder_status import ConfigConfigurationRecorderStatus
from cdktf_cdktf_provider_aws.config_delivery_channel import ConfigDeliveryChannel
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_public_access_block import S3BucketPublicAccessBlock
from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (
    S3BucketServerSideEncryptionConfigurationA,
    S3BucketServerSideEncryptionConfigurationRuleA,
    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA,
)
from cdktf_cdktf_provider_aws.sns_topic import SnsTopic


class MonitoringModule(Construct):
    """Errors and throttles of the processor notify an encrypted topic; Config records every resource."""

    def __init__(self, scope: Construct, construct_id: str, *, environment_suffix: str,
                 account_id: str, kms_key_arn: str, function_name: str):
        super().__init__(scope, construct_id)
        suffix = environment_suffix

        self.alarm_topic = SnsTopic(self, "alarm-topic", name=f"secure-data-alarms-{suffix}",
                                    kms_master_key_id=kms_key_arn)
        for metric, threshold in (("Errors", 1), ("Throttles", 1)):
            CloudwatchMetricAlarm(
                self, f"processor-{metric.lower()}",
                alarm_name=f"secure-data-processor-{metric.lower()}-{suffix}",
                alarm_description=f"Processor Lambda reported {metric.lower()}",
                namespace="AWS/Lambda",
                metric_name=metric,
                dimensions={"FunctionName": function_name},
                statistic="Sum",
                period=300,
                evaluation_periods=1,
                threshold=threshold,
                comparison_operator="GreaterThanOrEqualToThreshold",
                treat_missing_data="notBreaching",
                alarm_actions=[self.alarm_topic.arn],
            )

        config_bucket = S3Bucket(self, "config-bucket", bucket=f"aws-config-{suffix}-{account_id}",
                                 force_destroy=True)
        S3BucketPublicAccessBlock(self, "config-public-access", bucket=config_bucket.id,
                                  block_public_acls=True, block_public_policy=True,
                                  ignore_public_acls=True, restrict_public_buckets=True)
        S3BucketServerSideEncryptionConfigurationA(self, "config-sse", bucket=config_bucket.id, rule=[
            S3BucketServerSideEncryptionConfigurationRuleA(
                apply_server_side_encryption_by_default=(
                    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                        sse_algorithm="AES256")),
            )
        ])

        config_role = IamRole(self, "config-role", name=f"aws-config-role-{suffix}",
                              assume_role_policy=json.dumps({
                                  "Version": "2012-10-17",
                                  "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                 "Principal": {"Service": "config.amazonaws.com"}}],
                              }))
        IamRolePolicyAttachment(self, "config-managed-policy", role=config_role.name,
                                policy_arn="arn:aws:iam::aws:policy/service-role/AWS_ConfigRole")
        IamRolePolicy(self, "config-delivery", role=config_role.id, name="config-delivery",
                      policy=json.dumps({
                          "Version": "2012-10-17",
                          "Statement": [
                              {"Effect": "Allow", "Action": "s3:GetBucketAcl",
                               "Resource": config_bucket.arn},
                              {"Effect": "Allow", "Action": "s3:PutObject",
                               "Resource": f"{config_bucket.arn}/AWSLogs/{account_id}/*",
                               "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}},
                          ],
                      }))

        recorder = ConfigConfigurationRecorder(
            self, "recorder", name=f"secure-data-recorder-{suffix}", role_arn=config_role.arn,
            recording_group=ConfigConfigurationRecorderRecordingGroup(
                all_supported=True, include_global_resource_types=False))
        channel = ConfigDeliveryChannel(self, "delivery-channel", name=f"secure-data-delivery-{suffix}",
                                        s3_bucket_name=config_bucket.bucket, depends_on=[recorder])
        ConfigConfigurationRecorderStatus(self, "recorder-status", name=recorder.name, is_enabled=True,
                                          depends_on=[channel])
