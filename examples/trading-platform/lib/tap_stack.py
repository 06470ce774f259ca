"""Trading platform, one stack per region: key, trade-data bucket, Aurora PostgreSQL and order queues."""
import json

from constructs import Construct
from cdktf import Fn, S3Backend, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.data_aws_availability_zones import DataAwsAvailabilityZones
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.db_subnet_group import DbSubnetGroup
from cdktf_cdktf_provider_aws.kms_alias import KmsAlias
from cdktf_cdktf_provider_aws.kms_key import KmsKey
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.rds_cluster import RdsCluster, RdsClusterServerlessv2ScalingConfiguration
from cdktf_cdktf_provider_aws.rds_cluster_instance import RdsClusterInstance
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import (
    S3BucketLifecycleConfiguration,
    S3BucketLifecycleConfigurationRule,
    S3BucketLifecycleConfigurationRuleExpiration,
    S3BucketLifecycleConfigurationRuleFilter,
)
from cdktf_cdktf_provider_aws.s3_bucket_public_access_block import S3BucketPublicAccessBlock
from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (
    S3BucketServerSideEncryptionConfigurationA,
    S3BucketServerSideEncryptionConfigurationRuleA,
    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA,
)
from cdktf_cdktf_provider_aws.s3_bucket_versioning import (
    S3BucketVersioningA,
    S3BucketVersioningVersioningConfiguration,
)
from cdktf_cdktf_provider_aws.security_group import SecurityGroup, SecurityGroupIngress
from cdktf_cdktf_provider_aws.sqs_queue import SqsQueue
from cdktf_cdktf_provider_aws.subnet import Subnet
from cdktf_cdktf_provider_aws.vpc import Vpc

VPC_CIDR = "10.30.0.0/16"
SUBNET_CIDRS = ("10.30.1.0/24", "10.30.2.0/24")


class TradingPlatformStack(TerraformStack):
    """The same platform in every region; names carry the region and the environment suffix."""

    def __init__(self, scope: Construct, construct_id: str, *, environment_suffix: str = "dev",
                 aws_region: str = "us-east-1", state_bucket: str | None = None,
                 state_bucket_region: str | None = None, default_tags: dict | None = None):
        super().__init__(scope, construct_id)
        self.region = aws_region
        self.environment_suffix = environment_suffix
        name = f"trading-{aws_region}-{environment_suffix}"

        AwsProvider(self, "aws", region=aws_region,
                    default_tags=[{"tags": default_tags}] if default_tags else None)
        if state_bucket:
            S3Backend(self, bucket=state_bucket, key=f"{construct_id}/terraform.tfstate",
                      region=state_bucket_region or aws_region, encrypt=True)
        caller = DataAwsCallerIdentity(self, "current")

        # Network for the database: two private subnets in different zones.
        vpc = Vpc(self, "vpc", cidr_block=VPC_CIDR, enable_dns_support=True, enable_dns_hostnames=True,
                  tags={"Name": f"{name}-vpc"})
        zones = DataAwsAvailabilityZones(self, "zones", state="available")
        subnets = [
            Subnet(self, f"db-subnet-{index}", vpc_id=vpc.id, cidr_block=cidr,
                   availability_zone=Fn.element(zones.names, index),
                   tags={"Name": f"{name}-db-{index}"})
            for index, cidr in enumerate(SUBNET_CIDRS)
        ]
        subnet_group = DbSubnetGroup(self, "db-subnets", name=f"{name}-db",
                                     subnet_ids=[subnet.id for subnet in subnets])
        db_security_group = SecurityGroup(
            self, "db-sg", name=f"{name}-db", vpc_id=vpc.id,
            description="Aurora PostgreSQL: connections from inside the VPC only",
            ingress=[SecurityGroupIngress(from_port=5432, to_port=5432, protocol="tcp",
                                          cidr_blocks=[VPC_CIDR], description="PostgreSQL from the VPC")],
        )

        # Regional customer-managed key for the bucket, the database and its master secret.
        self.key = KmsKey(self, "kms-key", description=f"Trading platform key {aws_region} ({environment_suffix})",
                          enable_key_rotation=True, deletion_window_in_days=7)
        KmsAlias(self, "kms-alias", name=f"alias/trading-{aws_region}-{environment_suffix}",
                 target_key_id=self.key.key_id)

        # Trade-data bucket: versioned, KMS-encrypted, objects expire after 90 days.
        self.bucket = S3Bucket(self, "trade-data", bucket=f"{name}-data-{caller.account_id}",
                               force_destroy=True)
        S3BucketPublicAccessBlock(self, "trade-data-public-access", bucket=self.bucket.id,
                                  block_public_acls=True, block_public_policy=True,
                                  ignore_public_acls=True, restrict_public_buckets=True)
        S3BucketVersioningA(self, "trade-data-versioning", bucket=self.bucket.id,
                            versioning_configuration=S3BucketVersioningVersioningConfiguration(status="Enabled"))
        S3BucketServerSideEncryptionConfigurationA(self, "trade-data-encryption", bucket=self.bucket.id, rule=[
            S3BucketServerSideEncryptionConfigurationRuleA(
                apply_server_side_encryption_by_default=(
                    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                        sse_algorithm="aws:kms", kms_master_key_id=self.key.arn)),
                bucket_key_enabled=True,
            )
        ])
        S3BucketLifecycleConfiguration(self, "trade-data-lifecycle", bucket=self.bucket.id, rule=[
            S3BucketLifecycleConfigurationRule(
                id="expire-trade-data",
                status="Enabled",
                filter=[S3BucketLifecycleConfigurationRuleFilter(prefix="")],
                expiration=[S3BucketLifecycleConfigurationRuleExpiration(days=90)],
            )
        ])

        # Aurora PostgreSQL Serverless v2; RDS keeps the master password in Secrets Manager.
        self.cluster = RdsCluster(
            self, "aurora-cluster",
            cluster_identifier=f"{name}-aurora",
            engine="aurora-postgresql",
            engine_version="16.4",
            database_name="trading",
            master_username="trading_admin",
            manage_master_user_password=True,
            master_user_secret_kms_key_id=self.key.key_id,
            storage_encrypted=True,
            kms_key_id=self.key.arn,
            db_subnet_group_name=subnet_group.name,
            vpc_security_group_ids=[db_security_group.id],
            backup_retention_period=7,
            serverlessv2_scaling_configuration=RdsClusterServerlessv2ScalingConfiguration(
                min_capacity=0.5, max_capacity=4),
            skip_final_snapshot=True,
            deletion_protection=False,
        )
        RdsClusterInstance(self, "aurora-writer", identifier=f"{name}-aurora-1",
                           cluster_identifier=self.cluster.id, instance_class="db.serverless",
                           engine=self.cluster.engine, engine_version=self.cluster.engine_version)

        # Order queue with a dead-letter queue for orders that fail processing three times.
        dead_letters = SqsQueue(self, "orders-dlq", name=f"{name}-orders-dlq",
                                message_retention_seconds=1209600, sqs_managed_sse_enabled=True)
        self.orders = SqsQueue(self, "orders", name=f"{name}-orders", visibility_timeout_seconds=60,
                               sqs_managed_sse_enabled=True,
                               redrive_policy=json.dumps({"deadLetterTargetArn": dead_letters.arn,
                                                          "maxReceiveCount": 3}))

        TerraformOutput(self, "kms_key_arn", value=self.key.arn, description="Regional KMS key ARN")
        TerraformOutput(self, "bucket_name", value=self.bucket.bucket, description="Trade-data bucket")
        TerraformOutput(self, "cluster_endpoint", value=self.cluster.endpoint,
                        description="Aurora writer endpoint")
        TerraformOutput(self, "cluster_identifier", value=self.cluster.cluster_identifier,
                        description="Aurora cluster identifier")
        TerraformOutput(self, "master_secret_arn", value=self.cluster.master_user_secret.get(0).secret_arn,
                        description="Secrets Manager secret holding the master credentials")
        TerraformOutput(self, "orders_queue_url", value=self.orders.url, description="Order queue URL")
