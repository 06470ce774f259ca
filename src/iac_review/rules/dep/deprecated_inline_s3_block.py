"""`S3Bucket` configured through inline arguments the AWS provider deprecated.

What it finds:
    `S3Bucket(...)` calls given any of the inline arguments that AWS provider
    v4 deprecated in favour of separate resources: `versioning`,
    `server_side_encryption_configuration`, `lifecycle_rule`, `logging`, `acl`,
    `grant`, `policy`, `website`, `cors_rule`, `replication_configuration`,
    `object_lock_configuration`, `acceleration_status`, `request_payer`. One
    finding per bucket, listing the arguments and the resource that replaces
    each. Arguments set to `None` are ignored.

Why it matters:
    The arguments still synthesize, so the code looks fine, but Terraform warns
    at every plan, the provider documents them for removal, and they conflict
    with the separate resources: a bucket managed both ways flip-flops its
    configuration on every apply. Reviewers treat them as outdated provider
    knowledge.

Example:
        S3Bucket(self, "logs", bucket_prefix="logs-",
                 versioning={"enabled": True},
                 server_side_encryption_configuration={...})

Use instead:
        bucket = S3Bucket(self, "logs", bucket_prefix="logs-")
        S3BucketVersioningA(self, "logs-versioning", bucket=bucket.id,
                            versioning_configuration={"status": "Enabled"})
        S3BucketServerSideEncryptionConfigurationA(self, "logs-sse", bucket=bucket.id, rule=[...])

Fix safety:
    No automatic fix: each block has a different shape in its replacement
    resource (e.g. `versioning.enabled` becomes `versioning_configuration.status`).

References:
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-4-upgrade#s3-bucket-refactor
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.strings import literal_text
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.deprecations import (
    DEPRECATION_PROVIDER_VERSION, DEPRECATIONS_DOCS, deprecated_arguments,
)

_RESOURCE = "S3Bucket"


class DeprecatedInlineS3Block(Rule):
    meta = RuleMeta(
        id="DEP001",
        name="deprecated-inline-s3-block",
        category="deprecated_or_version_incompatible_api",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="`S3Bucket` configured through inline arguments the AWS provider deprecated",
        why=("Models learned S3 from pre-v4 provider examples, where versioning, encryption, "
             "lifecycle, ACL and policy were blocks of aws_s3_bucket."),
        impact=("Maintainability: deprecation warnings at every plan, conflicts with the separate "
                "resources (configuration flip-flops between applies), removal in a future provider."),
        docs=DEPRECATIONS_DOCS,
        training_value=("Since AWS provider v4 an S3 bucket's versioning, encryption, lifecycle, "
                        "logging, ACL, policy, website, CORS and replication are separate "
                        "resources (S3BucketVersioningA, S3BucketServerSideEncryptionConfigurationA, ...)."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        table = deprecated_arguments(_RESOURCE)
        for call in ctx.calls_of(_RESOURCE):
            if call.kind not in ("resource", "unknown"):
                continue
            used = [(name, call.keywords[name]) for name in table
                    if name in call.keywords and not _is_none(call.keywords[name].value)]
            if not used:
                continue
            used.sort(key=lambda item: (item[1].value.lineno, item[1].value.col_offset))
            first = used[0][1]
            names = ", ".join(f"`{name}`" for name, _ in used)
            replacements = "; ".join(f"`{name}` -> {table[name].class_name}" for name, _ in used)
            imports = sorted({f"{table[name].module}.{table[name].class_name}" for name, _ in used})
            label = literal_text(call.construct_id) if call.construct_id is not None else None
            bucket = f"S3Bucket `{label}`" if label else "S3Bucket"
            plural = "s" if len(used) > 1 else ""
            yield self.finding(
                ctx, call.path, first.lineno or call.line,
                f"{bucket} sets {len(used)} inline argument{plural} deprecated since AWS provider "
                f"v{DEPRECATION_PROVIDER_VERSION} ({names}): synth passes, but Terraform warns at "
                f"every plan and the inline blocks conflict with the separate resources that "
                f"replace them ({replacements})",
                column=first.col_offset + 1,
                fix=(f"remove {names} from the bucket and create the separate resource{plural} "
                     f"with bucket=<bucket>.id ({', '.join(imports)})"),
            )


def _is_none(expr: ast.AST) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is None
