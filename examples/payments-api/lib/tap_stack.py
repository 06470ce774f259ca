"""Payments API: API Gateway (API key + usage plan), Lambda, DynamoDB global table, logs, alarm."""
import json
import os

from constructs import Construct
from cdktf import AssetType, S3Backend, TerraformAsset, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.api_gateway_api_key import ApiGatewayApiKey
from cdktf_cdktf_provider_aws.api_gateway_deployment import ApiGatewayDeployment
from cdktf_cdktf_provider_aws.api_gateway_integration import ApiGatewayIntegration
from cdktf_cdktf_provider_aws.api_gateway_method import ApiGatewayMethod
from cdktf_cdktf_provider_aws.api_gateway_resource import ApiGatewayResource
from cdktf_cdktf_provider_aws.api_gateway_rest_api import ApiGatewayRestApi
from cdktf_cdktf_provider_aws.api_gateway_stage import ApiGatewayStage
from cdktf_cdktf_provider_aws.api_gateway_usage_plan import (
    ApiGatewayUsagePlan,
    ApiGatewayUsagePlanApiStages,
    ApiGatewayUsagePlanQuotaSettings,
    ApiGatewayUsagePlanThrottleSettings,
)
from cdktf_cdktf_provider_aws.api_gateway_usage_plan_key import ApiGatewayUsagePlanKey
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.dynamodb_table import (
    DynamodbTable,
    DynamodbTableAttribute,
    DynamodbTablePointInTimeRecovery,
    DynamodbTableReplica,
    DynamodbTableServerSideEncryption,
)
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.kms_alias import KmsAlias
from cdktf_cdktf_provider_aws.kms_key import KmsKey
from cdktf_cdktf_provider_aws.lambda_function import LambdaFunction, LambdaFunctionEnvironment
from cdktf_cdktf_provider_aws.lambda_permission import LambdaPermission
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_public_access_block import S3BucketPublicAccessBlock
from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (
    S3BucketServerSideEncryptionConfigurationA,
    S3BucketServerSideEncryptionConfigurationRuleA,
    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA,
)
from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioningA
from cdktf_cdktf_provider_aws.ssm_parameter import SsmParameter

LAMBDA_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lambda")
LOG_RETENTION_DAYS = 30


class TapStack(TerraformStack):
    """The payments API in the primary region, its table replicated to the replica region."""

    # pylint: disable=too-many-arguments,too-many-instance-attributes
    def __init__(self, scope: Construct, construct_id: str, environment_suffix: str = "dev",
                 state_bucket: str = "iac-rlhf-tf-states", state_bucket_region: str = "us-east-1",
                 aws_region: str = "us-east-1", replica_region: str = "us-west-2",
                 default_tags: dict | None = None):
        super().__init__(scope, construct_id)
        self.suffix = environment_suffix
        self.region = aws_region
        tags = [{"tags": default_tags}] if default_tags else None

        AwsProvider(self, "aws", region=aws_region, default_tags=tags)
        self.replica_provider = AwsProvider(self, "aws_replica", region=replica_region,
                                            alias="replica", default_tags=tags)
        S3Backend(self, bucket=state_bucket, key=f"{environment_suffix}/{construct_id}.tfstate",
                  region=state_bucket_region, encrypt=True)
        self.account_id = DataAwsCallerIdentity(self, "current").account_id

        self.key = self._create_primary_key()
        self.replica_key = KmsKey(self, "replica-key", provider=self.replica_provider,
                                  description=f"payments table replica key ({self.suffix})",
                                  enable_key_rotation=True, deletion_window_in_days=10)
        self.table = self._create_table(replica_region)
        self.logs_bucket = self._create_logs_bucket()
        self.config = SsmParameter(
            self, "config", name=f"/payments/{self.suffix}/config", type="String",
            value=json.dumps({"max_amount": 10000, "currencies": ["USD", "EUR", "GBP"]}),
            description="Limits the payments handler applies")
        self.function = self._create_function()
        self.api, self.stage, self.api_key = self._create_api()
        self._create_alarm()
        self._create_outputs()

    def _create_primary_key(self) -> KmsKey:
        """Customer managed key for the table, the bucket and the function's log group."""
        policy = {"Version": "2012-10-17", "Statement": [
            {"Sid": "AccountAdmin", "Effect": "Allow",
             "Principal": {"AWS": f"arn:aws:iam::{self.account_id}:root"},
             "Action": "kms:*", "Resource": "*"},
            {"Sid": "CloudWatchLogs", "Effect": "Allow",
             "Principal": {"Service": f"logs.{self.region}.amazonaws.com"},
             "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                        "kms:DescribeKey"],
             "Resource": "*"},
        ]}
        key = KmsKey(self, "key", description=f"payments data key ({self.suffix})",
                     enable_key_rotation=True, deletion_window_in_days=10,
                     policy=json.dumps(policy))
        KmsAlias(self, "key-alias", name=f"alias/payments-{self.suffix}", target_key_id=key.key_id)
        return key

    def _create_table(self, replica_region: str) -> DynamodbTable:
        """Global table: the stream carries the changes to the replica."""
        return DynamodbTable(
            self, "payments-table", name=f"payments-{self.suffix}", billing_mode="PAY_PER_REQUEST",
            hash_key="payment_id", range_key="created_at",
            attribute=[DynamodbTableAttribute(name="payment_id", type="S"),
                       DynamodbTableAttribute(name="created_at", type="S")],
            stream_enabled=True, stream_view_type="NEW_AND_OLD_IMAGES",
            server_side_encryption=DynamodbTableServerSideEncryption(enabled=True,
                                                                     kms_key_arn=self.key.arn),
            point_in_time_recovery=DynamodbTablePointInTimeRecovery(enabled=True),
            replica=[DynamodbTableReplica(region_name=replica_region,
                                          kms_key_arn=self.replica_key.arn,
                                          point_in_time_recovery=True)],
        )

    def _create_logs_bucket(self) -> S3Bucket:
        """Private, versioned, KMS-encrypted bucket for the payment audit records."""
        bucket = S3Bucket(self, "logs-bucket",
                          bucket=f"payments-logs-{self.suffix}-{self.account_id}", force_destroy=True)
        S3BucketVersioningA(self, "logs-versioning", bucket=bucket.id,
                            versioning_configuration={"status": "Enabled"})
        S3BucketPublicAccessBlock(self, "logs-public-access", bucket=bucket.id,
                                  block_public_acls=True, block_public_policy=True,
                                  ignore_public_acls=True, restrict_public_buckets=True)
        S3BucketServerSideEncryptionConfigurationA(self, "logs-sse", bucket=bucket.id, rule=[
            S3BucketServerSideEncryptionConfigurationRuleA(
                apply_server_side_encryption_by_default=(
                    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                        sse_algorithm="aws:kms", kms_master_key_id=self.key.arn)),
                bucket_key_enabled=True,
            )
        ])
        return bucket

    def _create_function(self) -> LambdaFunction:
        """The handler, its least-privilege role and its log group."""
        name = f"payments-api-{self.suffix}"
        role = IamRole(self, "handler-role", name=f"{name}-role", assume_role_policy=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                           "Action": "sts:AssumeRole"}],
        }))
        log_group = CloudwatchLogGroup(self, "handler-logs", name=f"/aws/lambda/{name}",
                                       retention_in_days=LOG_RETENTION_DAYS, kms_key_id=self.key.arn)
        IamRolePolicy(self, "handler-policy", name=f"{name}-policy", role=role.id,
                      policy=json.dumps({"Version": "2012-10-17", "Statement": [
                          {"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:GetItem"],
                           "Resource": self.table.arn},
                          {"Effect": "Allow", "Action": "s3:PutObject",
                           "Resource": f"{self.logs_bucket.arn}/*"},
                          {"Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt",
                                                         "kms:GenerateDataKey"],
                           "Resource": self.key.arn},
                          {"Effect": "Allow", "Action": "ssm:GetParameter",
                           "Resource": self.config.arn},
                          {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                           "Resource": f"{log_group.arn}:*"},
                      ]}))
        package = TerraformAsset(self, "handler-package", path=LAMBDA_SOURCE, type=AssetType.ARCHIVE)
        return LambdaFunction(
            self, "handler", function_name=name, role=role.arn, runtime="python3.12",
            handler="handler.handler", filename=package.path, source_code_hash=package.asset_hash,
            timeout=10, memory_size=256,
            environment=LambdaFunctionEnvironment(variables={
                "TABLE_NAME": self.table.name,
                "LOGS_BUCKET": self.logs_bucket.bucket,
                "CONFIG_PARAMETER": self.config.name,
            }),
            depends_on=[log_group],
        )

    def _create_api(self):
        """REST API with POST /payments behind an API key, throttled by a usage plan."""
        api = ApiGatewayRestApi(self, "api", name=f"payments-api-{self.suffix}",
                                description="Payments API")
        payments = ApiGatewayResource(self, "payments-resource", rest_api_id=api.id,
                                      parent_id=api.root_resource_id, path_part="payments")
        method = ApiGatewayMethod(self, "post-payment", rest_api_id=api.id, resource_id=payments.id,
                                  http_method="POST", authorization="NONE", api_key_required=True)
        integration = ApiGatewayIntegration(self, "post-payment-integration", rest_api_id=api.id,
                                            resource_id=payments.id, http_method=method.http_method,
                                            integration_http_method="POST", type="AWS_PROXY",
                                            uri=self.function.invoke_arn)
        LambdaPermission(self, "api-invoke", statement_id="AllowApiGatewayInvoke",
                         action="lambda:InvokeFunction", function_name=self.function.function_name,
                         principal="apigateway.amazonaws.com", source_arn=f"{api.execution_arn}/*/*")
        deployment = ApiGatewayDeployment(self, "deployment", rest_api_id=api.id,
                                          triggers={"integration": integration.id},
                                          lifecycle={"create_before_destroy": True},
                                          depends_on=[integration])
        stage = ApiGatewayStage(self, "stage", rest_api_id=api.id, deployment_id=deployment.id,
                                stage_name="v1")
        api_key = ApiGatewayApiKey(self, "api-key", name=f"payments-client-{self.suffix}")
        plan = ApiGatewayUsagePlan(
            self, "usage-plan", name=f"payments-plan-{self.suffix}",
            api_stages=[ApiGatewayUsagePlanApiStages(api_id=api.id, stage=stage.stage_name)],
            throttle_settings=ApiGatewayUsagePlanThrottleSettings(rate_limit=50, burst_limit=100),
            quota_settings=ApiGatewayUsagePlanQuotaSettings(limit=100000, period="MONTH"))
        ApiGatewayUsagePlanKey(self, "usage-plan-key", key_id=api_key.id, key_type="API_KEY",
                               usage_plan_id=plan.id)
        return api, stage, api_key

    def _create_alarm(self) -> None:
        CloudwatchMetricAlarm(
            self, "handler-errors", alarm_name=f"payments-api-errors-{self.suffix}",
            namespace="AWS/Lambda", metric_name="Errors",
            dimensions={"FunctionName": self.function.function_name},
            statistic="Sum", period=300, evaluation_periods=1, threshold=1,
            comparison_operator="GreaterThanOrEqualToThreshold", treat_missing_data="notBreaching",
            alarm_description="The payments handler raised errors in the last five minutes")

    def _create_outputs(self) -> None:
        TerraformOutput(self, "api_url", value=self.stage.invoke_url,
                        description="Invoke URL of the v1 stage; POST to <url>/payments")
        TerraformOutput(self, "api_key_id", value=self.api_key.id,
                        description="Id of the client API key (read its value with get-api-key)")
        TerraformOutput(self, "table_name", value=self.table.name,
                        description="Name of the payments global table")
        TerraformOutput(self, "logs_bucket_name", value=self.logs_bucket.bucket,
                        description="Bucket holding the payment audit records")
        TerraformOutput(self, "function_name", value=self.function.function_name,
                        description="Name of the payments Lambda function")
        TerraformOutput(self, "config_parameter_name", value=self.config.name,
                        description="SSM parameter with the handler's limits")
