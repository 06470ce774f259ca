"""Symmetric KMS key without automatic rotation.

What it finds:
    `KmsKey` calls that do not set `enable_key_rotation=True` (absent or a literal
    False). Asymmetric and HMAC keys (`customer_master_key_spec` other than
    SYMMETRIC_DEFAULT, `key_usage` other than ENCRYPT_DECRYPT) are skipped: they
    cannot rotate automatically.

Why it matters:
    Without rotation the same key material protects the data for the key's whole
    life; compliance frameworks (CIS, PCI DSS) and AWS Security Hub KMS.4 expect
    yearly rotation, and prompts that ask for customer-managed keys usually ask for it.

Example:
        KmsKey(self, "data-key", description="data key", deletion_window_in_days=7)

Use instead:
        KmsKey(self, "data-key", description="data key", deletion_window_in_days=7,
               enable_key_rotation=True)

Fix safety:
    No automatic fix is offered; adding `enable_key_rotation=True` is safe (rotation
    keeps old key material for decryption) and costs nothing for the key itself.

References:
    https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.expressions import code_modules
from iac_review.analysis.strings import literal_text
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.security import rotatable_key


class KmsKeyRotationDisabled(Rule):
    meta = RuleMeta(
        id="SEC001",
        name="kms-key-rotation-disabled",
        category="security_hardening_missing",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="Symmetric KMS key without automatic rotation",
        why=("`enable_key_rotation` defaults to false in the provider; models create the key and "
             "forget the rotation flag even when the prompt asks for key rotation."),
        impact="Security/compliance: key material never rotates (Security Hub KMS.4, CIS, PCI DSS).",
        docs="https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
        training_value=("A customer-managed symmetric KMS key should set enable_key_rotation=True; "
                        "the provider default is no rotation."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        paths = {m.path for m in code_modules(ctx.modules)}
        for call in ctx.calls_of("KmsKey"):
            if call.path not in paths or call.has_spread:
                continue
            spec = _text(call.arg("customer_master_key_spec")) if call.has("customer_master_key_spec") else None
            usage = _text(call.arg("key_usage")) if call.has("key_usage") else None
            if (call.has("customer_master_key_spec") and spec is None) or \
                    (call.has("key_usage") and usage is None) or not rotatable_key(spec, usage):
                continue  # asymmetric/HMAC, or not readable: rotation may not apply
            where = call.node
            if call.has("enable_key_rotation"):
                value = call.arg("enable_key_rotation")
                if not (isinstance(value, ast.Constant) and value.value is False):
                    continue  # True, or a value we cannot read
                where = call.arg_node("enable_key_rotation")
                state = "sets `enable_key_rotation=False`"
            else:
                state = "does not set `enable_key_rotation` (the provider default is false)"
            label = call.label()
            message = (f"`KmsKey` {label} {state}: the symmetric key's material is never rotated "
                       f"after deploy, which fails key-rotation requirements (Security Hub KMS.4, "
                       f"CIS, PCI DSS)")
            yield self.finding(ctx, call.path, where.lineno, message, column=where.col_offset + 1,
                               fix="add `enable_key_rotation=True` to the KmsKey")


def _text(expr: ast.AST | None) -> str | None:
    return literal_text(expr) if expr is not None else None
