"""Database credentials secret without rotation.

What it finds:
    `SecretsmanagerSecret` calls whose construct id or name marks them as database
    credentials (db, database, rds, aurora, postgres, mysql ...) with no
    `SecretsmanagerSecretRotation` for them in the project (matched by the variable
    used in `secret_id=`).

Why it matters:
    A password that never changes stays valid wherever it leaked (logs, laptops,
    former staff). Prompts with compliance requirements ask for rotation; RDS can
    also manage and rotate the master password itself (`manage_master_user_password=True`).

Example:
        db_secret = SecretsmanagerSecret(self, "db-credentials", name=f"app/db-{suffix}")

Use instead:
        RdsCluster(self, "db", engine="aurora-postgresql", master_username="app",
                   manage_master_user_password=True, storage_encrypted=True)

Fix safety:
    No automatic fix: rotation needs a rotation Lambda (or RDS-managed secrets).

References:
    https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.expressions import call_name, code_modules
from iac_review.analysis.strings import template
from iac_review.analysis.references import assigned_name, referenced_name
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.security import is_db_secret_name

_ROTATION = "SecretsmanagerSecretRotation"
_UNKNOWN = "?"


class SecretWithoutRotation(Rule):
    meta = RuleMeta(
        id="SEC008",
        name="secret-without-rotation",
        category="security_hardening_missing",
        default_severity=Severity.LOW,
        stage="static",
        summary="Database credentials secret without rotation",
        why=("Rotation needs a Lambda or RDS-managed secrets; models store the password in a "
             "secret and stop there."),
        impact="Security/compliance: database credentials never change.",
        docs="https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html",
        training_value=("Database credentials should rotate: prefer manage_master_user_password=True, "
                        "or add SecretsmanagerSecretRotation with a rotation Lambda."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        modules = code_modules(ctx.modules)
        paths = {m.path for m in modules}
        secrets = [c for c in ctx.calls_of("SecretsmanagerSecret") if c.path in paths]
        if not secrets:
            return
        rotated = set()
        for module in modules:
            if _ROTATION not in module.source.text:
                continue
            for node in module.walk():
                if isinstance(node, ast.Call) and call_name(node.func) == _ROTATION:
                    secret_id = next((kw.value for kw in node.keywords if kw.arg == "secret_id"), None)
                    rotated.add(referenced_name(secret_id) or _UNKNOWN)
        if _UNKNOWN in rotated:
            return
        for call in secrets:
            texts = [template(call.construct_id) if call.construct_id is not None else None]
            for arg in ("name", "name_prefix"):
                if call.has(arg):
                    texts.append(template(call.arg(arg)))
            key = assigned_name(call)
            texts.append(key)
            if not any(text and is_db_secret_name(text) for text in texts):
                continue
            if key is not None and key in rotated:
                continue
            label = f'"{texts[0]}"' if texts[0] else "(construct id not literal)"
            message = (f"`SecretsmanagerSecret` {label} holds database credentials and has no "
                       f"`SecretsmanagerSecretRotation`: the password never changes after deploy")
            yield self.finding(ctx, call.path, call.line, message, column=call.node.col_offset + 1,
                               fix="let RDS manage the password (`manage_master_user_password=True`), "
                                   "or add `SecretsmanagerSecretRotation` with a rotation Lambda")

