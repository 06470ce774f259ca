"""Database without encryption at rest, publicly accessible, or not on the project's KMS key.

What it finds:
    - `RdsCluster`, `DbInstance`, `DocdbCluster` and `NeptuneCluster` that do not set
      `storage_encrypted=True` (the provider default is false). Aurora Serverless v1
      (`engine_mode="serverless"`, always encrypted), read replicas and snapshot
      restores (they inherit the source's encryption) are skipped.
    - `DbInstance` / `RdsClusterInstance` with `publicly_accessible=True` (Critical).
    - `DynamodbTable` without an enabled `server_side_encryption` block when the
      project creates a `KmsKey` (Low: DynamoDB always encrypts with an AWS owned
      key; the finding is that the table does not use the customer key the project
      creates). Terraform state-lock tables (`hash_key="LockID"`) are skipped.

Why it matters:
    RDS encryption at rest can only be chosen at creation: turning it on later means
    snapshot, copy with encryption, restore and cut over. A public endpoint puts the
    database on the internet, one security-group rule away from exposure.

Example:
        RdsCluster(self, "db", engine="aurora-postgresql", master_username="app",
                   manage_master_user_password=True)

Use instead:
        RdsCluster(self, "db", engine="aurora-postgresql", master_username="app",
                   manage_master_user_password=True, storage_encrypted=True,
                   kms_key_id=key.arn)

Fix safety:
    No automatic fix: on a deployed database the change forces replacement.

References:
    https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.expressions import code_modules
from iac_review.analysis.strings import literal_text
from iac_review.analysis.values import dict_items
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.terraform import registry_page
from iac_review.knowledge.security import ENCRYPTED_BY_DEFAULT, ENCRYPTED_ENGINE_MODES

_STORAGE = ("RdsCluster", "DbInstance", "DocdbCluster", "NeptuneCluster")
_PUBLIC = ("DbInstance", "RdsClusterInstance")
# Arguments that make the database inherit encryption from its source.
_INHERITS = ("replicate_source_db", "snapshot_identifier", "restore_to_point_in_time",
             "s3_import")


class DatabaseNotEncrypted(Rule):
    meta = RuleMeta(
        id="SEC003",
        name="database-not-encrypted",
        category="security_hardening_missing",
        default_severity=Severity.HIGH,
        stage="static",
        summary="Database without encryption at rest, publicly accessible, or not on the project's KMS key",
        why=("`storage_encrypted` defaults to false for provisioned RDS, DocumentDB and Neptune; "
             "models leave it out (or comment it out) and copy `publicly_accessible=True` from demos."),
        impact=("Security/compliance: what each item names: data at rest without encryption or "
                "off the project's key (changing either later replaces the database or table), "
                "or an endpoint reachable from the internet."),
        docs="https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
        training_value=("Databases need storage_encrypted=True with the project's KMS key at creation, "
                        "and publicly_accessible stays False."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        paths = {m.path for m in code_modules(ctx.modules)}
        has_key = any(c.path in paths for c in ctx.calls_of("KmsKey"))
        for call in ctx.calls:
            if call.path not in paths or call.has_spread:
                continue
            name = call.class_name
            if name in _STORAGE:
                yield from self._storage(ctx, call)
            if name in _PUBLIC and _is_true(call.arg("publicly_accessible")):
                where = call.arg_node("publicly_accessible")
                message = (f"`{name}` {call.label()} sets `publicly_accessible=True`: the database "
                           f"gets a public endpoint and DNS name, so any security-group rule that "
                           f"admits the internet exposes the data after deploy")
                yield self.finding(ctx, call.path, where.lineno, message, column=where.col_offset + 1,
                                   fix="set `publicly_accessible=False` and reach the database from "
                                       "inside the VPC (bastion, SSM, VPN)",
                                   severity=Severity.CRITICAL)
            if name == "DynamodbTable" and has_key:
                yield from self._dynamodb(ctx, call)

    def _storage(self, ctx, call) -> Iterator[Finding]:
        if any(call.has(arg) for arg in _INHERITS):
            return
        mode = literal_text(call.arg("engine_mode")) if call.has("engine_mode") else None
        if call.has("engine_mode") and (mode is None or mode in ENCRYPTED_ENGINE_MODES):
            return  # serverless v1 is always encrypted; an unreadable mode may be too
        where = call.node
        if call.has("storage_encrypted"):
            value = call.arg("storage_encrypted")
            if not (isinstance(value, ast.Constant) and value.value is False):
                return
            where = call.arg_node("storage_encrypted")
            state = "sets `storage_encrypted=False`"
        else:
            state = "does not set `storage_encrypted` (the provider default is false)"
        message = (f"`{call.class_name}` {call.label()} {state}: the database is created with "
                   f"unencrypted storage, backups and snapshots, and encryption cannot be turned on "
                   f"later without a snapshot-copy-restore replacement")
        yield self.finding(ctx, call.path, where.lineno, message, column=where.col_offset + 1,
                           fix="set `storage_encrypted=True` and `kms_key_id=<the project's KMS key>.arn`")

    def _dynamodb(self, ctx, call) -> Iterator[Finding]:
        if call.has("hash_key") and literal_text(call.arg("hash_key")) == "LockID":
            return  # Terraform state lock table
        state = "has no `server_side_encryption` block"
        where = call.node
        if call.has("server_side_encryption"):
            enabled = _block_enabled(call, call.arg("server_side_encryption"))
            if enabled is not False:
                return
            where = call.arg_node("server_side_encryption")
            state = "disables `server_side_encryption`"
        message = (f"`DynamodbTable` {call.label()} {state} although the project creates a KMS key: "
                   f"the table is encrypted with {ENCRYPTED_BY_DEFAULT['dynamodb']}, not with the "
                   f"customer-managed key, so key policy, rotation and audit do not apply to its data")
        yield self.finding(ctx, call.path, where.lineno, message, column=where.col_offset + 1,
                           fix="add `server_side_encryption=DynamodbTableServerSideEncryption("
                               "enabled=True, kms_key_arn=<key>.arn)`",
                           severity=Severity.LOW, docs=registry_page(call.tf_type))


def _block_enabled(call, block: ast.AST | None) -> bool | None:
    """The `enabled` flag of a server_side_encryption dict or struct; None when unknown."""
    value = None
    if isinstance(block, ast.Dict):
        items, _ = dict_items(block)
        value = next((v for k, v in items if k.value == "enabled"), None)
    elif isinstance(block, ast.Call):
        value = next((kw.value for kw in block.keywords if kw.arg == "enabled"), None)
    else:
        return None
    if value is None:
        return False  # `enabled` is required; without it nothing is configured
    value = call.value(value)
    if isinstance(value, ast.Constant) and isinstance(value.value, bool):
        return value.value
    return None


def _is_true(expr: ast.AST | None) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is True
