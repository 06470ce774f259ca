"""Sensor ingest pipeline: network, key, raw-readings bucket, stream, state table."""
from constructs import Construct
from cdktf import TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.dynamodb_table import (
    DynamodbTable,
    DynamodbTableAttribute,
    DynamodbTableGlobalSecondaryIndex,
)
from cdktf_cdktf_provider_aws.internet_gateway import InternetGateway
from cdktf_cdktf_provider_aws.kinesis_stream import KinesisStream
from cdktf_cdktf_provider_aws.kms_alias import KmsAlias
from cdktf_cdktf_provider_aws.kms_key import KmsKey
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.route_table import RouteTable, RouteTableRoute
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import (
    S3BucketLifecycleConfiguration,
    S3BucketLifecycleConfigurationRule,
    S3BucketLifecycleConfigurationRuleExpiration,
    S3BucketLifecycleConfigurationRuleFilter,
)
from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (
    S3BucketServerSideEncryptionConfigurationA,
    S3BucketServerSideEncryptionConfigurationRuleA,
    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA,
)
from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioningA
from cdktf_cdktf_provider_aws.subnet import Subnet
from cdktf_cdktf_provider_aws.vpc import Vpc


class TapStack(TerraformStack):
    """All resources of the pipeline; names carry the environment suffix."""

    def __init__(self, scope: Construct, construct_id: str, environment_suffix: str = "dev",
                 aws_region: str = "eu-central-1", default_tags: dict | None = None):
        super().__init__(scope, construct_id)
        suffix = environment_suffix

        AwsProvider(self, "aws", region=aws_region,
                    default_tags=[{"tags": default_tags}] if default_tags else None)
        account = DataAwsCallerIdentity(self, "current")

        vpc = Vpc(self, "vpc", cidr_block="10.40.0.0/16", enable_dns_hostnames=True)
        Subnet(self, "public", vpc_id=vpc.id, cidr_block="10.40.1.0/24",
               map_public_ip_on_launch=True)
        igw = InternetGateway(self, "igw", vpc_id=vpc.id)
        RouteTable(self, "public-routes", vpc_id=vpc.id,
                   route=[RouteTableRoute(cidr_block="0.0.0.0/0", gateway_id=igw.id)])

        key = KmsKey(self, "key", description="sensor ingest", enable_key_rotation=True)
        KmsAlias(self, "key-alias", name=f"alias/sensor-ingest-{suffix}", target_key_id=key.key_id)

        bucket = S3Bucket(self, "raw", bucket=f"sensor-raw-{suffix}-{account.account_id}",
                          force_destroy=True)
        S3BucketVersioningA(self, "raw-versioning", bucket=bucket.id,
                            versioning_configuration={"status": "Enabled"})
        S3BucketServerSideEncryptionConfigurationA(self, "raw-sse", bucket=bucket.id, rule=[
            S3BucketServerSideEncryptionConfigurationRuleA(
                apply_server_side_encryption_by_default=(
                    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                        sse_algorithm="aws:kms", kms_master_key_id=key.arn)),
            )
        ])
        S3BucketLifecycleConfiguration(self, "raw-lifecycle", bucket=bucket.id, rule=[
            S3BucketLifecycleConfigurationRule(
                id="expire-raw",
                status="Enabled",
                filter=[S3BucketLifecycleConfigurationRuleFilter(prefix="")],
                expiration=[S3BucketLifecycleConfigurationRuleExpiration(days=30)],
            )
        ])

        stream = KinesisStream(self, "stream", name=f"sensor-stream-{suffix}",
                               stream_mode_details={"stream_mode": "ON_DEMAND"})

        DynamodbTable(
            self, "state", name=f"sensor-state-{suffix}", billing_mode="PAY_PER_REQUEST",
            hash_key="device_id",
            attribute=[DynamodbTableAttribute(name="device_id", type="S"),
                       DynamodbTableAttribute(name="site", type="S")],
            global_secondary_index=[DynamodbTableGlobalSecondaryIndex(
                name="by-site", hash_key="site", projection_type="ALL")],
        )

        TerraformOutput(self, "bucket_name", value=bucket.bucket,
                        description="Name of the raw-readings bucket")
        TerraformOutput(self, "stream_arn", value=stream.arn,
                        description="ARN of the ingest stream")
