"""Data bucket and its access-log bucket, and the processor Lambda that runs inside the VPC."""
import json
import os

from constructs import Construct
from cdktf import AssetType, TerraformAsset
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from cdktf_cdktf_provider_aws.lambda_function import (
    LambdaFunction,
    LambdaFunctionEnvironment,
    LambdaFunctionVpcConfig,
)
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_logging import S3BucketLoggingA
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

LAMBDA_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lambda")


def _sse_rule(kms_key_arn: str | None = None) -> S3BucketServerSideEncryptionConfigurationRuleA:
    """SSE-KMS with the data key when one is given, else SSE-S3."""
    default = S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
        sse_algorithm="aws:kms" if kms_key_arn else "AES256", kms_master_key_id=kms_key_arn)
    return S3BucketServerSideEncryptionConfigurationRuleA(
        apply_server_side_encryption_by_default=default, bucket_key_enabled=bool(kms_key_arn))


class DataProcessingModule(Construct):
    """The processor reads an object, signs it with the secret's key and writes it under processed/."""

    def __init__(self, scope: Construct, construct_id: str, *, environment_suffix: str, account_id: str,
                 kms_key_arn: str, secret_arn: str, subnet_ids: list, security_group_id: str):
        super().__init__(scope, construct_id)
        suffix = environment_suffix

        # Server access logs cannot be delivered to an SSE-KMS bucket, hence SSE-S3 here.
        access_logs = S3Bucket(self, "access-logs-bucket",
                               bucket=f"s3-access-logs-{suffix}-{account_id}", force_destroy=True)
        S3BucketPublicAccessBlock(self, "access-logs-public-access", bucket=access_logs.id,
                                  block_public_acls=True, block_public_policy=True,
                                  ignore_public_acls=True, restrict_public_buckets=True)
        S3BucketServerSideEncryptionConfigurationA(self, "access-logs-sse", bucket=access_logs.id,
                                                   rule=[_sse_rule()])

        self.data_bucket = S3Bucket(self, "data-bucket",
                                    bucket=f"secure-data-{suffix}-{account_id}", force_destroy=True)
        S3BucketPublicAccessBlock(self, "data-public-access", bucket=self.data_bucket.id,
                                  block_public_acls=True, block_public_policy=True,
                                  ignore_public_acls=True, restrict_public_buckets=True)
        S3BucketVersioningA(self, "data-versioning", bucket=self.data_bucket.id,
                            versioning_configuration=S3BucketVersioningVersioningConfiguration(
                                status="Enabled"))
        S3BucketServerSideEncryptionConfigurationA(self, "data-sse", bucket=self.data_bucket.id,
                                                   rule=[_sse_rule(kms_key_arn)])
        S3BucketLoggingA(self, "data-logging", bucket=self.data_bucket.id,
                         target_bucket=access_logs.id, target_prefix="secure-data/")

        function_name = f"secure-data-processor-{suffix}"
        role = IamRole(self, "processor-role", name=f"secure-data-processor-{suffix}",
                       assume_role_policy=json.dumps({
                           "Version": "2012-10-17",
                           "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                          "Principal": {"Service": "lambda.amazonaws.com"}}],
                       }))
        IamRolePolicyAttachment(
            self, "processor-vpc-access", role=role.name,
            policy_arn="arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole")
        IamRolePolicy(self, "processor-data-access", role=role.id, name="data-access",
                      policy=json.dumps({
                          "Version": "2012-10-17",
                          "Statement": [
                              {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                               "Resource": f"{self.data_bucket.arn}/*"},
                              {"Effect": "Allow", "Action": "s3:ListBucket",
                               "Resource": self.data_bucket.arn},
                              {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                               "Resource": kms_key_arn},
                              {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                               "Resource": secret_arn},
                          ],
                      }))

        log_group = CloudwatchLogGroup(self, "processor-logs", name=f"/aws/lambda/{function_name}",
                                       retention_in_days=30, kms_key_id=kms_key_arn)

        code = TerraformAsset(self, "processor-code", path=LAMBDA_SOURCE, type=AssetType.ARCHIVE)
        self.function = LambdaFunction(
            self, "processor",
            function_name=function_name,
            role=role.arn,
            runtime="python3.12",
            handler="processor.handler",
            filename=code.path,
            source_code_hash=code.asset_hash,
            timeout=60,
            memory_size=256,
            kms_key_arn=kms_key_arn,
            environment=LambdaFunctionEnvironment(variables={
                "DATA_BUCKET": self.data_bucket.bucket,
                "SIGNING_SECRET_ARN": secret_arn,
            }),
            vpc_config=LambdaFunctionVpcConfig(subnet_ids=subnet_ids,
                                               security_group_ids=[security_group_id]),
            depends_on=[log_group],
        )
