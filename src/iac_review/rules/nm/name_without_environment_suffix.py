"""Physical resource name that does not carry the environment suffix.

What it finds:
    In a project that has an environment suffix (a stack parameter such as
    `environment_suffix`, or an `ENVIRONMENT_SUFFIX` variable it reads), the
    physical-name argument of a resource (S3 `bucket`, `name` of roles,
    policies, queues, topics, tables, log groups, KMS aliases, secrets,
    `function_name`, `cluster_identifier`, ...) given as a literal, or as an
    f-string / concatenation none of whose parts is the suffix or a value
    derived from it. Names built by a call the analysis cannot read are not
    reported, nor names AWS requires verbatim (`dms-vpc-role`).

Why it matters:
    These names are unique per account (and region). A second deployment of
    the same code (another environment, another pull request, a re-run while
    the previous stack still exists) fails at deploy with an already-exists
    error, and tearing one deployment down can delete the other's resource.

Example:
        KmsAlias(self, "alias", name=f"alias/trading-{self.region}", target_key_id=key.key_id)

Use instead:
        KmsAlias(self, "alias", name=f"alias/trading-{self.region}-{self.environment_suffix}",
                 target_key_id=key.key_id)

Fix safety:
    No automatic fix: where the suffix goes in the name is a naming decision,
    and renaming replaces the resource.

References:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
"""
from __future__ import annotations

from typing import Iterator

from iac_review.analysis.strings import literal_text, pieces
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.terraform import registry_page
from iac_review.knowledge.names import required_name
from iac_review.analysis.expressions import short
from iac_review.analysis.project_facts import physical_name_args, project_facts

_CONFLICT = {
    "aws_s3_bucket": "BucketAlreadyOwnedByYou / BucketAlreadyExists",
    "aws_iam_role": "EntityAlreadyExists",
    "aws_iam_policy": "EntityAlreadyExists",
    "aws_iam_user": "EntityAlreadyExists",
    "aws_iam_instance_profile": "EntityAlreadyExists",
    "aws_kms_alias": "AlreadyExistsException",
    "aws_dynamodb_table": "ResourceInUseException",
    "aws_cloudwatch_log_group": "ResourceAlreadyExistsException",
    "aws_lambda_function": "ResourceConflictException",
    "aws_secretsmanager_secret": "ResourceExistsException",
    "aws_db_instance": "DBInstanceAlreadyExists",
    "aws_rds_cluster": "DBClusterAlreadyExistsFault",
    "aws_lb": "DuplicateLoadBalancerName",
    "aws_lb_target_group": "DuplicateTargetGroupName",
}


class NameWithoutEnvironmentSuffix(Rule):
    meta = RuleMeta(
        id="NM001",
        name="name-without-environment-suffix",
        category="env_suffix_missing_in_names",
        default_severity=Severity.HIGH,
        stage="static",
        summary="Physical resource name that does not carry the environment suffix",
        why=("Models copy the name the prompt shows (`alias/trading-{region}`) or a "
             "readable literal and forget that the same code is deployed once per "
             "environment and per pull request into one account."),
        impact=("Deployability: the second deployment fails with an already-exists error; "
                "destroying one environment can remove a resource the other uses."),
        docs="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html",
        training_value=("Every account-unique name (buckets, roles, aliases, tables, log "
                        "groups, functions, clusters) must include the environment suffix."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        facts = project_facts(ctx)
        if not facts.has_suffix:
            return
        reported: set[int] = set()  # one finding per resource call
        for call, tf_type, entry, node in physical_name_args(ctx, facts):
            if id(call) in reported or facts.status(call.module, node, "suffix") != "missing":
                continue
            value = facts.resolve(call.module, node)
            if required_name(tf_type, literal_text(value) or ""):
                continue
            hint = facts.suffix_hint(call.module, call.node)
            conflict = _CONFLICT.get(tf_type or "", "an already-exists error")
            shown = short(value)
            via = f" (via `{short(node)}`)" if value is not node else ""
            reported.add(id(call))
            yield self.finding(
                ctx, call.path, node.lineno,
                f"{call.class_name} `{entry.arg}` {shown}{via} does not include the "
                f"environment suffix: a second deployment into the same account "
                f"(another environment or pull request) fails at deploy with {conflict}",
                column=node.col_offset + 1, docs=registry_page(tf_type),
                fix=f"add the suffix to the name, e.g. {entry.arg}={_with_suffix(value, hint)}",
            )


def _with_suffix(value, hint: str) -> str:
    parts = pieces(value)
    if parts is None:
        return f'f"...-{{{hint}}}"'
    text = "".join(p.text.replace("{", "{{").replace("}", "}}") if p.expr is None
                   else "{" + short(p.expr, 40) + "}" for p in parts)
    return f'f"{text}-{{{hint}}}"'
