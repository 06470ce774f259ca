"""IAM facts: AWS managed policies whose path or name models get wrong.

Only what is certain is listed. A name this table does not know is never
reported as wrong: AWS has over a thousand managed policies.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from iac_review.knowledge.base import entries

# Real AWS managed policies and the path each one lives under ("" = directly
# under policy/). Source: AWS Managed Policy Reference Guide, one page per
# policy with its ARN: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html
MANAGED_POLICY_PATHS: dict[str, str] = {
    # Lambda execution roles (Lambda Developer Guide, "AWS managed policies for Lambda features")
    "AWSLambdaBasicExecutionRole": "service-role/",
    "AWSLambdaVPCAccessExecutionRole": "service-role/",
    "AWSLambdaKinesisExecutionRole": "service-role/",
    "AWSLambdaDynamoDBExecutionRole": "service-role/",
    "AWSLambdaSQSQueueExecutionRole": "service-role/",
    "AWSLambdaRole": "service-role/",
    "AWSLambdaExecute": "",
    "AWSLambda_FullAccess": "",
    "AWSLambda_ReadOnlyAccess": "",
    "CloudWatchLambdaInsightsExecutionRolePolicy": "",
    # AWS Config (Config Developer Guide, "Permissions for the IAM role assigned to AWS Config")
    "AWS_ConfigRole": "service-role/",
    # ECS / EC2 / SSM
    "AmazonECSTaskExecutionRolePolicy": "service-role/",
    "AmazonEC2ContainerServiceforEC2Role": "service-role/",
    "AmazonEC2ContainerServiceRole": "service-role/",
    "AmazonSSMManagedInstanceCore": "",
    "AmazonSSMReadOnlyAccess": "",
    "AmazonSSMFullAccess": "",
    "AmazonEC2RoleforSSM": "service-role/",
    "CloudWatchAgentServerPolicy": "",
    "AmazonEC2ContainerRegistryReadOnly": "",
    "AmazonEC2ContainerRegistryPowerUser": "",
    "AmazonEC2ContainerRegistryFullAccess": "",
    # EKS (EKS User Guide, "AWS managed policies for Amazon EKS")
    "AmazonEKSClusterPolicy": "",
    "AmazonEKSWorkerNodePolicy": "",
    "AmazonEKS_CNI_Policy": "",
    "AmazonEKSVPCResourceController": "",
    "AmazonEKSFargatePodExecutionRolePolicy": "",
    "AmazonEKSServicePolicy": "",
    # RDS, DMS, Backup, API Gateway, Glue
    "AmazonRDSEnhancedMonitoringRole": "service-role/",
    "AmazonDMSVPCManagementRole": "service-role/",
    "AmazonDMSCloudWatchLogsRole": "service-role/",
    "AWSBackupServiceRolePolicyForBackup": "service-role/",
    "AWSBackupServiceRolePolicyForRestores": "service-role/",
    "AmazonAPIGatewayPushToCloudWatchLogs": "service-role/",
    "AWSGlueServiceRole": "service-role/",
    # X-Ray, CloudWatch, Synthetics
    "AWSXRayDaemonWriteAccess": "",
    "AWSXrayReadOnlyAccess": "",
    "AWSXrayWriteOnlyAccess": "",
    "CloudWatchReadOnlyAccess": "",
    "CloudWatchFullAccess": "",
    "CloudWatchLogsFullAccess": "",
    "CloudWatchLogsReadOnlyAccess": "",
    "CloudWatchSyntheticsFullAccess": "",
    # Broad job-function and service policies
    "AdministratorAccess": "",
    "PowerUserAccess": "",
    "ReadOnlyAccess": "",
    "AmazonS3FullAccess": "",
    "AmazonS3ReadOnlyAccess": "",
    "AmazonDynamoDBFullAccess": "",
    "AmazonDynamoDBReadOnlyAccess": "",
    "AmazonRDSFullAccess": "",
    "AmazonRDSReadOnlyAccess": "",
    "AmazonSQSFullAccess": "",
    "AmazonSNSFullAccess": "",
    "AmazonKinesisFullAccess": "",
    "SecretsManagerReadWrite": "",
}

# Names that do not exist, mapped to the real policy meant. Source: the same
# reference (no such policy page), and deploy logs ("Policy
# arn:aws:iam::aws:policy/service-role/ConfigRole does not exist or is not attachable").
HALLUCINATED_POLICY_NAMES: dict[str, str] = {
    "ConfigRole": "AWS_ConfigRole",
}

MANAGED_POLICY_DOCS = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html"

# arn:<partition>:iam::aws:policy/<path><name>; the partition may be a template placeholder.
MANAGED_POLICY_ARN = re.compile(
    r"arn:(?P<partition>aws[a-z-]*|\{\}):iam::aws:policy/(?P<path>(?:[\w+=,.@-]+/)*)(?P<name>[\w+=,.@-]+)$")


@dataclass(frozen=True)
class PolicyArnProblem:
    arn: str
    correct: str   # the ARN to use instead
    reason: str    # "path" (real policy, wrong path) or "name" (no such policy)


def managed_policy_problem(arn: str) -> PolicyArnProblem | None:
    """What is wrong with an AWS managed policy ARN, when the table knows it is wrong."""
    match = MANAGED_POLICY_ARN.match(arn.strip())
    if match is None:
        return None
    partition = match.group("partition")
    prefix = f"arn:{'aws' if partition == '{}' else partition}:iam::aws:policy/"
    path, name = match.group("path"), match.group("name")
    real = HALLUCINATED_POLICY_NAMES.get(name)
    if real is not None:
        return PolicyArnProblem(arn, prefix + MANAGED_POLICY_PATHS[real] + real, "name")
    known_path = MANAGED_POLICY_PATHS.get(name)
    if known_path is not None and path != known_path:
        return PolicyArnProblem(arn, prefix + known_path + name, "path")
    return None


@dataclass(frozen=True)
class ScopedService:
    service: str
    what: str                      # the resources a wildcard grant reaches ("secret")
    left_alone: frozenset[str]     # actions never reported (only "*" accepted, or routine)
    source: str
    severity: str = "Medium"       # of a wildcard grant on it


@lru_cache(maxsize=1)
def scoped_services() -> dict[str, ScopedService]:
    """Services whose data actions take resource ARNs (iam_scoped_services.yaml)."""
    return {e["service"]: ScopedService(e["service"], e["what"],
                                        frozenset(a.lower() for a in e.get("left_alone") or ()),
                                        e["source"], e.get("severity", "Medium"))
            for e in entries("iam_scoped_services")}
