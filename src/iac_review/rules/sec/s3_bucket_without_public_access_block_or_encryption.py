"""S3 bucket without a public access block or a server-side encryption configuration.

What it finds:
    `S3Bucket` calls for which the project has no `S3BucketPublicAccessBlock` and/or
    no server-side encryption configuration (`S3BucketServerSideEncryptionConfigurationA`,
    or the inline `server_side_encryption_configuration` block). Buckets are matched
    to their companions through the variable or attribute used in `bucket=`
    (`bucket=self.logs.id` belongs to `self.logs = S3Bucket(...)`). One finding per
    bucket lists what is missing. Website buckets are not asked for a public access
    block; an account-level `S3AccountPublicAccessBlock` covers every bucket.

Why it matters:
    The public access block is what keeps a later bucket policy or ACL from making
    the data public; stating it in code also stops drift. S3 turns Block Public
    Access on for new buckets (since April 2023) and encrypts new objects with
    SSE-S3 (since January 2023), so both findings are about explicit, auditable
    hardening and the customer-managed key the prompt asks for, not about data
    being public today.

Example:
        logs = S3Bucket(self, "logs", bucket=f"app-logs-{suffix}")

Use instead:
        logs = S3Bucket(self, "logs", bucket=f"app-logs-{suffix}")
        S3BucketPublicAccessBlock(self, "logs-pab", bucket=logs.id, block_public_acls=True,
                                  block_public_policy=True, ignore_public_acls=True,
                                  restrict_public_buckets=True)
        S3BucketServerSideEncryptionConfigurationA(self, "logs-sse", bucket=logs.id, rule=[
            S3BucketServerSideEncryptionConfigurationRuleA(
                apply_server_side_encryption_by_default=(
                    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                        sse_algorithm="aws:kms", kms_master_key_id=key.arn)))])

Fix safety:
    No automatic fix: which key to use, and whether the bucket must stay public
    (a website), are design decisions.

References:
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.expressions import call_name, code_modules
from iac_review.analysis.references import assigned_name, referenced_name
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.security import ENCRYPTED_BY_DEFAULT, S3_BLOCK_PUBLIC_ACCESS_DEFAULT

# Companion resources, by the name the code calls them with (models also write the
# non-existent bare SSE class: the intent counts here, the binding rules report the name).
_PAB = frozenset({"S3BucketPublicAccessBlock"})
_SSE = frozenset({"S3BucketServerSideEncryptionConfigurationA",
                  "S3BucketServerSideEncryptionConfiguration"})
_WEBSITE = frozenset({"S3BucketWebsiteConfiguration", "S3BucketWebsiteConfigurationA"})
_ACCOUNT_PAB = "S3AccountPublicAccessBlock"
_COMPANIONS = _PAB | _SSE | _WEBSITE | {_ACCOUNT_PAB}
_UNKNOWN = "?"


class S3BucketNotHardened(Rule):
    meta = RuleMeta(
        id="SEC002",
        name="s3-bucket-without-public-access-block-or-encryption",
        category="security_hardening_missing",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="S3 bucket without a public access block or a server-side encryption configuration",
        why=("Since provider v4 the public access block and encryption are separate resources; "
             "models create the bucket and forget its companions."),
        impact=("Security: what the bucket lacks (each item names it) is left to account defaults: "
                "without a public access block nothing in code stops a later policy or ACL from "
                "exposing the data; without an encryption configuration the objects are not under "
                "the key the project manages."),
        docs="https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
        training_value=("Every S3 bucket should get an S3BucketPublicAccessBlock and an explicit "
                        "S3BucketServerSideEncryptionConfigurationA tied to it by `bucket=`."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        modules = code_modules(ctx.modules)
        paths = {m.path for m in modules}
        buckets = [c for c in ctx.calls_of("S3Bucket") if c.path in paths]
        if not buckets:
            return
        refs: dict[str, set[str]] = {name: set() for name in _COMPANIONS}
        for module in modules:
            if "S3Bucket" not in module.source.text:
                continue
            for node in module.walk():
                if isinstance(node, ast.Call):
                    name = call_name(node.func)
                    if name in refs:
                        refs[name].add(_companion_key(node))
        pab = set().union(*(refs[n] for n in _PAB))
        sse = set().union(*(refs[n] for n in _SSE))
        website = set().union(*(refs[n] for n in _WEBSITE))
        account_pab = bool(refs[_ACCOUNT_PAB])
        for call in buckets:
            if call.has_spread:
                continue
            key = assigned_name(call)
            missing = []
            if not account_pab and not _covered(key, pab) and not _covered(key, website) \
                    and not call.has("website"):
                missing.append("pab")
            if not call.has("server_side_encryption_configuration") and not _covered(key, sse):
                missing.append("sse")
            if missing:
                yield self._report(ctx, call, missing)

    def _report(self, ctx, call, missing: list[str]) -> Finding:
        label = call.label()
        parts, fixes = [], []
        if "pab" in missing:
            parts.append("no `S3BucketPublicAccessBlock` (Block Public Access is "
                         f"{S3_BLOCK_PUBLIC_ACCESS_DEFAULT}, but nothing in code stops a later "
                         "bucket policy or ACL from making the data public or keeps it from drifting)")
            fixes.append("an `S3BucketPublicAccessBlock` with all four flags True")
        if "sse" in missing:
            parts.append("no server-side encryption configuration (S3 applies "
                         f"{ENCRYPTED_BY_DEFAULT['s3']}, so the data is not under the "
                         "customer-managed KMS key a compliance prompt asks for)")
            fixes.append("an `S3BucketServerSideEncryptionConfigurationA` (sse_algorithm "
                         "\"aws:kms\" with the project's key)")
        message = f"`S3Bucket` {label} has " + "; and ".join(parts)
        fix = "add " + " and ".join(fixes) + f" with `bucket={_ref_text(call)}.id`"
        return self.finding(ctx, call.path, call.line, message, column=call.node.col_offset + 1,
                            fix=fix)


def _keyword(call: ast.Call, name: str) -> ast.AST | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _companion_key(call: ast.Call) -> str:
    """The variable a companion's `bucket=` refers to (`logs` for `self.logs.id`)."""
    # a name, a literal, a subscript: cannot tell which bucket
    return referenced_name(_keyword(call, "bucket")) or _UNKNOWN



def _covered(key: str | None, refs: set[str]) -> bool:
    return _UNKNOWN in refs or (key is not None and key in refs)


def _ref_text(call) -> str:
    parent = call.module.parent(call.node)
    if isinstance(parent, ast.Assign) and isinstance(parent.targets[0], (ast.Name, ast.Attribute)):
        return ast.unparse(parent.targets[0])
    return "<bucket>"
