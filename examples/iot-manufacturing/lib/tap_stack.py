"""Factory telemetry: IoT Core -> Kinesis -> Lambda -> S3 archive, audited by CloudTrail."""
import json
import os
import re

from constructs import Construct
from cdktf import AssetType, S3Backend, TerraformAsset, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.cloudtrail import (
    Cloudtrail,
    CloudtrailEventSelector,
    CloudtrailEventSelectorDataResource,
)
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from cdktf_cdktf_provider_aws.iot_thing_type import IotThingType, IotThingTypeProperties
from cdktf_cdktf_provider_aws.iot_topic_rule import IotTopicRule, IotTopicRuleKinesis
from cdktf_cdktf_provider_aws.kinesis_stream import KinesisStream, KinesisStreamStreamModeDetails
from cdktf_cdktf_provider_aws.lambda_event_source_mapping import LambdaEventSourceMapping
from cdktf_cdktf_provider_aws.lambda_function import LambdaFunction, LambdaFunctionEnvironment
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import (
    S3BucketLifecycleConfiguration,
    S3BucketLifecycleConfigurationRule,
    S3BucketLifecycleConfigurationRuleFilter,
    S3BucketLifecycleConfigurationRuleTransition,
)
from cdktf_cdktf_provider_aws.s3_bucket_policy import S3BucketPolicy
from cdktf_cdktf_provider_aws.s3_bucket_public_access_block import S3BucketPublicAccessBlock
from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (
    S3BucketServerSideEncryptionConfigurationA,
    S3BucketServerSideEncryptionConfigurationRuleA,
    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA,
)
from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioningA

LAMBDA_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lambda")


def _assume_role(service: str) -> str:
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                       "Principal": {"Service": service}}],
    })


class TapStack(TerraformStack):
    """IoT manufacturing pipeline; every physical name carries the environment suffix."""

    # pylint: disable=too-many-arguments,too-many-locals
    def __init__(self, scope: Construct, construct_id: str, *,
                 environment_suffix: str = "dev",
                 state_bucket: str = "iac-rlhf-tf-states",
                 state_bucket_region: str = "us-east-1",
                 aws_region: str = "ap-southeast-1",
                 default_tags: dict | None = None):
        super().__init__(scope, construct_id)
        suffix = environment_suffix

        # Native S3 locking (use_lockfile) needs Terraform 1.10; the pipeline runs 1.9.
        S3Backend(self, bucket=state_bucket, key=f"{suffix}/{construct_id}.tfstate",
                  region=state_bucket_region, encrypt=True)
        AwsProvider(self, "aws", region=aws_region,
                    default_tags=[default_tags] if default_tags else None)
        account = DataAwsCallerIdentity(self, "current")

        # Devices
        thing_type = IotThingType(
            self, "sensor-type", name=f"manufacturing-sensor-{suffix}",
            properties=IotThingTypeProperties(
                description="Production-line sensor",
                searchable_attributes=["location", "facility", "equipment_type"]))

        # Ingest stream
        stream = KinesisStream(
            self, "telemetry", name=f"iot-telemetry-{suffix}", retention_period=24,
            stream_mode_details=KinesisStreamStreamModeDetails(stream_mode="ON_DEMAND"),
            encryption_type="KMS", kms_key_id="alias/aws/kinesis")

        iot_role = IamRole(self, "iot-rule-role", name=f"iot-to-kinesis-{suffix}",
                           assume_role_policy=_assume_role("iot.amazonaws.com"))
        IamRolePolicy(self, "iot-rule-put", role=iot_role.id, policy=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["kinesis:PutRecord", "kinesis:PutRecords"],
                           "Resource": stream.arn}],
        }))
        # IoT rule names allow letters, digits and underscores only.
        rule_suffix = re.sub(r"[^A-Za-z0-9_]", "_", suffix)
        topic_rule = IotTopicRule(
            self, "telemetry-rule", name=f"factory_telemetry_{rule_suffix}", enabled=True,
            sql="SELECT *, topic(2) AS facility, topic(3) AS machine_id, timestamp() AS received_at "
                "FROM 'factory/+/+/telemetry'",
            sql_version="2016-03-23",
            # $${...} keeps the IoT substitution template away from Terraform's interpolation.
            kinesis=[IotTopicRuleKinesis(stream_name=stream.name, role_arn=iot_role.arn,
                                         partition_key="$${topic(3)}")])

        # Archive bucket
        archive = S3Bucket(self, "archive", bucket=f"iot-archive-{suffix}-{account.account_id}",
                           force_destroy=True)
        S3BucketVersioningA(self, "archive-versioning", bucket=archive.id,
                            versioning_configuration={"status": "Enabled"})
        S3BucketServerSideEncryptionConfigurationA(self, "archive-sse", bucket=archive.id, rule=[
            S3BucketServerSideEncryptionConfigurationRuleA(
                apply_server_side_encryption_by_default=(
                    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                        sse_algorithm="AES256")))])
        S3BucketPublicAccessBlock(self, "archive-public-access", bucket=archive.id,
                                  block_public_acls=True, block_public_policy=True,
                                  ignore_public_acls=True, restrict_public_buckets=True)
        S3BucketLifecycleConfiguration(self, "archive-lifecycle", bucket=archive.id, rule=[
            S3BucketLifecycleConfigurationRule(
                id="archive-to-glacier", status="Enabled",
                filter=[S3BucketLifecycleConfigurationRuleFilter(prefix="telemetry/")],
                transition=[S3BucketLifecycleConfigurationRuleTransition(
                    days=90, storage_class="GLACIER")])])

        # Consumer
        function_name = f"iot-telemetry-archiver-{suffix}"
        logs = CloudwatchLogGroup(self, "archiver-logs", name=f"/aws/lambda/{function_name}",
                                  retention_in_days=14)
        lambda_role = IamRole(self, "archiver-role", name=f"iot-archiver-{suffix}",
                              assume_role_policy=_assume_role("lambda.amazonaws.com"))
        IamRolePolicyAttachment(
            self, "archiver-logs-policy", role=lambda_role.name,
            policy_arn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
        IamRolePolicy(self, "archiver-access", role=lambda_role.id, policy=json.dumps({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow",
                 "Action": ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary",
                            "kinesis:GetRecords", "kinesis:GetShardIterator",
                            "kinesis:ListShards", "kinesis:ListStreams"],
                 "Resource": stream.arn},
                {"Effect": "Allow", "Action": "s3:PutObject", "Resource": f"{archive.arn}/*"},
            ],
        }))
        code = TerraformAsset(self, "archiver-code", path=LAMBDA_SOURCE, type=AssetType.ARCHIVE)
        archiver = LambdaFunction(
            self, "archiver", function_name=function_name, role=lambda_role.arn,
            runtime="python3.12", handler="processor.handler", memory_size=256, timeout=60,
            filename=code.path, source_code_hash=code.asset_hash,
            environment=LambdaFunctionEnvironment(variables={"ARCHIVE_BUCKET": archive.bucket}),
            depends_on=[logs])
        LambdaEventSourceMapping(self, "archiver-source", event_source_arn=stream.arn,
                                 function_name=archiver.arn, starting_position="LATEST",
                                 batch_size=100, maximum_batching_window_in_seconds=5)

        # Audit trail with its own bucket and the policy CloudTrail requires
        trail_bucket = S3Bucket(self, "trail-bucket",
                                bucket=f"iot-audit-trail-{suffix}-{account.account_id}",
                                force_destroy=True)
        S3BucketPublicAccessBlock(self, "trail-public-access", bucket=trail_bucket.id,
                                  block_public_acls=True, block_public_policy=True,
                                  ignore_public_acls=True, restrict_public_buckets=True)
        S3BucketServerSideEncryptionConfigurationA(self, "trail-sse", bucket=trail_bucket.id, rule=[
            S3BucketServerSideEncryptionConfigurationRuleA(
                apply_server_side_encryption_by_default=(
                    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                        sse_algorithm="AES256")))])
        trail_name = f"iot-audit-{suffix}"
        trail_arn = f"arn:aws:cloudtrail:{aws_region}:{account.account_id}:trail/{trail_name}"
        trail_policy = S3BucketPolicy(self, "trail-bucket-policy", bucket=trail_bucket.id,
                                      policy=json.dumps({
            "Version": "2012-10-17",
            "Statement": [
                {"Sid": "CloudTrailAclCheck", "Effect": "Allow",
                 "Principal": {"Service": "cloudtrail.amazonaws.com"},
                 "Action": "s3:GetBucketAcl", "Resource": trail_bucket.arn,
                 "Condition": {"StringEquals": {"aws:SourceArn": trail_arn}}},
                {"Sid": "CloudTrailWrite", "Effect": "Allow",
                 "Principal": {"Service": "cloudtrail.amazonaws.com"},
                 "Action": "s3:PutObject",
                 "Resource": f"{trail_bucket.arn}/AWSLogs/{account.account_id}/*",
                 "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control",
                                                "aws:SourceArn": trail_arn}}},
            ],
        }))
        trail = Cloudtrail(
            self, "trail", name=trail_name, s3_bucket_name=trail_bucket.id,
            enable_log_file_validation=True, include_global_service_events=True,
            event_selector=[CloudtrailEventSelector(
                read_write_type="WriteOnly", include_management_events=True,
                data_resource=[CloudtrailEventSelectorDataResource(
                    type="AWS::S3::Object", values=[f"{archive.arn}/"])])],
            depends_on=[trail_policy])

        TerraformOutput(self, "thing_type_name", value=thing_type.name,
                        description="IoT thing type of the production-line sensors")
        TerraformOutput(self, "topic_rule_name", value=topic_rule.name,
                        description="IoT rule that forwards telemetry to Kinesis")
        TerraformOutput(self, "stream_name", value=stream.name,
                        description="Kinesis stream receiving the telemetry")
        TerraformOutput(self, "archive_bucket", value=archive.bucket,
                        description="Bucket holding the archived telemetry")
        TerraformOutput(self, "archiver_function", value=archiver.function_name,
                        description="Lambda function consuming the stream")
        TerraformOutput(self, "trail_arn", value=trail.arn,
                        description="CloudTrail trail auditing the pipeline")
