"""S3 versioning with MFA delete enabled.

What it finds:
    `mfa_delete` set to "Enabled" (or True) in the versioning configuration of a
    bucket: `S3BucketVersioningA(versioning_configuration=...)` as a dict or a
    `S3BucketVersioningVersioningConfiguration`, the inline `versioning` block of
    `S3Bucket`, and the same under the bare class name `S3BucketVersioning` that
    models often write for the resource (which does not exist in the bindings).

Why it matters:
    Only the root user, with its MFA device, can enable MFA delete, and the
    provider then needs `mfa` (device serial and a current code) on every apply.
    An automated pipeline has neither: the apply fails, and were it enabled, no
    destroy could delete object versions or the bucket.

Example:
        S3BucketVersioningA(
            self, "data-versioning", bucket=bucket.id,
            versioning_configuration={"status": "Enabled", "mfa_delete": "Enabled"},
        )

Use instead:
        S3BucketVersioningA(
            self, "data-versioning", bucket=bucket.id,
            versioning_configuration={"status": "Enabled"},
        )

Fix safety:
    No automatic fix: removing MFA delete is a security decision; keep it for
    production buckets managed by hand, never in code that CI deploys and destroys.

References:
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.strings import template
from iac_review.analysis.symbols import PROVIDER, resolve
from iac_review.analysis.values import Assignments, follow
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta

# Resource (with and without the jsii suffix) and struct classes that carry mfa_delete.
_RESOURCES = {"S3BucketVersioningA", "S3BucketVersioning"}
_STRUCTS = {"S3BucketVersioningVersioningConfiguration"}
_BUCKET = "S3Bucket"
_KEYS = ("mfa_delete", "mfaDelete")


class S3MfaDeleteEnabled(Rule):
    meta = RuleMeta(
        id="AWS001",
        name="s3-mfa-delete-enabled",
        category="destroyability_blockers",
        default_severity=Severity.HIGH,
        stage="static",
        summary="S3 versioning with MFA delete enabled",
        why=("Models copy MFA delete from security checklists without knowing that only the root "
             "user with its MFA device can enable it or delete object versions afterwards."),
        impact=("Deployability: apply fails without the root MFA device; teardown: CI can never delete "
                "object versions or the bucket."),
        docs="https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html",
        training_value=("MFA delete is a manual, root-only control; code that a pipeline deploys and "
                        "destroys must leave it disabled."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for module in ctx.modules:
            if module.tree is None or not any(key in module.source.text for key in _KEYS):
                continue
            symbols = module.imports
            star = any(s.package == PROVIDER for s in symbols.star_modules)
            if not symbols.names and not star:
                continue
            assignments: Assignments | None = None
            for node in module.walk():
                if not isinstance(node, ast.Call):
                    continue
                name = _provider_class(node.func, symbols, star)
                if name is None or (name not in _RESOURCES and name not in _STRUCTS and name != _BUCKET):
                    continue
                if assignments is None:
                    assignments = Assignments.collect(module)
                for value, where in _mfa_values(node, name, module, assignments):
                    if _enabled(follow(value, module, assignments)):
                        yield self._report(ctx, module.path, node, name, where)

    def _report(self, ctx, path: str, call: ast.Call, name: str, where: ast.AST) -> Finding:
        label = _construct_label(call, name)
        message = (f"{label} enables `mfa_delete`: only the root user with its MFA device can turn it on "
                   f"(the provider then needs `mfa` = device serial and current code on every apply), so "
                   f"the deploy fails in CI, and with MFA delete on no automated destroy can delete object "
                   f"versions or the bucket")
        fix = ('remove `mfa_delete` (or set it to "Disabled") and keep only `status = "Enabled"`; '
               "enable MFA delete by hand on production buckets that are never torn down")
        return self.finding(ctx, path, where.lineno, message, column=where.col_offset + 1, fix=fix)


def _provider_class(func: ast.AST, symbols, star: bool) -> str | None:
    symbol = resolve(func, symbols)
    if symbol is not None:
        return symbol.name if symbol.package == PROVIDER else None
    if star and isinstance(func, ast.Name):
        return func.id
    return None


def _mfa_values(call: ast.Call, name: str, module, assignments) -> Iterator[tuple[ast.AST, ast.AST]]:
    """(value, node to point at) of every mfa_delete given to this call."""
    keywords = {kw.arg: kw.value for kw in call.keywords if kw.arg}
    if name in _STRUCTS or name in _RESOURCES:
        for key in _KEYS:  # the struct form: S3BucketVersioning(enabled=..., mfa_delete=...)
            if key in keywords:
                yield keywords[key], keywords[key]
    block_arg = "versioning" if name == _BUCKET else "versioning_configuration"
    block = keywords.get(block_arg)
    if block is None:
        return
    block = follow(block, module, assignments)
    blocks = block.elts if isinstance(block, (ast.List, ast.Tuple)) else [block]
    for item in blocks:
        item = follow(item, module, assignments)
        if not isinstance(item, ast.Dict):
            continue  # typed structs are checked as calls of their own
        for key, value in zip(item.keys, item.values, strict=True):
            if isinstance(key, ast.Constant) and key.value in _KEYS:
                yield value, value


def _enabled(value: ast.AST) -> bool:
    if isinstance(value, ast.Constant):
        if value.value is True:
            return True
        return isinstance(value.value, str) and value.value.strip().lower() == "enabled"
    return False


def _construct_label(call: ast.Call, name: str) -> str:
    text = template(call.args[1]) if len(call.args) > 1 else None
    return f'`{name}` "{text}"' if text else f"`{name}`"
