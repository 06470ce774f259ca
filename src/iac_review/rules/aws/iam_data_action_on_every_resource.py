"""IAM policy granting data actions on every resource of a service that can be scoped.

What it finds:
    Allow statements of identity policies whose resources are all wildcards
    (`"*"`, or an ARN whose resource part is `*` or `<type>/*`) and whose
    actions are specific actions (or prefixes such as `s3:Get*`) of a service
    that accepts resource ARNs: S3, DynamoDB, SQS, SNS, Secrets Manager, SSM,
    KMS, Kinesis, Lambda, Step Functions, RDS, IAM (the knowledge base's
    `iam_scoped_services.yaml`); CloudWatch Logs too, at Low, since AWS's own
    basic Lambda policy writes logs on every log group. The message names the risk: reading every
    secret or object of the account, or changing and deleting every table.
    `iam:PassRole` on every role is High: it lets the principal hand any role,
    administrators included, to a service it controls. Statements that allow
    `"*"` or a whole service (`"s3:*"`) are AWS005's; resource policies (with
    a principal) are not judged here.

Why it matters:
    Least privilege is what reviewers check first in IAM: a leaked credential
    or a bug in the workload reaches every resource of that kind in the
    account, not the one the workload uses.

Example:
        {"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": "*"}

Use instead:
        {"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": db_secret.arn}

Fix safety:
    No automatic fix: which resources the workload uses is a design fact.

References:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
    https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
"""
from __future__ import annotations

import re
from typing import Iterator

from iac_review.analysis.iam_policies import PolicyStatement, policy_statements
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.iam import scoped_services

# The resource part of an ARN that names every resource (of one type): "*", "*:*", "table/*".
_EVERY = re.compile(r"^(\*|\*:\*|[A-Za-z-]+/\*)$")
_READ = ("get", "read", "receive", "query", "scan", "select", "batchget", "download", "export")
# Actions that use a resource without changing it: invoking a function, using a key,
# starting an execution, publishing or sending a message.
_USE = ("invoke", "decrypt", "encrypt", "reencrypt", "generatedatakey", "sign", "verify",
        "startexecution", "startsyncexecution", "publish", "sendmessage", "putevents")


class IamDataActionOnEveryResource(Rule):
    meta = RuleMeta(
        id="AWS011",
        name="iam-data-action-on-every-resource",
        category="iam_overly_permissive",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="IAM policy granting data actions on every resource of a scopable service",
        why=("Models write `Resource: \"*\"` next to the right actions because the ARN of the resource "
             "is one more thing to wire."),
        impact="Security: the principal reaches every resource of that kind in the account.",
        docs="https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
        training_value="Scope each statement's Resource to the ARNs the workload uses.",
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        services = scoped_services()
        for statement in policy_statements(ctx):
            if not _judged(statement):
                continue
            reached: dict[str, set[str]] = {}
            for action in statement.actions:
                service, _, name = action.partition(":")
                entry = services.get(service.lower())
                if entry is None or not name or action.lower() in entry.left_alone \
                        or name.lower().startswith(("list", "describe")):
                    continue
                reached.setdefault(service.lower(), set()).add(_access(name))
            if not reached:
                continue
            passes_roles = any(a.lower() == "iam:passrole" for a in statement.actions)
            severity = Severity.HIGH if passes_roles else max(
                (Severity.parse(services[s].severity) for s in reached), key=lambda s: s.rank)
            risks = "; ".join(f"{_risk(services[s].what, kinds)}" for s, kinds in sorted(reached.items()))
            shown = ", ".join(f"`{a}`" for a in statement.actions[:4]) + (
                ", ..." if len(statement.actions) > 4 else "")
            yield self.finding(
                ctx, statement.path, statement.node.lineno,
                f"IAM statement allows {shown} on every resource ({_resources(statement)}): {risks}"
                + ("; `iam:PassRole` on every role lets the principal give any role, administrators "
                   "included, to a service it controls" if passes_roles else ""),
                column=statement.node.col_offset + 1,
                severity=severity, docs=services[sorted(reached)[0]].source,
                fix="scope `Resource` to the ARNs of the resources the workload uses",
            )


def _judged(statement: PolicyStatement) -> bool:
    """Allow statements of identity policies, on wildcards only, that AWS005 does not report."""
    if not statement.allow or statement.has_principal or not statement.resources:
        return False
    if not all(_every(r) for r in statement.resources):
        return False
    return not any(a == "*" or a.endswith(":*") for a in statement.actions)


def _every(resource: str) -> bool:
    if resource == "*":
        return True
    parts = resource.split(":", 5)
    return len(parts) == 6 and parts[0] == "arn" and bool(_EVERY.match(parts[5]))


def _access(name: str) -> str:
    name = name.lower()
    if name.startswith(_USE):
        return "use"
    return "read" if name.startswith(_READ) else "modify"


def _risk(what: str, kinds: set[str]) -> str:
    verbs = [verb for verb in ("read", "use", "modify") if verb in kinds]
    joined = verbs[0] if len(verbs) == 1 else ", ".join(verbs[:-1]) + " and " + verbs[-1]
    return f"it can {joined} every {what} in the account"


def _resources(statement: PolicyStatement) -> str:
    return ", ".join(f"`{r}`" for r in statement.resources[:3])
