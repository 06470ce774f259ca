"""Secure data pipeline: one stack wiring the network, encryption, processing and monitoring modules."""
from constructs import Construct
from cdktf import S3Backend, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.provider import AwsProvider

from lib.data_processing import DataProcessingModule
from lib.monitoring import MonitoringModule
from lib.networking import NetworkingModule
from lib.security import SecurityModule


class TapStack(TerraformStack):
    """Every physical name carries the environment suffix; buckets also carry the account id."""

    def __init__(self, scope: Construct, construct_id: str, *, environment_suffix: str = "dev",
                 aws_region: str = "us-east-1", state_bucket: str | None = None,
                 state_bucket_region: str | None = None, default_tags: dict | None = None):
        super().__init__(scope, construct_id)

        AwsProvider(self, "aws", region=aws_region,
                    default_tags=[{"tags": default_tags}] if default_tags else None)
        if state_bucket:
            S3Backend(self, bucket=state_bucket, key=f"{construct_id}/terraform.tfstate",
                      region=state_bucket_region or aws_region, encrypt=True)

        caller = DataAwsCallerIdentity(self, "current")
        account_id = caller.account_id

        security = SecurityModule(self, "security", environment_suffix=environment_suffix,
                                  account_id=account_id, aws_region=aws_region)
        network = NetworkingModule(self, "networking", environment_suffix=environment_suffix,
                                   account_id=account_id, aws_region=aws_region)
        processing = DataProcessingModule(
            self, "data-processing",
            environment_suffix=environment_suffix,
            account_id=account_id,
            kms_key_arn=security.key.arn,
            secret_arn=security.signing_secret.arn,
            subnet_ids=network.private_subnet_ids,
            security_group_id=network.lambda_security_group.id,
        )
        monitoring = MonitoringModule(
            self, "monitoring",
            environment_suffix=environment_suffix,
            account_id=account_id,
            kms_key_arn=security.key.arn,
            function_name=processing.function.function_name,
        )

        TerraformOutput(self, "vpc_id", value=network.vpc.id, description="ID of the pipeline VPC")
        TerraformOutput(self, "data_bucket_name", value=processing.data_bucket.bucket,
                        description="Bucket holding the input and processed data")
        TerraformOutput(self, "processor_function_name", value=processing.function.function_name,
                        description="Name of the processing Lambda function")
        TerraformOutput(self, "kms_key_arn", value=security.key.arn,
                        description="ARN of the customer-managed data key")
        TerraformOutput(self, "signing_secret_arn", value=security.signing_secret.arn,
                        description="Secret whose value the security team sets")
        TerraformOutput(self, "alarm_topic_arn", value=monitoring.alarm_topic.arn,
                        description="SNS topic the alarms notify")
