"""Physical resource names: which argument names a resource, and the rules AWS
applies to it (length, characters, prefixes).

Used on source templates (``check_template``: literal parts known, formatted
parts unknown) and on synthesized values (``check_name``). Each rule cites the
service documentation it comes from; where the Terraform AWS provider
validates more strictly than the API (lowercase-only RDS identifiers), the
provider's validation is what fails first and is what is listed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_IAM_DOCS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"
_RDS_DOCS = ("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/"
             "CHAP_Limits.html#RDS_Limits.Constraints")
_ELB_DOCS = ("https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/"
             "API_CreateLoadBalancer.html")


@dataclass(frozen=True)
class NameRule:
    label: str                      # "S3 bucket name"
    max_len: int
    chars: str                      # regex character-class body of the allowed characters
    chars_text: str                 # the same in words
    docs: str
    min_len: int = 1
    first: str | None = None        # class body the first character must be in
    first_text: str = ""
    last: str | None = None         # class body the last character must be in
    no_runs: tuple[str, ...] = ()   # forbidden substrings, e.g. "--", ".."
    bad_prefixes: tuple[str, ...] = ()   # compared case-insensitively
    bad_suffixes: tuple[str, ...] = ()
    required_prefix: str | None = None
    fifo_suffix: bool = False       # ".fifo" may end the name (SQS / SNS FIFO)


@dataclass(frozen=True)
class NameArg:
    arg: str                        # Python / Terraform argument name
    physical: bool                  # True: must be unique per account (and region)
    rule: NameRule | None = None


# S3: "General purpose bucket naming rules", Amazon S3 User Guide:
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
S3_BUCKET = NameRule(
    "S3 bucket name", 63, "a-z0-9.-", "lowercase letters, digits, dots and hyphens",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
    min_len=3, first="a-z0-9", first_text="a lowercase letter or digit", last="a-z0-9",
    no_runs=("..",), bad_prefixes=("xn--", "sthree-", "amzn-s3-demo-"),
    bad_suffixes=("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"))

# Elastic Load Balancing API Reference, CreateLoadBalancer / CreateTargetGroup `Name`:
# at most 32 alphanumerics and hyphens, not beginning or ending with a hyphen,
# a load balancer name not beginning with "internal-".
LOAD_BALANCER = NameRule("load balancer name", 32, "a-zA-Z0-9-", "letters, digits and hyphens",
                         _ELB_DOCS, first="a-zA-Z0-9", first_text="a letter or digit",
                         last="a-zA-Z0-9", bad_prefixes=("internal-",))
TARGET_GROUP = NameRule("target group name", 32, "a-zA-Z0-9-", "letters, digits and hyphens",
                        "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/"
                        "API_CreateTargetGroup.html",
                        first="a-zA-Z0-9", first_text="a letter or digit", last="a-zA-Z0-9")

# IAM quotas and name requirements (IAM User Guide, "IAM object quotas" and
# the CreateRole/CreatePolicy API `RoleName`/`PolicyName` patterns [\w+=,.@-]+).
_IAM_CHARS = r"\w+=,.@-"
_IAM_TEXT = "letters, digits and +=,.@_-"
IAM_ROLE = NameRule("IAM role name", 64, _IAM_CHARS, _IAM_TEXT, _IAM_DOCS)
IAM_USER = NameRule("IAM user name", 64, _IAM_CHARS, _IAM_TEXT, _IAM_DOCS)
IAM_POLICY = NameRule("IAM policy name", 128, _IAM_CHARS, _IAM_TEXT, _IAM_DOCS)
IAM_GROUP = NameRule("IAM group name", 128, _IAM_CHARS, _IAM_TEXT, _IAM_DOCS)
IAM_INSTANCE_PROFILE = NameRule("IAM instance profile name", 128, _IAM_CHARS, _IAM_TEXT, _IAM_DOCS)
IAM_INLINE_POLICY = NameRule("IAM inline policy name", 128, _IAM_CHARS, _IAM_TEXT, _IAM_DOCS)

# Lambda API Reference, CreateFunction `FunctionName` (64 characters for a plain name).
LAMBDA_FUNCTION = NameRule("Lambda function name", 64, "a-zA-Z0-9_-",
                           "letters, digits, hyphens and underscores",
                           "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html")
LAMBDA_LAYER = NameRule("Lambda layer name", 140, "a-zA-Z0-9_-",
                        "letters, digits, hyphens and underscores",
                        "https://docs.aws.amazon.com/lambda/latest/api/"
                        "API_PublishLayerVersion.html")

# SQS Developer Guide, "Amazon SQS queue quotas": 80 characters, alphanumerics,
# hyphens and underscores; a FIFO queue name ends with ".fifo" (counted).
SQS_QUEUE = NameRule("SQS queue name", 80, "a-zA-Z0-9_-",
                     "letters, digits, hyphens and underscores (plus a final .fifo)",
                     "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/"
                     "SQSDeveloperGuide/quotas-queues.html", fifo_suffix=True)
# SNS API Reference, CreateTopic `Name`: up to 256 alphanumerics, hyphens, underscores.
SNS_TOPIC = NameRule("SNS topic name", 256, "a-zA-Z0-9_-",
                     "letters, digits, hyphens and underscores (plus a final .fifo)",
                     "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html",
                     fifo_suffix=True)
# DynamoDB Developer Guide, "Naming rules": tables 3-255 of a-z A-Z 0-9 _ - .
DYNAMODB_TABLE = NameRule("DynamoDB table name", 255, "a-zA-Z0-9_.-",
                          "letters, digits, underscores, hyphens and dots",
                          "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
                          "HowItWorks.NamingRulesDataTypes.html", min_len=3)
# CloudWatch Logs API Reference, CreateLogGroup `logGroupName`: 1-512 of [\.\-_/#A-Za-z0-9].
LOG_GROUP = NameRule("log group name", 512, r"a-zA-Z0-9._/#-",
                     "letters, digits and . _ - / #",
                     "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/"
                     "API_CreateLogGroup.html")
# KMS API Reference, CreateAlias `AliasName`: "alias/" + [a-zA-Z0-9/_-], 256 max,
# and the alias/aws/ prefix is reserved for AWS managed keys.
KMS_ALIAS = NameRule("KMS alias name", 256, "a-zA-Z0-9/_-",
                     "letters, digits and / _ -",
                     "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html",
                     required_prefix="alias/", bad_prefixes=("alias/aws/",))
# Secrets Manager API Reference, CreateSecret `Name`: 512 of [a-zA-Z0-9/_+=.@-].
SECRET = NameRule("Secrets Manager secret name", 512, "a-zA-Z0-9/_+=.@-",
                  "letters, digits and /_+=.@-",
                  "https://docs.aws.amazon.com/secretsmanager/latest/apireference/"
                  "API_CreateSecret.html")
# Systems Manager User Guide, "Requirements and constraints for parameter names".
SSM_PARAMETER = NameRule("SSM parameter name", 2048, "a-zA-Z0-9_./-",
                         "letters, digits and _ . - /",
                         "https://docs.aws.amazon.com/systems-manager/latest/userguide/"
                         "sysman-paramstore-su-create.html",
                         bad_prefixes=("aws", "ssm", "/aws", "/ssm"))
# ECR API Reference, CreateRepository `repositoryName`.
ECR_REPOSITORY = NameRule("ECR repository name", 256, "a-z0-9._/-",
                          "lowercase letters, digits and . _ - /",
                          "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/"
                          "API_CreateRepository.html",
                          min_len=2, first="a-z0-9", first_text="a lowercase letter or digit")
# ECS API Reference, CreateCluster / CreateService / RegisterTaskDefinition:
# up to 255 letters, numbers, underscores and hyphens.
_ECS_CHARS, _ECS_TEXT = "a-zA-Z0-9_-", "letters, digits, hyphens and underscores"
ECS_CLUSTER = NameRule("ECS cluster name", 255, _ECS_CHARS, _ECS_TEXT,
                       "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/"
                       "API_CreateCluster.html")
ECS_SERVICE = NameRule("ECS service name", 255, _ECS_CHARS, _ECS_TEXT,
                       "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/"
                       "API_CreateService.html")
ECS_FAMILY = NameRule("ECS task definition family", 255, _ECS_CHARS, _ECS_TEXT,
                      "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/"
                      "API_RegisterTaskDefinition.html")
# Kinesis Data Streams API Reference, CreateStream `StreamName`: 1-128 of [a-zA-Z0-9_.-].
KINESIS_STREAM = NameRule("Kinesis stream name", 128, "a-zA-Z0-9_.-",
                          "letters, digits, underscores, dots and hyphens",
                          "https://docs.aws.amazon.com/kinesis/latest/APIReference/"
                          "API_CreateStream.html")
# Firehose API Reference, CreateDeliveryStream `DeliveryStreamName`: 1-64 of [a-zA-Z0-9_.-].
FIREHOSE_STREAM = NameRule("Firehose stream name", 64, "a-zA-Z0-9_.-",
                           "letters, digits, underscores, dots and hyphens",
                           "https://docs.aws.amazon.com/firehose/latest/APIReference/"
                           "API_CreateDeliveryStream.html")
# Step Functions API Reference, CreateStateMachine `name`: 1-80 characters.
STATE_MACHINE = NameRule("Step Functions state machine name", 80, "a-zA-Z0-9_-",
                         "letters, digits, hyphens and underscores",
                         "https://docs.aws.amazon.com/step-functions/latest/apireference/"
                         "API_CreateStateMachine.html")
# EventBridge API Reference, PutRule `Name`: 1-64 of [\.\-_A-Za-z0-9]; CreateEventBus 256.
EVENT_RULE = NameRule("EventBridge rule name", 64, "a-zA-Z0-9._-",
                      "letters, digits, dots, hyphens and underscores",
                      "https://docs.aws.amazon.com/eventbridge/latest/APIReference/"
                      "API_PutRule.html")
EVENT_BUS = NameRule("EventBridge event bus name", 256, "a-zA-Z0-9/._-",
                     "letters, digits and / . - _",
                     "https://docs.aws.amazon.com/eventbridge/latest/APIReference/"
                     "API_CreateEventBus.html")
# CloudWatch Synthetics API Reference, CreateCanary `Name`: 1-21 of ^[0-9a-z_\-]+$.
CANARY = NameRule("Synthetics canary name", 21, "a-z0-9_-",
                  "lowercase letters, digits, hyphens and underscores",
                  "https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/"
                  "API_CreateCanary.html")
# OpenSearch Service API Reference, CreateDomain `DomainName`: 3-28, [a-z][a-z0-9\-]+.
SEARCH_DOMAIN = NameRule("OpenSearch domain name", 28, "a-z0-9-",
                         "lowercase letters, digits and hyphens",
                         "https://docs.aws.amazon.com/opensearch-service/latest/APIReference/"
                         "API_CreateDomain.html",
                         min_len=3, first="a-z", first_text="a lowercase letter")
# RDS: DB instance / cluster identifiers 1-63 letters, digits, hyphens, first a
# letter, no two consecutive hyphens, no trailing hyphen (RDS User Guide,
# "Naming constraints"); the Terraform provider additionally accepts only
# lowercase ("only lowercase alphanumeric characters and hyphens allowed").
_LOWER_ID = dict(first="a-z", first_text="a lowercase letter", last="a-z0-9", no_runs=("--",))
DB_IDENTIFIER = NameRule("RDS DB identifier", 63, "a-z0-9-",
                         "lowercase letters, digits and hyphens", _RDS_DOCS, **_LOWER_ID)
DOCDB_IDENTIFIER = NameRule("cluster identifier", 63, "a-z0-9-",
                            "lowercase letters, digits and hyphens", _RDS_DOCS, **_LOWER_ID)
REDSHIFT_IDENTIFIER = NameRule("Redshift cluster identifier", 63, "a-z0-9-",
                               "lowercase letters, digits and hyphens",
                               "https://docs.aws.amazon.com/redshift/latest/APIReference/"
                               "API_CreateCluster.html", **_LOWER_ID)
DB_PARAMETER_GROUP = NameRule("DB parameter group name", 255, "a-z0-9-",
                              "lowercase letters, digits and hyphens", _RDS_DOCS, **_LOWER_ID)
DB_OPTION_GROUP = NameRule("DB option group name", 255, "a-z0-9-",
                           "lowercase letters, digits and hyphens", _RDS_DOCS, **_LOWER_ID)
# DB subnet group: the provider accepts lowercase alphanumerics, hyphens,
# underscores, periods and spaces, 255 max, and not the name "default".
DB_SUBNET_GROUP = NameRule("DB subnet group name", 255, "a-z0-9_. -",
                           "lowercase letters, digits, hyphens, underscores, dots and spaces",
                           _RDS_DOCS)
# Database name inside an instance/cluster: letters, digits and underscores,
# beginning with a letter; hyphens are rejected by every engine (PostgreSQL
# 63, MySQL 64 characters). RDS API Reference, CreateDBCluster `DatabaseName`.
DATABASE_NAME = NameRule("database name", 64, "a-zA-Z0-9_", "letters, digits and underscores",
                         "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/"
                         "API_CreateDBCluster.html",
                         first="a-zA-Z", first_text="a letter")
# ElastiCache API Reference, CreateReplicationGroup `ReplicationGroupId` (1-40)
# and CreateCacheCluster `CacheClusterId` (1-50): letters/digits/hyphens, first
# a letter, no "--", no trailing hyphen; the provider accepts lowercase only.
REPLICATION_GROUP = NameRule("ElastiCache replication group id", 40, "a-z0-9-",
                             "lowercase letters, digits and hyphens",
                             "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/"
                             "API_CreateReplicationGroup.html", **_LOWER_ID)
CACHE_CLUSTER = NameRule("ElastiCache cluster id", 50, "a-z0-9-",
                         "lowercase letters, digits and hyphens",
                         "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/"
                         "API_CreateCacheCluster.html", **_LOWER_ID)
# DMS API Reference, CreateReplicationInstance `ReplicationInstanceIdentifier`.
DMS_INSTANCE = NameRule("DMS replication instance id", 63, "a-z0-9-",
                        "lowercase letters, digits and hyphens",
                        "https://docs.aws.amazon.com/dms/latest/APIReference/"
                        "API_CreateReplicationInstance.html", **_LOWER_ID)
# EKS API Reference, CreateCluster `name`: 1-100, ^[0-9A-Za-z][A-Za-z0-9\-_]*$.
EKS_CLUSTER = NameRule("EKS cluster name", 100, "a-zA-Z0-9_-",
                       "letters, digits, hyphens and underscores",
                       "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html",
                       first="a-zA-Z0-9", first_text="a letter or digit")
# MSK API Reference, CreateCluster `ClusterName`: 1-64.
MSK_CLUSTER = NameRule("MSK cluster name", 64, "a-zA-Z0-9-", "letters, digits and hyphens",
                       "https://docs.aws.amazon.com/msk/1.0/apireference/clusters.html",
                       first="a-zA-Z0-9", first_text="a letter or digit")
# Amazon MQ API Reference, CreateBroker `BrokerName`: 1-50.
MQ_BROKER = NameRule("Amazon MQ broker name", 50, "a-zA-Z0-9_-",
                     "letters, digits, hyphens and underscores",
                     "https://docs.aws.amazon.com/amazon-mq/latest/api-reference/brokers.html")
# EC2 API Reference, CreateSecurityGroup `GroupName`: 255, cannot start with "sg-".
SECURITY_GROUP = NameRule("security group name", 255, r"a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*",
                          "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
                          "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/"
                          "API_CreateSecurityGroup.html", bad_prefixes=("sg-",))
# CloudTrail API Reference, CreateTrail `Name`: 3-128, letters, digits, . _ -,
# beginning with a letter or digit.
TRAIL = NameRule("CloudTrail trail name", 128, "a-zA-Z0-9._-",
                 "letters, digits, dots, underscores and hyphens",
                 "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/"
                 "API_CreateTrail.html",
                 min_len=3, first="a-zA-Z0-9", first_text="a letter or digit",
                 last="a-zA-Z0-9")
# CloudWatch dashboards: 255, "A-Z, a-z, 0-9, -, and _" (PutDashboard).
DASHBOARD = NameRule("CloudWatch dashboard name", 255, "a-zA-Z0-9_-",
                     "letters, digits, hyphens and underscores",
                     "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/"
                     "API_PutDashboard.html")
# Athena API Reference, CreateWorkGroup `Name`: 1-128 of [a-zA-Z0-9._-].
ATHENA_WORKGROUP = NameRule("Athena workgroup name", 128, "a-zA-Z0-9._-",
                            "letters, digits, dots, underscores and hyphens",
                            "https://docs.aws.amazon.com/athena/latest/APIReference/"
                            "API_CreateWorkGroup.html")
# EventBridge Scheduler API Reference, CreateSchedule `Name`: 1-64 of [0-9a-zA-Z-_.]+.
SCHEDULE = NameRule("EventBridge Scheduler schedule name", 64, "a-zA-Z0-9._-",
                    "letters, digits, dots, underscores and hyphens",
                    "https://docs.aws.amazon.com/scheduler/latest/APIReference/"
                    "API_CreateSchedule.html")
# CloudFront API Reference, CreateFunction `Name`: 1-64 of [a-zA-Z0-9-_].
CLOUDFRONT_FUNCTION = NameRule("CloudFront function name", 64, "a-zA-Z0-9_-",
                               "letters, digits, hyphens and underscores",
                               "https://docs.aws.amazon.com/cloudfront/latest/APIReference/"
                               "API_CreateFunction.html")
# AWS Backup API Reference, CreateBackupVault `BackupVaultName`: 2-50.
BACKUP_VAULT = NameRule("backup vault name", 50, "a-zA-Z0-9_.-",
                        "letters, digits, hyphens, underscores and dots",
                        "https://docs.aws.amazon.com/aws-backup/latest/devguide/"
                        "API_CreateBackupVault.html", min_len=2)
# CodeBuild API Reference, CreateProject `name`: 2-150, [A-Za-z0-9][A-Za-z0-9\-_]{1,149}.
CODEBUILD_PROJECT = NameRule("CodeBuild project name", 150, "a-zA-Z0-9_-",
                             "letters, digits, hyphens and underscores",
                             "https://docs.aws.amazon.com/codebuild/latest/APIReference/"
                             "API_CreateProject.html",
                             min_len=2, first="a-zA-Z0-9", first_text="a letter or digit")
# EC2 API Reference, CreateLaunchTemplate `LaunchTemplateName`: 3-128 of [a-zA-Z0-9().\-/_].
LAUNCH_TEMPLATE = NameRule("launch template name", 128, r"a-zA-Z0-9().\-/_",
                           "letters, digits and ( ) . - / _",
                           "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/"
                           "API_CreateLaunchTemplate.html", min_len=3)
# WAFv2 API Reference, CreateWebACL `Name`: 1-128 of ^[\w\-]+$.
WAF_WEB_ACL = NameRule("WAF web ACL name", 128, r"\w-", "letters, digits, underscores and hyphens",
                       "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html")


# Terraform type -> its name arguments. `physical`: the name must be unique in
# the account (and region), so two deployments with the same name collide.
# Names scoped to a parent the stack creates itself (security group in its own
# VPC, ECS service in its own cluster, inline policy of its own role, database
# inside its own cluster) are not physical in that sense.
NAME_ARGS: dict[str, tuple[NameArg, ...]] = {
    "aws_s3_bucket": (NameArg("bucket", True, S3_BUCKET),),
    "aws_lb": (NameArg("name", True, LOAD_BALANCER),),
    "aws_alb": (NameArg("name", True, LOAD_BALANCER),),
    "aws_lb_target_group": (NameArg("name", True, TARGET_GROUP),),
    "aws_alb_target_group": (NameArg("name", True, TARGET_GROUP),),
    "aws_iam_role": (NameArg("name", True, IAM_ROLE),),
    "aws_iam_user": (NameArg("name", True, IAM_USER),),
    "aws_iam_policy": (NameArg("name", True, IAM_POLICY),),
    "aws_iam_group": (NameArg("name", True, IAM_GROUP),),
    "aws_iam_instance_profile": (NameArg("name", True, IAM_INSTANCE_PROFILE),),
    "aws_iam_role_policy": (NameArg("name", False, IAM_INLINE_POLICY),),
    "aws_lambda_function": (NameArg("function_name", True, LAMBDA_FUNCTION),),
    "aws_lambda_layer_version": (NameArg("layer_name", False, LAMBDA_LAYER),),
    "aws_sqs_queue": (NameArg("name", True, SQS_QUEUE),),
    "aws_sns_topic": (NameArg("name", True, SNS_TOPIC),),
    "aws_dynamodb_table": (NameArg("name", True, DYNAMODB_TABLE),),
    "aws_cloudwatch_log_group": (NameArg("name", True, LOG_GROUP),),
    "aws_kms_alias": (NameArg("name", True, KMS_ALIAS),),
    "aws_secretsmanager_secret": (NameArg("name", True, SECRET),),
    "aws_ssm_parameter": (NameArg("name", True, SSM_PARAMETER),),
    "aws_ecr_repository": (NameArg("name", True, ECR_REPOSITORY),),
    "aws_ecs_cluster": (NameArg("name", True, ECS_CLUSTER),),
    "aws_ecs_service": (NameArg("name", False, ECS_SERVICE),),
    "aws_ecs_task_definition": (NameArg("family", False, ECS_FAMILY),),
    "aws_kinesis_stream": (NameArg("name", True, KINESIS_STREAM),),
    "aws_kinesis_firehose_delivery_stream": (NameArg("name", True, FIREHOSE_STREAM),),
    "aws_sfn_state_machine": (NameArg("name", True, STATE_MACHINE),),
    "aws_cloudwatch_event_rule": (NameArg("name", True, EVENT_RULE),),
    "aws_cloudwatch_event_bus": (NameArg("name", True, EVENT_BUS),),
    "aws_cloudwatch_metric_alarm": (NameArg("alarm_name", True, None),),
    "aws_cloudwatch_dashboard": (NameArg("dashboard_name", True, DASHBOARD),),
    "aws_synthetics_canary": (NameArg("name", True, CANARY),),
    "aws_opensearch_domain": (NameArg("domain_name", True, SEARCH_DOMAIN),),
    "aws_elasticsearch_domain": (NameArg("domain_name", True, SEARCH_DOMAIN),),
    "aws_db_instance": (NameArg("identifier", True, DB_IDENTIFIER),
                        NameArg("db_name", False, DATABASE_NAME)),
    "aws_rds_cluster": (NameArg("cluster_identifier", True, DB_IDENTIFIER),
                        NameArg("database_name", False, DATABASE_NAME)),
    "aws_rds_cluster_instance": (NameArg("identifier", True, DB_IDENTIFIER),),
    "aws_rds_global_cluster": (NameArg("global_cluster_identifier", True, None),
                               NameArg("database_name", False, DATABASE_NAME)),
    "aws_db_subnet_group": (NameArg("name", True, DB_SUBNET_GROUP),),
    "aws_db_parameter_group": (NameArg("name", True, DB_PARAMETER_GROUP),),
    "aws_rds_cluster_parameter_group": (NameArg("name", True, DB_PARAMETER_GROUP),),
    "aws_db_option_group": (NameArg("name", True, DB_OPTION_GROUP),),
    "aws_docdb_cluster": (NameArg("cluster_identifier", True, DOCDB_IDENTIFIER),),
    "aws_neptune_cluster": (NameArg("cluster_identifier", True, DOCDB_IDENTIFIER),),
    "aws_redshift_cluster": (NameArg("cluster_identifier", True, REDSHIFT_IDENTIFIER),
                             NameArg("database_name", False, None)),
    "aws_elasticache_replication_group": (
        NameArg("replication_group_id", True, REPLICATION_GROUP),),
    "aws_elasticache_cluster": (NameArg("cluster_id", True, CACHE_CLUSTER),),
    "aws_elasticache_subnet_group": (NameArg("name", True, None),),
    "aws_elasticache_parameter_group": (NameArg("name", True, None),),
    "aws_dms_replication_instance": (NameArg("replication_instance_id", True, DMS_INSTANCE),),
    "aws_eks_cluster": (NameArg("name", True, EKS_CLUSTER),),
    "aws_msk_cluster": (NameArg("cluster_name", True, MSK_CLUSTER),),
    "aws_mq_broker": (NameArg("broker_name", True, MQ_BROKER),),
    "aws_security_group": (NameArg("name", False, SECURITY_GROUP),),
    "aws_cloudtrail": (NameArg("name", True, TRAIL),),
    "aws_athena_workgroup": (NameArg("name", True, ATHENA_WORKGROUP),),
    "aws_scheduler_schedule": (NameArg("name", True, SCHEDULE),),
    "aws_cloudfront_function": (NameArg("name", True, CLOUDFRONT_FUNCTION),),
    "aws_backup_vault": (NameArg("name", True, BACKUP_VAULT),),
    "aws_backup_plan": (NameArg("name", True, None),),
    "aws_codebuild_project": (NameArg("name", True, CODEBUILD_PROJECT),),
    "aws_codepipeline": (NameArg("name", True, None),),
    "aws_launch_template": (NameArg("name", True, LAUNCH_TEMPLATE),),
    "aws_autoscaling_group": (NameArg("name", True, None),),
    "aws_wafv2_web_acl": (NameArg("name", True, WAF_WEB_ACL),),
    "aws_glue_job": (NameArg("name", True, None),),
    "aws_glue_crawler": (NameArg("name", True, None),),
    "aws_glue_catalog_database": (NameArg("name", True, None),),
    "aws_config_configuration_recorder": (NameArg("name", True, None),),
    "aws_config_delivery_channel": (NameArg("name", True, None),),
    "aws_config_config_rule": (NameArg("name", True, None),),
    "aws_key_pair": (NameArg("key_name", True, None),),
    "aws_db_proxy": (NameArg("name", True, None),),
    "aws_cloudfront_origin_access_control": (NameArg("name", True, None),),
    "aws_cloudfront_cache_policy": (NameArg("name", True, None),),
    "aws_cloudfront_response_headers_policy": (NameArg("name", True, None),),
    "aws_sfn_activity": (NameArg("name", True, None),),
    "aws_ssm_document": (NameArg("name", True, None),),
    "aws_cognito_user_pool_domain": (NameArg("domain", True, None),),
    "aws_apigatewayv2_domain_name": (NameArg("domain_name", False, None),),
    "aws_servicediscovery_private_dns_namespace": (NameArg("name", False, None),),
}


# Names AWS services require verbatim: a suffix would break the service, so
# they are exempt from "add the environment suffix" advice. Sources: AWS DMS
# User Guide, "Creating the IAM roles to use with AWS DMS" (dms-vpc-role,
# dms-cloudwatch-logs-role, dms-access-for-endpoint); CloudFormation User
# Guide, "Grant self-managed permissions" for StackSets (the two StackSet roles).
REQUIRED_NAMES: dict[str, frozenset[str]] = {
    "aws_iam_role": frozenset({
        "dms-vpc-role", "dms-cloudwatch-logs-role", "dms-access-for-endpoint",
        "AWSCloudFormationStackSetAdministrationRole", "AWSCloudFormationStackSetExecutionRole",
    }),
}


def required_name(tf_type: str | None, value: str) -> bool:
    """Whether a literal name is one an AWS service requires exactly as written."""
    return value in REQUIRED_NAMES.get(tf_type or "", frozenset())


def name_args(tf_type: str | None) -> tuple[NameArg, ...]:
    return NAME_ARGS.get(tf_type or "", ())


def _bad_chars(rule: NameRule, text: str) -> list[str]:
    return sorted(set(re.sub(f"[{rule.chars}]", "", text)))


def _describe(chars: list[str]) -> str:
    shown = []
    for char in chars:
        if char == " ":
            shown.append("space")
        elif char.isupper():
            shown.append("uppercase")
        else:
            shown.append(repr(char))
    unique = list(dict.fromkeys(shown))
    return ", ".join(unique)


def check_template(tf_type: str | None, parts: list[str | None], arg: str | None = None
                   ) -> list[str]:
    """Problems certain from a name template's literal parts.

    ``parts`` is the name as literal strings and ``None`` for each formatted
    (unknown) part; every unknown part is assumed to be at least one allowed
    character. Returns human-readable problems, empty when none is certain.
    """
    rule = _rule_for(tf_type, arg)
    if rule is None or not parts:
        return []
    problems: list[str] = []
    literal = [p for p in parts if p is not None]
    placeholders = len(parts) - len(literal)
    joined_literal = "".join(literal)
    checked_literal = joined_literal
    if rule.fifo_suffix and parts[-1] is not None and parts[-1].endswith(".fifo"):
        checked_literal = "".join(literal[:-1]) + parts[-1][:-len(".fifo")]
    bad = _bad_chars(rule, checked_literal)
    if bad:
        problems.append(f"{rule.label} allows only {rule.chars_text}; the fixed text has "
                        f"{_describe(bad)}")
    minimum = len(joined_literal) + placeholders
    if minimum > rule.max_len:
        if placeholders:
            problems.append(f"{rule.label} is at most {rule.max_len} characters; the fixed text "
                            f"alone is {len(joined_literal)} (at least {minimum} with the "
                            f"formatted parts)")
        else:
            problems.append(f"{rule.label} is at most {rule.max_len} characters; "
                            f"this one has {minimum}")
    if placeholders == 0 and minimum < rule.min_len:
        problems.append(f"{rule.label} needs at least {rule.min_len} characters")
    head = parts[0]
    if rule.first and head:
        if not re.match(f"[{rule.first}]", head[0]):
            problems.append(f"{rule.label} must begin with {rule.first_text}")
    tail = parts[-1]
    if rule.last and tail:
        if not re.match(f"[{rule.last}]", tail[-1]):
            problems.append(f"{rule.label} must not end with {tail[-1]!r}")
    for run in rule.no_runs:
        if any(run in p for p in literal):
            problems.append(f"{rule.label} must not contain {run!r}")
    if head is not None:
        lowered = head.lower()
        prefix = rule.required_prefix
        if prefix:
            whole = len(head) >= len(prefix) or len(parts) == 1
            if not (head.startswith(prefix) if whole else prefix.startswith(head)):
                problems.append(f"{rule.label} must begin with {prefix!r}")
        for prefix in rule.bad_prefixes:
            if lowered.startswith(prefix):
                problems.append(f"{rule.label} must not begin with {prefix!r}")
                break
    if tail is not None:
        for suffix in rule.bad_suffixes:
            if tail.endswith(suffix):
                problems.append(f"{rule.label} must not end with {suffix!r}")
                break
    if rule is S3_BUCKET and placeholders == 0 and re.fullmatch(r"\d+\.\d+\.\d+\.\d+",
                                                                joined_literal):
        problems.append("S3 bucket name must not be formatted as an IP address")
    return problems


def check_name(tf_type: str | None, value: str, arg: str | None = None) -> list[str]:
    """Problems of a fully known name (e.g. a value in synthesized JSON)."""
    return check_template(tf_type, [value], arg)


def name_rule(tf_type: str | None, arg: str | None = None) -> NameRule | None:
    return _rule_for(tf_type, arg)


def _rule_for(tf_type: str | None, arg: str | None) -> NameRule | None:
    entries = name_args(tf_type)
    for entry in entries:
        if arg is None or entry.arg == arg:
            return entry.rule
    return None
