"""checkov checks that matter for reviewing generated CDKTF code, mapped to our taxonomy.

checkov (https://www.checkov.io/5.Policy%20Index/terraform.html) runs several hundred
AWS checks; most are noise for this use (cross-region replication, access logging and
CMKs on every resource, ...). Only the checks below are reported, each with the
category (``data/categories.json``) and severity we give it and why it is in.
Left out on purpose: checks the static rules already report precisely from the
Python source (``COVERED_BY_STATIC``), to avoid two findings for one defect.
Severities follow the static rules of the same family (SEC00x: encryption Medium,
open admin ports Critical) and are lower where the setting is often intentional.
"""
from __future__ import annotations

from dataclasses import dataclass

from iac_review.core.finding import Severity

HARDENING = "security_hardening_missing"
IAM_OPEN = "iam_overly_permissive"
SECRET = "hardcoded_secret_or_password"
OBSERVABILITY = "observability_missing_or_wrong"


@dataclass(frozen=True)
class CheckovCheck:
    category: str
    severity: Severity
    why: str


# Source of every id and its meaning: the checkov policy index for Terraform/AWS
# (https://www.checkov.io/5.Policy%20Index/terraform.html), checked against checkov 3.3.30.
CHECKS: dict[str, CheckovCheck] = {
    # --- public exposure -------------------------------------------------------------
    "CKV_AWS_20": CheckovCheck(HARDENING, Severity.HIGH,
                               "bucket ACL grants public READ: every object is world-readable"),
    "CKV_AWS_57": CheckovCheck(HARDENING, Severity.CRITICAL,
                               "bucket ACL grants public WRITE: anyone can upload or overwrite"),
    "CKV_AWS_53": CheckovCheck(HARDENING, Severity.LOW,
                               "public access block leaves block_public_acls off (SEC002 only checks "
                               "that a block exists; static websites turn it off on purpose)"),
    "CKV_AWS_54": CheckovCheck(HARDENING, Severity.LOW,
                               "public access block leaves block_public_policy off (often intentional "
                               "for a website bucket, so Low)"),
    "CKV_AWS_70": CheckovCheck(HARDENING, Severity.MEDIUM,
                               "bucket policy allows an action to any principal (\"*\")"),
    "CKV_AWS_301": CheckovCheck(HARDENING, Severity.HIGH,
                                "lambda permission lets any principal invoke the function"),
    "CKV_AWS_387": CheckovCheck(HARDENING, Severity.MEDIUM,
                                "SQS queue policy grants access to a wildcard principal"),
    "CKV_AWS_87": CheckovCheck(HARDENING, Severity.HIGH,
                               "Redshift cluster is publicly accessible (SEC003 covers RDS only)"),
    "CKV_AWS_69": CheckovCheck(HARDENING, Severity.HIGH, "Amazon MQ broker is publicly accessible"),
    "CKV_AWS_231": CheckovCheck(HARDENING, Severity.MEDIUM,
                                "network ACL allows RDP (3389) from the internet (SEC004 covers "
                                "security groups only)"),
    "CKV_AWS_232": CheckovCheck(HARDENING, Severity.MEDIUM,
                                "network ACL allows SSH (22) from the internet"),
    "CKV_AWS_100": CheckovCheck(HARDENING, Severity.HIGH,
                                "EKS node group remote access opens SSH to 0.0.0.0/0"),
    # --- encryption at rest / in transit not covered by SEC00x -------------------------
    "CKV_AWS_29": CheckovCheck(HARDENING, Severity.MEDIUM,
                               "ElastiCache replication group without encryption at rest"),
    "CKV_AWS_30": CheckovCheck(HARDENING, Severity.MEDIUM,
                               "ElastiCache replication group without in-transit encryption"),
    "CKV_AWS_64": CheckovCheck(HARDENING, Severity.MEDIUM, "Redshift cluster not encrypted at rest"),
    "CKV_AWS_47": CheckovCheck(HARDENING, Severity.MEDIUM,
                               "DAX cluster not encrypted at rest (the default is unencrypted)"),
    "CKV_AWS_43": CheckovCheck(HARDENING, Severity.MEDIUM,
                               "Kinesis stream without server-side encryption (the default is none)"),
    "CKV_AWS_26": CheckovCheck(HARDENING, Severity.LOW,
                               "SNS topic without KMS encryption (the taxonomy lists SNS; AWS does not "
                               "encrypt topics by default)"),
    "CKV_AWS_3": CheckovCheck(HARDENING, Severity.LOW,
                              "EBS volume not encrypted (Low: account-level default encryption may apply)"),
    "CKV_AWS_8": CheckovCheck(HARDENING, Severity.LOW,
                              "instance / launch configuration block device not encrypted"),
    "CKV_AWS_58": CheckovCheck(HARDENING, Severity.LOW, "EKS cluster without envelope encryption of secrets"),
    "CKV_AWS_83": CheckovCheck(HARDENING, Severity.MEDIUM, "OpenSearch domain does not enforce HTTPS"),
    "CKV_AWS_34": CheckovCheck(HARDENING, Severity.MEDIUM,
                               "CloudFront behaviour allows plain HTTP (viewer_protocol_policy allow-all)"),
    "CKV_AWS_36": CheckovCheck(HARDENING, Severity.MEDIUM,
                               "CloudTrail without log file validation: tampering goes unnoticed"),
    "CKV_AWS_35": CheckovCheck(HARDENING, Severity.LOW, "CloudTrail logs not encrypted with a KMS key"),
    "CKV_AWS_28": CheckovCheck(HARDENING, Severity.LOW,
                               "DynamoDB table without point-in-time recovery (often required by prompts)"),
    # --- IAM ---------------------------------------------------------------------------
    "CKV_AWS_274": CheckovCheck(IAM_OPEN, Severity.HIGH,
                                "AdministratorAccess attached to a role, user or group (AWS005 only "
                                "sees inline *:* statements)"),
    "CKV_AWS_60": CheckovCheck(IAM_OPEN, Severity.HIGH, "role trust policy lets any principal assume it"),
    "CKV_AWS_33": CheckovCheck(IAM_OPEN, Severity.MEDIUM, "KMS key policy grants a wildcard principal"),
    # --- secrets -----------------------------------------------------------------------
    "CKV_AWS_41": CheckovCheck(SECRET, Severity.CRITICAL, "AWS access keys hardcoded in the provider block"),
    "CKV_AWS_45": CheckovCheck(SECRET, Severity.HIGH, "credential-like value in Lambda environment variables"),
    "CKV_AWS_46": CheckovCheck(SECRET, Severity.HIGH, "credential-like value in EC2 user data"),
    # --- observability the corpus reviewers ask for ------------------------------------
    "CKV2_AWS_11": CheckovCheck(OBSERVABILITY, Severity.LOW, "VPC without flow logs"),
    "CKV_AWS_65": CheckovCheck(OBSERVABILITY, Severity.LOW, "ECS cluster without Container Insights"),
    "CKV_AWS_76": CheckovCheck(OBSERVABILITY, Severity.LOW, "API Gateway stage without access logging"),
}

# Checks left out because a static rule reports the same defect from the Python source.
COVERED_BY_STATIC: dict[str, str] = {
    "CKV_AWS_7": "SEC001",      # KMS rotation
    "CKV2_AWS_6": "SEC002",     # S3 public access block
    "CKV_AWS_19": "SEC002",     # S3 encryption
    "CKV_AWS_145": "SEC002",
    "CKV_AWS_16": "SEC003",     # RDS encryption
    "CKV_AWS_96": "SEC003",
    "CKV_AWS_74": "SEC003",     # DocumentDB encryption
    "CKV_AWS_17": "SEC003",     # RDS public
    "CKV_AWS_24": "SEC004",     # SSH from the world
    "CKV_AWS_25": "SEC004",     # RDP
    "CKV_AWS_260": "SEC004",    # HTTP
    "CKV_AWS_277": "SEC004",    # all ports
    "CKV_AWS_79": "SEC005",     # IMDSv2
    "CKV_AWS_158": "SEC006",    # log group KMS
    "CKV_AWS_2": "SEC007",      # HTTP listener
    "CKV2_AWS_57": "SEC008",    # secret rotation
    "CKV_AWS_62": "AWS005",     # *:* admin policy
    "CKV_AWS_63": "AWS005",
}


def check_for(check_id: str) -> CheckovCheck | None:
    """Our mapping of a checkov check id, or None when the check is not reported."""
    return CHECKS.get(check_id)
