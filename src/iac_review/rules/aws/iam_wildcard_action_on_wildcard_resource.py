"""IAM policy statement allowing every action on every resource.

What it finds:
    Policy statements with `Effect: Allow`, `Action: "*"` (or a list holding it)
    and `Resource: "*"`: in dicts given to `json.dumps`, `Fn.jsonencode` or
    `policy=`, in JSON string literals, and in `DataAwsIamPolicyDocument`
    statements (dicts or `DataAwsIamPolicyDocumentStatement`). A whole service
    (`"s3:*"`) on every resource is reported at Low. KMS key policies (statements
    with a principal and only `kms:` actions, such as the default key policy
    granting `kms:*` to the account root) are not reported: their `"*"` resource is
    the key itself.

Why it matters:
    The role or principal becomes an administrator of the account (or of the whole
    service): one leaked credential or one bug in the workload is enough to read,
    change or delete anything. Reviewers reject it as a least-privilege failure.

Example:
        IamPolicy(self, "app-policy", policy=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
        ]}))

Use instead:
        IamPolicy(self, "app-policy", policy=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"], "Resource": table.arn},
        ]}))

Fix safety:
    No automatic fix: the actions and resources the workload needs are a design
    decision.

References:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.iam_policies import policy_statements
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta


class IamWildcardActionOnWildcardResource(Rule):
    meta = RuleMeta(
        id="AWS005",
        name="iam-wildcard-action-on-wildcard-resource",
        category="iam_overly_permissive",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="IAM policy statement allowing every action on every resource",
        why=("Models reach for wildcards to make a deploy work instead of listing the actions and "
             "resources the workload uses."),
        impact="Security: the principal can do anything in the account (or in the whole service).",
        docs="https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
        training_value=("Least privilege means naming actions and resource ARNs; `*` on `*` is an "
                        "administrator grant."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for statement in policy_statements(ctx):
            if not statement.allow or "*" not in statement.resources:
                continue
            actions = list(statement.actions)
            if statement.has_principal and actions and all(a.lower().startswith("kms:") for a in actions):
                continue  # key policy: "*" is the key itself
            finding = self._report(ctx, statement.path, statement.node, actions)
            if finding is not None:
                yield finding

    # -- reporting -------------------------------------------------------------
    def _report(self, ctx, path: str, where: ast.AST, actions: list[str]) -> Finding | None:
        if "*" in actions:
            message = ('IAM policy statement allows every action (`"*"`) on every resource (`"*"`): the '
                       "principal is an administrator of the account")
            severity = None
        else:
            services = sorted({a.split(":", 1)[0] for a in actions
                               if a.endswith(":*") and a.split(":", 1)[0].replace("-", "").isalnum()})
            if not services:
                return None
            shown = ", ".join(f"`{s}:*`" for s in services)
            message = (f"IAM policy statement allows every action of a service ({shown}) on every resource "
                       f'(`"*"`): the principal controls the whole service in the account')
            severity = Severity.LOW
        return self.finding(ctx, path, where.lineno, message, column=where.col_offset + 1,
                            fix="list the actions the workload calls and scope `Resource` to the ARNs it uses",
                            severity=severity)
