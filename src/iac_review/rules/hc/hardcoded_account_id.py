"""Hardcoded AWS account id.

What it finds:
    12-digit account ids written into the code: the account field of ARN
    literals (`arn:aws:iam::123456789012:root`), ECR registry hosts
    (`123456789012.dkr.ecr...`), and bare 12-digit strings given for account
    keys (`allowed_account_ids`, `aws:SourceAccount`, `owner_id`, ...). Inside
    an IAM principal, a role argument or `allowed_account_ids` it is
    Critical, elsewhere High. Not reported: AWS managed policy ARNs
    (`arn:aws:iam::aws:policy/...` has no account), Lambda layer ARNs (the
    account is the layer's publisher), and AWS's own Elastic Load Balancing
    log-delivery accounts (reported at Medium: region-bound, not foreign).

Why it matters:
    The code only works in the one account it names, and usually that
    account is a documentation placeholder. A principal or role in an
    account the stack is not deployed to makes IAM / KMS reject the policy
    at deploy (invalid principal) or, worse, grants a stranger's account
    access; a role ARN in another account cannot be assumed.

Example:
        policy=json.dumps({"Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*",
                           "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}]})

Use instead:
        caller = DataAwsCallerIdentity(self, "caller")
        policy=json.dumps({"Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*",
                           "Principal": {"AWS": f"arn:aws:iam::{caller.account_id}:root"}}]})

Fix safety:
    No automatic fix: which account (or which resource's ARN attribute) was
    meant is not knowable from the literal.

References:
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/caller_identity
"""
from __future__ import annotations

import re
from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.regions import ELB_LOG_DELIVERY_ACCOUNTS
from iac_review.analysis.string_sites import StringSite, account_ids, string_sites
from iac_review.analysis.project_facts import project_facts

_TWELVE = re.compile(r"\d{12}")
# Keys under which a bare 12-digit string is an account id.
_PRINCIPAL_KEYS = frozenset({"Principal", "AWS", "principals", "identifiers", "NotPrincipal"})
_ELB_ACCOUNTS = {account: region for region, account in ELB_LOG_DELIVERY_ACCOUNTS.items()}


class HardcodedAccountId(Rule):
    meta = RuleMeta(
        id="HC001",
        name="hardcoded-account-id",
        category="hardcoded_account_arn_or_id",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="Hardcoded AWS account id",
        why=("Models fill account fields with the documentation placeholder 123456789012 "
             "(or an id from an example) instead of reading the deploying account."),
        impact=("Deployability and security: policies with a foreign principal are rejected "
                "at deploy or grant another account access; roles in another account cannot "
                "be assumed; the code works in one account at most."),
        docs="https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/"
             "caller_identity",
        training_value=("Account ids come from DataAwsCallerIdentity (or a resource's .arn), "
                        "never from a literal."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        facts = project_facts(ctx)
        for module in facts.modules:
            for site in string_sites(facts, module):
                if not _TWELVE.search(site.text) or site.excluded:
                    continue
                found = account_ids(site)
                for account, offset, shown, kind in found:
                    yield self._report(ctx, site, account, offset, shown, kind)

    def _report(self, ctx, site: StringSite, account: str, offset: int, shown: str,
                kind: str) -> Finding:
        keys = set(site.keys)
        principal = bool(keys & _PRINCIPAL_KEYS)
        role = any(k == "role" or k.endswith("role_arn") or k.endswith("_role")
                   for k in site.keys)
        allowed = "allowed_account_ids" in keys or "forbidden_account_ids" in keys
        if account in _ELB_ACCOUNTS:
            region = _ELB_ACCOUNTS[account]
            return self.finding(
                ctx, site.module.path, site.line_of(offset),
                f"account id {account} (`{shown}`) is the Elastic Load Balancing log-delivery "
                f"account of {region}: correct only when the stack deploys to {region}",
                column=site.node.col_offset + 1,
                severity=Severity.MEDIUM,
                fix="use DataAwsElbServiceAccount(self, \"elb\").arn as the principal",
            )
        if principal:
            where = "an IAM principal"
            effect = ("the policy names an account this stack is not deployed to: IAM / KMS "
                      "reject it at deploy (invalid principal) or it grants that account access")
        elif role:
            where = "a role ARN"
            effect = ("the resource would use a role in another account: deploy fails because "
                      "the role does not exist there or cannot be assumed")
        elif allowed:
            where = "the provider's account allow-list"
            effect = "plan refuses to run in every other account"
        elif kind == "ecr":
            where = "an ECR registry host"
            effect = "the image is pulled from a fixed account's registry; other accounts cannot"
        else:
            where = "an ARN" if kind == "arn" else "an account field"
            effect = ("the reference points into one fixed account; in any other account it "
                      "names a resource that does not exist or grants cross-account access")
        severity = Severity.CRITICAL if (principal or role or allowed) else Severity.HIGH
        return self.finding(
            ctx, site.module.path, site.line_of(offset),
            f"hardcoded AWS account id {account} in {where} (`{shown}`): {effect}",
            column=site.node.col_offset + 1,
            severity=severity,
            fix=("read the account at deploy time: caller = DataAwsCallerIdentity(self, "
                 "\"caller\"); f\"arn:aws:iam::{caller.account_id}:root\" (or pass the role / "
                 "resource object and use its .arn)"),
        )
