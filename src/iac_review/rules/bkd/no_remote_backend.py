"""Stack without a remote state backend.

What it finds:
    A project that defines a `TerraformStack` subclass but configures no
    remote backend anywhere: no `S3Backend` (or `RemoteBackend`,
    `CloudBackend`, `GcsBackend`, ...) and no
    `add_override("terraform.backend...", ...)`. An explicit `LocalBackend`
    is reported too.

Why it matters:
    Without a backend Terraform keeps the state in `terraform.tfstate` in the
    working directory. In CI that directory is thrown away after the job: the
    next deploy does not know the resources exist and fails with
    already-exists errors (or duplicates what it can), `destroy` finds
    nothing to remove, nothing locks concurrent runs, and the state (which
    holds secrets) sits unencrypted on the runner.

Example:
        class TapStack(TerraformStack):
            def __init__(self, scope, construct_id, environment_suffix, state_bucket,
                         state_bucket_region):
                super().__init__(scope, construct_id)
                AwsProvider(self, "aws", region="us-east-1")

Use instead:
        class TapStack(TerraformStack):
            def __init__(self, scope, construct_id, environment_suffix, state_bucket,
                         state_bucket_region):
                super().__init__(scope, construct_id)
                S3Backend(self, bucket=state_bucket,
                          key=f"{environment_suffix}/{construct_id}.tfstate",
                          region=state_bucket_region, encrypt=True)
                AwsProvider(self, "aws", region="us-east-1")

Fix safety:
    No automatic fix: the state bucket, key layout and lock settings belong
    to the deployment environment.

References:
    https://developer.hashicorp.com/terraform/cdktf/concepts/remote-backends
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.analysis.backend import backend_facts


class NoRemoteBackend(Rule):
    meta = RuleMeta(
        id="BKD001",
        name="no-remote-backend",
        category="state_backend_missing_or_misdesigned",
        default_severity=Severity.HIGH,
        severity_note=("High: the stack synthesizes and deploys with local state, so it is not a blocker, but CI keeps "
                       "no state between runs and cannot update or destroy what it deployed."),
        stage="static",
        summary="Stack without a remote state backend",
        why=("Models write the resources the prompt lists and treat state as a local "
             "concern; CDKTF examples often omit the backend."),
        impact=("Deployability and security: state is lost between CI runs (re-deploys "
                "fail on existing resources, destroy removes nothing), runs are not "
                "locked, and the state with its secrets stays on the runner."),
        docs="https://developer.hashicorp.com/terraform/cdktf/concepts/remote-backends",
        training_value=("A CDKTF stack that is deployed from CI needs a remote backend "
                        "(S3Backend with the state bucket, key and region it is given)."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        facts = backend_facts(ctx)
        stacks = facts.stacks
        if not stacks or any(b.remote for b in facts.backends):
            return
        stack = next((s for s in stacks if _state_params(s.node)),
                     next((s for s in stacks if _init(s.node) is not None), stacks[0]))
        names = ", ".join(dict.fromkeys(s.node.name for s in stacks))
        local = next((b for b in facts.backends if b.kind == "LocalBackend"), None)
        params = _state_params(stack.node)
        given = (f"; it receives `{params[0]}` but no backend uses it" if params else "")
        what = ("configures only LocalBackend" if local
                else "configures no remote backend (no S3Backend, no "
                     "add_override(\"terraform.backend...\"))")
        bucket = params[0] if params else "state_bucket"
        region = next((p for p in params if "region" in p), "state_bucket_region")
        yield self.finding(
            ctx, stack.module.path, stack.node.lineno,
            f"{names} (TerraformStack) {what}{given}: the state stays in a local "
            f"terraform.tfstate that CI discards, so the next deploy fails on resources "
            f"that already exist, destroy finds nothing, and concurrent runs are not locked",
            column=stack.node.col_offset + 1,
            fix=(f"add S3Backend(self, bucket={bucket}, "
                 f"key=f\"{{environment_suffix}}/{{construct_id}}.tfstate\", "
                 f"region={region}, encrypt=True) in the stack's __init__"),
        )


def _init(node: ast.ClassDef) -> ast.FunctionDef | None:
    return next((b for b in node.body if isinstance(b, ast.FunctionDef)
                 and b.name == "__init__"), None)


def _state_params(node: ast.ClassDef) -> list[str]:
    """State-bucket parameters of the stack's __init__ (explicit or read from kwargs)."""
    init = _init(node)
    if init is None:
        return []
    found = [a.arg for a in init.args.args + init.args.kwonlyargs if "state_bucket" in a.arg]
    for sub in ast.walk(init):
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) \
                and sub.func.attr == "get" and sub.args \
                and isinstance(sub.args[0], ast.Constant) \
                and isinstance(sub.args[0].value, str) and "state_bucket" in sub.args[0].value:
            found.append(sub.args[0].value)
    found.sort(key=lambda p: ("region" in p, p))
    return list(dict.fromkeys(found))
