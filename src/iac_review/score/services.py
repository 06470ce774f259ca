"""AWS services of an answer and the facts the complexity terms read.

Services come from the synthesized resource types when synthesis produced
stacks (``aws_<service>_...`` types), else from the provider modules the
Python code imports (``cdktf_cdktf_provider_aws.s3_bucket`` is read as the
type ``aws_s3_bucket``). Both go through one prefix table. Data sources are
not services (a ``data_aws_caller_identity`` lookup integrates nothing).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

#: resource-type prefix -> service; the longest matching prefix wins.
TYPE_PREFIXES: dict[str, str] = {
    "aws_s3": "s3", "aws_lambda": "lambda", "aws_iam": "iam", "aws_kms": "kms",
    "aws_vpc": "vpc", "aws_subnet": "vpc", "aws_internet_gateway": "vpc",
    "aws_egress_only_internet_gateway": "vpc", "aws_nat_gateway": "vpc",
    "aws_route_table": "vpc", "aws_route": "vpc", "aws_security_group": "vpc",
    "aws_vpc_security_group": "vpc", "aws_eip": "vpc", "aws_network_acl": "vpc",
    "aws_default": "vpc", "aws_flow_log": "vpc", "aws_ec2_transit_gateway": "vpc",
    "aws_route53": "route53", "aws_instance": "ec2", "aws_launch_template": "ec2",
    "aws_key_pair": "ec2", "aws_ebs": "ec2", "aws_ami": "ec2", "aws_ec2": "ec2",
    "aws_autoscaling": "autoscaling", "aws_appautoscaling": "autoscaling",
    "aws_lb": "elbv2", "aws_alb": "elbv2", "aws_elb": "elbv2",
    "aws_db": "rds", "aws_rds": "rds", "aws_dynamodb": "dynamodb",
    "aws_sns": "sns", "aws_sqs": "sqs", "aws_cloudwatch_event": "eventbridge",
    "aws_scheduler": "eventbridge", "aws_pipes": "eventbridge",
    "aws_cloudwatch": "cloudwatch", "aws_sfn": "stepfunctions",
    "aws_kinesis": "kinesis", "aws_kinesis_firehose": "firehose",
    "aws_secretsmanager": "secretsmanager", "aws_wafv2": "waf", "aws_waf": "waf",
    "aws_api_gateway": "apigateway", "aws_apigatewayv2": "apigateway",
    "aws_acm": "acm", "aws_ecs": "ecs", "aws_ecr": "ecr", "aws_eks": "eks",
    "aws_elasticache": "elasticache", "aws_cloudfront": "cloudfront",
    "aws_ssm": "ssm", "aws_backup": "backup", "aws_config": "config",
    "aws_cloudtrail": "cloudtrail", "aws_xray": "xray", "aws_iot": "iot",
    "aws_glue": "glue", "aws_athena": "athena", "aws_efs": "efs",
    "aws_dms": "dms", "aws_guardduty": "guardduty", "aws_securityhub": "securityhub",
    "aws_synthetics": "synthetics", "aws_ses": "ses", "aws_sesv2": "ses",
    "aws_cognito": "cognito", "aws_msk": "msk", "aws_opensearch": "opensearch",
    "aws_elasticsearch": "opensearch", "aws_redshift": "redshift",
    "aws_globalaccelerator": "globalaccelerator", "aws_service_discovery": "cloudmap",
    "aws_codebuild": "codebuild", "aws_codepipeline": "codepipeline",
    "aws_codedeploy": "codedeploy", "aws_sagemaker": "sagemaker",
    "aws_networkfirewall": "networkfirewall", "aws_shield": "shield",
}

EVENT_SERVICES = frozenset({"lambda", "eventbridge", "sqs", "sns", "stepfunctions",
                            "kinesis", "firehose"})
SECURITY_SERVICES = frozenset({"kms", "secretsmanager", "waf"})
IAM_POLICY_TYPES = ("aws_iam_policy", "aws_iam_role_policy")
HA_TYPES = ("aws_autoscaling_group", "aws_appautoscaling_target", "aws_rds_global_cluster",
            "aws_s3_bucket_replication_configuration", "aws_elasticache_replication_group",
            "aws_dynamodb_table_replica", "aws_route53_health_check")

_IMPORT = re.compile(r"cdktf_cdktf_provider_aws\.(\w+)")
_FROM_PKG = re.compile(r"from\s+cdktf_cdktf_provider_aws\s+import\s+\(?([\w\s,]+)\)?")


def service_of(resource_type: str) -> str | None:
    best = None
    for prefix, service in TYPE_PREFIXES.items():
        if resource_type == prefix or resource_type.startswith(prefix + "_"):
            if best is None or len(prefix) > len(best[0]):
                best = (prefix, service)
    return best[1] if best else None


@dataclass
class Facts:
    """What the complexity and override terms read from one answer."""

    source: str                                    # "synth", "imports" or "none"
    types: set[str] = field(default_factory=set)   # aws resource types
    services: set[str] = field(default_factory=set)
    encrypted: bool = False                         # encryption settings seen
    multi_az: bool = False
    subnet_azs: int = 0                             # distinct AZs of subnets (or subnet count)
    provider_regions: int = 0                       # distinct aws provider regions / aliases
    replicas: bool = False


def _synth_stacks(synth) -> dict:
    if synth is None or getattr(synth, "status", None) != "ok":
        return {}
    stacks = getattr(synth, "stacks", None) or {}
    return stacks if isinstance(stacks, dict) else {}


def _from_synth(stacks: dict) -> Facts:
    facts = Facts("synth")
    regions: set[str] = set()
    azs: set[str] = set()
    subnets = 0
    for name in sorted(stacks):
        doc = stacks[name] if isinstance(stacks[name], dict) else {}
        for rtype, blocks in sorted((doc.get("resource") or {}).items()):
            facts.types.add(rtype)
            if not isinstance(blocks, dict):
                continue
            for body in blocks.values():
                if not isinstance(body, dict):
                    continue
                if rtype == "aws_subnet":
                    subnets += 1
                    az = body.get("availability_zone") or body.get("availability_zone_id")
                    if isinstance(az, str):
                        azs.add(az)
                if body.get("multi_az") is True:
                    facts.multi_az = True
                if body.get("replica") or body.get("replicas_per_node_group"):
                    facts.replicas = True
        text = json.dumps(doc.get("resource") or {}, sort_keys=True)
        if re.search(r'"(storage_encrypted|encrypted|at_rest_encryption_enabled)": (true|"true")',
                     text) or re.search(r'"(kms_key_id|kms_master_key_id|kms_key_arn)":', text):
            facts.encrypted = True
        providers = (doc.get("provider") or {}).get("aws") or []
        if isinstance(providers, dict):
            providers = [providers]
        for prov in providers:
            if isinstance(prov, dict):
                regions.add(str(prov.get("region") or prov.get("alias") or ""))
    # tokens as AZs (element(data.azs.names, i)) still differ per subnet: fall back to count
    facts.subnet_azs = len(azs) if len(azs) >= 2 else (subnets if not azs and subnets else len(azs))
    facts.provider_regions = len(regions)
    return facts


def _from_imports(project) -> Facts:
    facts = Facts("imports")
    subnets = 0
    providers = 0
    for src in project.python_files() if project is not None else []:
        text = src.text
        modules = set(_IMPORT.findall(text))
        for match in _FROM_PKG.finditer(text):
            modules.update(m.strip() for m in match.group(1).split(",") if m.strip())
        for module in modules:
            if module.startswith("data_") or module == "provider":
                continue
            facts.types.add("aws_" + module)
        subnets += len(re.findall(r"\bSubnet\(", text))
        providers += len(re.findall(r"\bAwsProvider\(", text))
        if re.search(r"\b(storage_encrypted|encrypted|at_rest_encryption_enabled)\s*=\s*True", text) \
                or re.search(r"\b(kms_key_id|kms_master_key_id|kms_key_arn)\s*=", text):
            facts.encrypted = True
        if re.search(r"\bmulti_az\s*=\s*True", text):
            facts.multi_az = True
        if re.search(r"\breplica\s*=", text):
            facts.replicas = True
    facts.subnet_azs = subnets
    facts.provider_regions = providers
    if not facts.types:
        facts.source = "none"
    return facts


def collect(input_review) -> Facts:
    stacks = _synth_stacks(getattr(input_review, "synth", None))
    facts = _from_synth(stacks) if stacks else _from_imports(getattr(input_review, "project", None))
    facts.services = {s for s in (service_of(t) for t in facts.types) if s}
    return facts


# ---- required services (metadata.json aws_services) ----------------------

#: normalised metadata name -> service. Names not listed are not checked.
REQUIRED_ALIASES: dict[str, str] = {}
for _svc, _names in {
    "vpc": "vpc subnet subnets natgateway nat internetgateway routetable routetableassociation "
           "securitygroup securitygroups eip elasticip networkacl vpcendpoint vpcendpoints "
           "vpcflowlogs flowlog flowlogs vpcpeering transitgateway ec2transitgateway",
    "ec2": "ec2",
    "elbv2": "alb elbv2 elb applicationloadbalancer elasticloadbalancing targetgroup listener "
             "loadbalancer nlb",
    "autoscaling": "autoscaling asg applicationautoscaling",
    "iam": "iam", "s3": "s3",
    "cloudwatch": "cloudwatch cloudwatchlogs cloudwatchalarms cloudwatchdashboards",
    "rds": "rds aurora aurorapostgresql auroramysql rdsaurora rdsaurorapostgresql dbsubnetgroup "
           "rdsproxy auroraserverlessv2 auroraglobaldatabase rdsauroraglobaldatabase",
    "lambda": "lambda", "dynamodb": "dynamodb dynamodbglobaltables",
    "sns": "sns", "sqs": "sqs", "kms": "kms", "secretsmanager": "secretsmanager",
    "eventbridge": "eventbridge cloudwatchevents eventbridgescheduler",
    "stepfunctions": "stepfunctions sfn", "route53": "route53",
    "ecs": "ecs fargate ecsfargate", "acm": "acm", "waf": "waf wafv2",
    "ssm": "ssm systemsmanager ssmparameterstore systemsmanagerparameterstore",
    "ecr": "ecr", "eks": "eks", "backup": "backup", "config": "config",
    "cloudfront": "cloudfront", "elasticache": "elasticache elasticacheserverless valkey",
    "kinesis": "kinesis kinesisdatastreams", "firehose": "firehose kinesisfirehose",
    "cloudtrail": "cloudtrail", "dms": "dms", "apigateway": "apigateway",
    "guardduty": "guardduty", "securityhub": "securityhub", "synthetics": "synthetics",
    "ses": "ses", "iot": "iot iotcore", "globalaccelerator": "globalaccelerator",
    "cloudmap": "cloudmap servicediscovery", "glue": "glue", "athena": "athena",
    "efs": "efs", "cognito": "cognito", "msk": "msk",
}.items():
    for _n in _names.split():
        REQUIRED_ALIASES[_n] = _svc

#: a required service also counts as present when one of these is found
SATISFIED_BY: dict[str, frozenset[str]] = {
    "ec2": frozenset({"ec2", "vpc", "autoscaling"}),   # NAT, EIP, SGs are EC2 API objects
    "vpc": frozenset({"vpc", "ec2"}),
    "elbv2": frozenset({"elbv2"}),
    "eventbridge": frozenset({"eventbridge"}),
}


def normalise_required(name: str) -> str | None:
    text = re.sub(r"\(.*?\)", "", str(name)).lower()
    text = re.sub(r"\b(amazon|aws)\b", "", text)
    key = re.sub(r"[^a-z0-9]", "", text)
    return REQUIRED_ALIASES.get(key)


def required_services(metadata: dict | None) -> list[str]:
    names = (metadata or {}).get("aws_services") or []
    if isinstance(names, str):
        names = [names]
    out: set[str] = set()
    for name in names:
        for part in str(name).split(","):      # one corpus entry lists many in one string
            svc = normalise_required(part)
            if svc:
                out.add(svc)
    return sorted(out)


def missing_required(required: list[str], found: set[str]) -> list[str]:
    return [r for r in required if not (SATISFIED_BY.get(r, frozenset({r})) & found)]
