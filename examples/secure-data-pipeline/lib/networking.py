"""Private-only VPC with S3 and Secrets Manager endpoints, flow logs to S3 and an HTTPS-only rule group."""
from constructs import Construct
from cdktf import Fn
from cdktf_cdktf_provider_aws.data_aws_availability_zones import DataAwsAvailabilityZones
from cdktf_cdktf_provider_aws.flow_log import FlowLog
from cdktf_cdktf_provider_aws.networkfirewall_rule_group import (
    NetworkfirewallRuleGroup,
    NetworkfirewallRuleGroupRuleGroup,
    NetworkfirewallRuleGroupRuleGroupRulesSource,
    NetworkfirewallRuleGroupRuleGroupRulesSourceStatefulRule,
    NetworkfirewallRuleGroupRuleGroupRulesSourceStatefulRuleHeader,
    NetworkfirewallRuleGroupRuleGroupRulesSourceStatefulRuleRuleOption,
)
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
from cdktf_cdktf_provider_aws.security_group import (
    SecurityGroup,
    SecurityGroupEgress,
    SecurityGroupIngress,
)
from cdktf_cdktf_provider_aws.subnet import Subnet
from cdktf_cdktf_provider_aws.vpc import Vpc
from cdktf_cdktf_provider_aws.vpc_endpoint import VpcEndpoint

VPC_CIDR = "10.20.0.0/16"
PRIVATE_SUBNET_CIDRS = ("10.20.1.0/24", "10.20.2.0/24")


class NetworkingModule(Construct):
    """No internet gateway: the Lambda reaches S3 and Secrets Manager through VPC endpoints only."""

    def __init__(self, scope: Construct, construct_id: str, *, environment_suffix: str,
                 account_id: str, aws_region: str):
        super().__init__(scope, construct_id)
        suffix = environment_suffix

        self.vpc = Vpc(self, "vpc", cidr_block=VPC_CIDR, enable_dns_support=True,
                       enable_dns_hostnames=True, tags={"Name": f"secure-data-vpc-{suffix}"})
        zones = DataAwsAvailabilityZones(self, "zones", state="available")
        subnets = [
            Subnet(self, f"private-{index}", vpc_id=self.vpc.id, cidr_block=cidr,
                   availability_zone=Fn.element(zones.names, index),
                   map_public_ip_on_launch=False,
                   tags={"Name": f"secure-data-private-{index}-{suffix}"})
            for index, cidr in enumerate(PRIVATE_SUBNET_CIDRS)
        ]
        self.private_subnet_ids = [subnet.id for subnet in subnets]

        # Flow logs go to their own bucket; SSE-S3 because log delivery cannot use the data key.
        flow_logs_bucket = S3Bucket(self, "flow-logs-bucket",
                                    bucket=f"vpc-flow-logs-{suffix}-{account_id}", force_destroy=True)
        S3BucketPublicAccessBlock(self, "flow-logs-public-access", bucket=flow_logs_bucket.id,
                                  block_public_acls=True, block_public_policy=True,
                                  ignore_public_acls=True, restrict_public_buckets=True)
        S3BucketServerSideEncryptionConfigurationA(self, "flow-logs-sse", bucket=flow_logs_bucket.id, rule=[
            S3BucketServerSideEncryptionConfigurationRuleA(
                apply_server_side_encryption_by_default=(
                    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                        sse_algorithm="AES256")),
            )
        ])
        S3BucketLifecycleConfiguration(self, "flow-logs-lifecycle", bucket=flow_logs_bucket.id, rule=[
            S3BucketLifecycleConfigurationRule(
                id="expire-flow-logs",
                status="Enabled",
                filter=[S3BucketLifecycleConfigurationRuleFilter(prefix="")],
                expiration=[S3BucketLifecycleConfigurationRuleExpiration(days=90)],
            )
        ])
        FlowLog(self, "flow-log", vpc_id=self.vpc.id, traffic_type="ALL",
                log_destination_type="s3", log_destination=flow_logs_bucket.arn,
                max_aggregation_interval=600)

        self.lambda_security_group = SecurityGroup(
            self, "lambda-sg", name=f"secure-data-lambda-{suffix}", vpc_id=self.vpc.id,
            description="Processor Lambda: HTTPS out to the VPC endpoints only",
            egress=[SecurityGroupEgress(from_port=443, to_port=443, protocol="tcp",
                                        cidr_blocks=["0.0.0.0/0"], description="HTTPS to endpoints")],
        )
        endpoint_security_group = SecurityGroup(
            self, "endpoint-sg", name=f"secure-data-endpoints-{suffix}", vpc_id=self.vpc.id,
            description="Interface endpoints: HTTPS from inside the VPC",
            ingress=[SecurityGroupIngress(from_port=443, to_port=443, protocol="tcp",
                                          cidr_blocks=[VPC_CIDR], description="HTTPS from the VPC")],
        )
        VpcEndpoint(self, "s3-endpoint", vpc_id=self.vpc.id,
                    service_name=f"com.amazonaws.{aws_region}.s3", vpc_endpoint_type="Gateway",
                    route_table_ids=[self.vpc.main_route_table_id])
        VpcEndpoint(self, "secrets-endpoint", vpc_id=self.vpc.id,
                    service_name=f"com.amazonaws.{aws_region}.secretsmanager",
                    vpc_endpoint_type="Interface", private_dns_enabled=True,
                    subnet_ids=self.private_subnet_ids,
                    security_group_ids=[endpoint_security_group.id])

        # Stateful rule group for the shared inspection firewall: only HTTPS leaves the VPC.
        NetworkfirewallRuleGroup(
            self, "egress-rules",
            name=f"secure-data-egress-{suffix}",
            type="STATEFUL",
            capacity=100,
            rule_group=NetworkfirewallRuleGroupRuleGroup(
                rules_source=NetworkfirewallRuleGroupRuleGroupRulesSource(
                    stateful_rule=[
                        NetworkfirewallRuleGroupRuleGroupRulesSourceStatefulRule(
                            action="PASS",
                            header=NetworkfirewallRuleGroupRuleGroupRulesSourceStatefulRuleHeader(
                                protocol="TCP", source=VPC_CIDR, source_port="ANY",
                                direction="FORWARD", destination="ANY", destination_port="443"),
                            rule_option=[NetworkfirewallRuleGroupRuleGroupRulesSourceStatefulRuleRuleOption(
                                keyword="sid", settings=["1"])],
                        ),
                        NetworkfirewallRuleGroupRuleGroupRulesSourceStatefulRule(
                            action="DROP",
                            header=NetworkfirewallRuleGroupRuleGroupRulesSourceStatefulRuleHeader(
                                protocol="IP", source=VPC_CIDR, source_port="ANY",
                                direction="FORWARD", destination="ANY", destination_port="ANY"),
                            rule_option=[NetworkfirewallRuleGroupRuleGroupRulesSourceStatefulRuleRuleOption(
                                keyword="sid", settings=["2"])],
                        ),
                    ],
                ),
            ),
        )
