"""Two-region active/passive setup: global table, health endpoints, DNS failover, backups."""
import json
import os

from constructs import Construct
from cdktf import AssetType, Fn, S3Backend, TerraformAsset, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.apigatewayv2_api import Apigatewayv2Api
from cdktf_cdktf_provider_aws.backup_plan import (
    BackupPlan,
    BackupPlanRule,
    BackupPlanRuleCopyAction,
    BackupPlanRuleCopyActionLifecycle,
    BackupPlanRuleLifecycle,
)
from cdktf_cdktf_provider_aws.backup_selection import BackupSelection
from cdktf_cdktf_provider_aws.backup_vault import BackupVault
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.dynamodb_table import (
    DynamodbTable,
    DynamodbTableAttribute,
    DynamodbTablePointInTimeRecovery,
    DynamodbTableReplica,
)
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from cdktf_cdktf_provider_aws.lambda_function import LambdaFunction, LambdaFunctionEnvironment
from cdktf_cdktf_provider_aws.lambda_permission import LambdaPermission
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.route53_health_check import Route53HealthCheck
from cdktf_cdktf_provider_aws.route53_record import Route53Record, Route53RecordFailoverRoutingPolicy
from cdktf_cdktf_provider_aws.route53_zone import Route53Zone

LAMBDA_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lambda")


def _assume_role(service: str) -> str:
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                       "Principal": {"Service": service}}],
    })


class TapStack(TerraformStack):
    """Primary site in aws_region, standby site in secondary_region, Route 53 in front."""

    # pylint: disable=too-many-arguments,too-many-locals
    def __init__(self, scope: Construct, construct_id: str, *,
                 environment_suffix: str = "dev",
                 state_bucket: str = "iac-rlhf-tf-states",
                 state_bucket_region: str = "us-east-1",
                 aws_region: str = "us-east-1",
                 default_tags: dict | None = None,
                 secondary_region: str = "us-west-2",
                 domain_name: str = "tapdr-demo.net"):
        super().__init__(scope, construct_id)
        suffix = environment_suffix

        S3Backend(self, bucket=state_bucket, key=f"{suffix}/{construct_id}.tfstate",
                  region=state_bucket_region, encrypt=True)
        tags = [default_tags] if default_tags else None
        AwsProvider(self, "aws", region=aws_region, default_tags=tags)
        standby = AwsProvider(self, "secondary", region=secondary_region, alias="secondary",
                              default_tags=tags)
        account = DataAwsCallerIdentity(self, "current")

        # Session data, replicated to the standby region as a global table.
        table = DynamodbTable(
            self, "sessions", name=f"dr-sessions-{suffix}", billing_mode="PAY_PER_REQUEST",
            hash_key="session_id",
            attribute=[DynamodbTableAttribute(name="session_id", type="S")],
            stream_enabled=True, stream_view_type="NEW_AND_OLD_IMAGES",
            point_in_time_recovery=DynamodbTablePointInTimeRecovery(enabled=True),
            replica=[DynamodbTableReplica(region_name=secondary_region,
                                          point_in_time_recovery=True)],
        )

        # One role for the health function in both regions (IAM is global).
        role = IamRole(self, "health-role", name=f"dr-health-{suffix}",
                       assume_role_policy=_assume_role("lambda.amazonaws.com"))
        IamRolePolicyAttachment(
            self, "health-logs", role=role.name,
            policy_arn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
        IamRolePolicy(self, "health-table-read", role=role.id, policy=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Action": ["dynamodb:DescribeTable", "dynamodb:GetItem"],
                "Resource": [
                    table.arn,
                    f"arn:aws:dynamodb:{secondary_region}:{account.account_id}:table/{table.name}",
                ],
            }],
        }))

        code = TerraformAsset(self, "health-code", path=LAMBDA_SOURCE, type=AssetType.ARCHIVE)
        sites = {}
        for site, provider in (("primary", None), ("secondary", standby)):
            function = LambdaFunction(
                self, f"health-{site}", provider=provider,
                function_name=f"dr-health-{site}-{suffix}", role=role.arn,
                runtime="python3.12", handler="health.handler", memory_size=256, timeout=10,
                filename=code.path, source_code_hash=code.asset_hash,
                environment=LambdaFunctionEnvironment(
                    variables={"TABLE_NAME": table.name, "SITE_ROLE": site}),
            )
            # Quick-create HTTP API: a $default route and stage that proxy to the function.
            api = Apigatewayv2Api(self, f"health-api-{site}", provider=provider,
                                  name=f"dr-health-{site}-{suffix}", protocol_type="HTTP",
                                  target=function.arn)
            LambdaPermission(self, f"health-api-invoke-{site}", provider=provider,
                             statement_id="AllowHealthApi", action="lambda:InvokeFunction",
                             principal="apigateway.amazonaws.com",
                             function_name=function.function_name,
                             source_arn=f"{api.execution_arn}/*")
            host = Fn.replace(api.api_endpoint, "https://", "")
            check = Route53HealthCheck(
                self, f"health-check-{site}", fqdn=host, port=443, type="HTTPS",
                resource_path="/health", failure_threshold=3, request_interval=30,
                tags={"Name": f"dr-{site}-{suffix}"})
            sites[site] = (api, host, check)

        zone = Route53Zone(self, "zone", name=f"{suffix}.{domain_name}", force_destroy=True)
        record_name = f"app.{suffix}.{domain_name}"
        for site, (_, host, check) in sites.items():
            Route53Record(
                self, f"failover-{site}", zone_id=zone.zone_id, name=record_name, type="CNAME",
                ttl=60, records=[host], set_identifier=f"{site}-{suffix}",
                health_check_id=check.id,
                failover_routing_policy=Route53RecordFailoverRoutingPolicy(type=site.upper()))

        # Daily backups, copied to a vault in the standby region.
        vault = BackupVault(self, "vault-primary", name=f"dr-vault-primary-{suffix}",
                            force_destroy=True)
        standby_vault = BackupVault(self, "vault-secondary", provider=standby,
                                    name=f"dr-vault-secondary-{suffix}", force_destroy=True)
        plan = BackupPlan(self, "backup-plan", name=f"dr-backup-{suffix}", rule=[BackupPlanRule(
            rule_name="daily", target_vault_name=vault.name, schedule="cron(0 3 * * ? *)",
            lifecycle=BackupPlanRuleLifecycle(delete_after=35),
            copy_action=[BackupPlanRuleCopyAction(
                destination_vault_arn=standby_vault.arn,
                lifecycle=BackupPlanRuleCopyActionLifecycle(delete_after=35))],
        )])
        backup_role = IamRole(self, "backup-role", name=f"dr-backup-{suffix}",
                              assume_role_policy=_assume_role("backup.amazonaws.com"))
        IamRolePolicyAttachment(
            self, "backup-service", role=backup_role.name,
            policy_arn="arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup")
        BackupSelection(self, "backup-selection", name=f"dr-sessions-{suffix}",
                        plan_id=plan.id, iam_role_arn=backup_role.arn, resources=[table.arn])

        TerraformOutput(self, "table_name", value=table.name,
                        description="Global table holding the sessions")
        TerraformOutput(self, "primary_health_url", value=sites["primary"][0].api_endpoint,
                        description="Health endpoint of the primary region")
        TerraformOutput(self, "secondary_health_url", value=sites["secondary"][0].api_endpoint,
                        description="Health endpoint of the standby region")
        TerraformOutput(self, "failover_record", value=record_name,
                        description="DNS name that fails over between the regions")
        TerraformOutput(self, "zone_name_servers", value=zone.name_servers,
                        description="Name servers to delegate the zone to")
