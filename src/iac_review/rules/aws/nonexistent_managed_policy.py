"""AWS managed policy ARN that does not exist.

What it finds:
    `arn:aws:iam::aws:policy/...` strings (in `managed_policy_arns`,
    `IamRolePolicyAttachment(policy_arn=...)`, `IamPolicyAttachment`, lists that
    loops attach, f-strings with a templated partition) whose policy is known to
    live under another path (`AWSLambdaBasicExecutionRole` without `service-role/`,
    `AmazonSSMManagedInstanceCore` with it) or whose name does not exist
    (`service-role/ConfigRole` for `service-role/AWS_ConfigRole`). Names the
    table does not know are never reported.

Why it matters:
    Attaching a policy that does not exist fails at deploy ("Policy ... does not
    exist or is not attachable"), and the role is left without the permissions the
    service needs.

Example:
        IamRolePolicyAttachment(
            self, "config-policy", role=role.name,
            policy_arn="arn:aws:iam::aws:policy/service-role/ConfigRole",
        )

Use instead:
        IamRolePolicyAttachment(
            self, "config-policy", role=role.name,
            policy_arn="arn:aws:iam::aws:policy/service-role/AWS_ConfigRole",
        )

Fix safety:
    Safe: the ARN is replaced by the real ARN of the same policy.

References:
    https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html
"""
from __future__ import annotations

import ast
import re
from typing import Iterator

from iac_review.analysis.strings import template
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.iam import MANAGED_POLICY_DOCS, managed_policy_problem

_MARKER = ":iam::aws:policy/"
# ARN-looking text in the source; the partition may be a formatted expression.
_ARN_TEXT = re.compile(r"arn:[^\s\"':]*:iam::aws:policy/[\w+=,.@/-]+")
_PARTITION = re.compile(r"^arn:[^:]*:")


class NonexistentManagedPolicy(Rule):
    meta = RuleMeta(
        id="AWS004",
        name="nonexistent-managed-policy",
        category="iam_missing_permissions",
        default_severity=Severity.HIGH,
        stage="static",
        summary="AWS managed policy ARN that does not exist",
        why=("Models recall managed policy names approximately: the `service-role/` path is added or "
             "dropped, or a shortened name (ConfigRole) is invented."),
        impact=("Deployability: the attachment fails at deploy with NoSuchEntity; the role lacks the "
                "permissions its service needs."),
        docs=MANAGED_POLICY_DOCS,
        training_value=("AWS managed policy ARNs are exact: some live under `service-role/`, most do not, "
                        "and the name must match the reference."),
        fix="safe",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for module in ctx.modules:
            if module.tree is None or not _has_candidate(module.source.text):
                continue
            for node in module.walk():
                if isinstance(node, ast.Constant):
                    if not isinstance(node.value, str) or isinstance(module.parent(node), ast.JoinedStr):
                        continue
                    if _is_docstring(module, node):
                        continue
                    text = node.value
                elif isinstance(node, ast.JoinedStr):
                    text = template(node) or ""
                else:
                    continue
                if _MARKER not in text:
                    continue
                problem = managed_policy_problem(text)
                if problem is None:
                    continue
                if problem.reason == "path":
                    why = "the policy exists under another path"
                else:
                    why = "no AWS managed policy has this name"
                message = (f"managed policy `{text}` does not exist ({why}; the real one is "
                           f"`{problem.correct}`): attaching it fails at deploy with NoSuchEntity and the "
                           f"role is left without its permissions")
                yield self.finding(ctx, module.path, node.lineno, message, column=node.col_offset + 1,
                                   fix=f'use "{problem.correct}"')


def _has_candidate(text: str) -> bool:
    """Cheap pre-check on the source text: is any managed policy ARN in it known to be wrong?"""
    if _MARKER not in text:
        return False
    return any(managed_policy_problem(_PARTITION.sub("arn:aws:", m.group(0)))
               for m in _ARN_TEXT.finditer(text))


def _is_docstring(module, node: ast.Constant) -> bool:
    parent = module.parent(node)
    return isinstance(parent, ast.Expr)
