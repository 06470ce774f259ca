"""KMS key used by an AWS service whose key policy does not allow that service.

What it finds:
    In the synthesized Terraform JSON, a customer managed key named by a
    CloudWatch log group (`kms_key_id`) or a CloudTrail trail (`kms_key_id`)
    whose key policy (its `policy`, an `aws_kms_key_policy`, or the default
    policy when none is given) has no Allow statement for the service
    principal (`logs.<region>.amazonaws.com`, `cloudtrail.amazonaws.com`)
    covering `kms:GenerateDataKey`, or allows CloudWatch Logs of another
    region. With a lower severity: an encrypted SNS topic or SQS queue whose
    key does not allow the service that publishes to it (CloudWatch alarms,
    EventBridge, S3 notifications, SNS subscriptions). Policies it cannot read
    are never judged.

Why it matters:
    The default key policy trusts only the account's IAM principals; services
    that encrypt as themselves are refused. The log group or trail fails to
    create at deploy; an encrypted topic silently drops the alarms and events
    sent to it.

Example:
        key = KmsKey(self, "logs-key", enable_key_rotation=True)
        CloudwatchLogGroup(self, "app-logs", name="/app/dev", kms_key_id=key.arn)

Use instead:
        key = KmsKey(self, "logs-key", enable_key_rotation=True, policy=json.dumps({
            "Version": "2012-10-17",
            "Statement": [
                {"Sid": "Root", "Effect": "Allow", "Action": "kms:*", "Resource": "*",
                 "Principal": {"AWS": f"arn:aws:iam::{current.account_id}:root"}},
                {"Sid": "Logs", "Effect": "Allow", "Resource": "*",
                 "Principal": {"Service": f"logs.{region}.amazonaws.com"},
                 "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*",
                            "kms:GenerateDataKey*", "kms:Describe*"]},
            ],
        }))

Fix safety:
    No automatic fix: the statement grants a service access to the key and
    should be scoped (encryption-context condition) by the author.

References:
    https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
"""
from __future__ import annotations

from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.kms import (ENCRYPTED_TARGETS, KEY_USERS, PUBLISHER_DOCS, PUBLISHERS,
                                      REQUIRED_ACTION, principal_for, service_of)
from iac_review.tfjson.graph import Resource, TerraformGraph
from iac_review.tfjson.locate import label, report
from iac_review.tfjson.policy import action_allowed, principal_services, statement_actions, statements

_DEFAULT = "default"


class KmsKeyPolicyMissingServicePrincipal(Rule):
    meta = RuleMeta(
        id="TFJ001",
        name="kms-key-policy-missing-service-principal",
        category="kms_key_policy_missing_service_principal",
        default_severity=Severity.CRITICAL,
        stage="tfjson",
        summary="KMS key used by an AWS service whose key policy does not allow that service",
        why=("Models create the key and the encrypted log group or trail separately and "
             "never connect them in the key policy; the default policy trusts only IAM "
             "principals of the account."),
        impact=("Deployability: the log group or trail fails to create; encrypted topics "
                "and queues drop what services publish to them."),
        docs="https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
        training_value=("A service that encrypts with a customer managed key as itself "
                        "(CloudWatch Logs, CloudTrail, alarm and event publishers) needs its "
                        "service principal in the key policy."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        graph: TerraformGraph | None = ctx.tfjson
        if graph is None:
            return
        # (key, service, region) -> users, failure text, docs, severity
        found: dict[tuple[int, str, str | None], list] = {}
        for user in KEY_USERS:
            for res in graph.of_type(user.tf_type):
                for key in key_targets(graph, res.get(user.argument), res):
                    region = _region(graph, res) if user.regional else None
                    entry = found.setdefault((id(key), user.service, region),
                                             [key, [], user.failure, user.docs, None,
                                              user.regional])
                    entry[1].append(res)
        for target_type, argument in ENCRYPTED_TARGETS.items():
            for target in graph.of_type(target_type):
                keys = key_targets(graph, target.get(argument), target)
                if not keys:
                    continue
                for publisher in graph.referrers(target):
                    spec = PUBLISHERS.get(publisher.type)
                    if spec is None or not any(
                            target in graph.targets(publisher.get(a), publisher) for a in spec[1]):
                        continue
                    for key in keys:
                        failure = (f"{publisher.type} publishes to {label(target)}, and the "
                                   f"messages are dropped at run time")
                        entry = found.setdefault((id(key), spec[0], None),
                                                 [key, [], failure, PUBLISHER_DOCS,
                                                  Severity.HIGH, False])
                        if publisher not in entry[1]:
                            entry[1].append(publisher)
        for (_, service, region), (key, users, failure, docs, severity, regional) in found.items():
            problem = _policy_problem(graph, key, service, region)
            if problem is None:
                continue
            principal = principal_for(service, region, regional)
            used_by = ", ".join(label(u) for u in users[:3])
            if len(users) > 3:
                used_by += f" and {len(users) - 3} more"
            yield report(
                self, ctx, key,
                f"KMS key {label(key)} is used by {used_by} but {problem}, so it does not "
                f"allow `{principal}`: {failure}",
                fix=(f"add a key policy statement allowing Principal {{\"Service\": "
                     f"\"{principal}\"}} kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, "
                     f"kms:GenerateDataKey*, kms:Describe* (see {docs})"),
                severity=None if severity is None
                else severity,
            )


def key_targets(graph: TerraformGraph, value, within: Resource) -> list[Resource]:
    """The aws_kms_key resources a key argument names (through aliases)."""
    keys: list[Resource] = []
    for target in graph.targets(value, within):
        if target.type == "aws_kms_alias":
            found = graph.targets(target.get("target_key_id"), target, "aws_kms_key")
        elif target.type == "aws_kms_key":
            found = [target]
        else:
            found = []
        keys.extend(k for k in found if k not in keys)
    return keys


def _region(graph: TerraformGraph, resource: Resource) -> str | None:
    provider = graph.provider_of(resource)
    region = provider.region if provider else None
    return region if region and "${" not in region else None


def _key_policy(graph: TerraformGraph, key: Resource):
    """(policy dict or None when unreadable, how it was found)."""
    attached = [p for p in graph.referrers(key, "aws_kms_key_policy")
                if key in graph.targets(p.get("key_id"), p)]
    if attached:
        return graph.policy(attached[0].get("policy"), attached[0]), "policy"
    if key.get("policy") is None:
        return {}, _DEFAULT
    return graph.policy(key.get("policy"), key), "policy"


def _policy_problem(graph: TerraformGraph, key: Resource, service: str, region: str | None
                    ) -> str | None:
    """Why the key policy refuses the service, or None (allowed, or unknown)."""
    doc, how = _key_policy(graph, key)
    if how == _DEFAULT:
        return "it has no key policy (the default policy trusts only the account root)"
    if doc is None:
        return None
    named_elsewhere: list[str] = []
    without_action = False
    for stmt in statements(doc):
        if str(stmt.get("Effect", "Allow")).lower() != "allow":
            continue
        for principal in principal_services(stmt):
            if principal == "*":
                return None
            parsed = service_of(principal)
            if parsed is None:
                if "${" in principal:
                    return None          # a principal it cannot read: unknown
                continue
            name, where = parsed
            if name != service:
                continue
            if region and where and where != region:
                named_elsewhere.append(principal)
                continue
            if action_allowed(statement_actions(stmt), REQUIRED_ACTION):
                return None
            if "NotAction" in stmt:
                return None
            without_action = True
    if named_elsewhere:
        return (f"its policy allows `{named_elsewhere[0]}`, another region than the "
                f"provider's {region}")
    if without_action:
        return f"its statement for {service} does not allow `{REQUIRED_ACTION}*`"
    return "its key policy has no statement for the service"
