"""State bucket or lock table created by the stack whose backend uses it.

What it finds:
    An `S3Bucket` whose name is the `bucket` of the same stack's `S3Backend`
    (the same literal, the same variable, or `bucket=<that S3Bucket>.bucket`),
    and a `DynamodbTable` that is the backend's `dynamodb_table` the same way.
    A DynamoDB table with `hash_key="LockID"` (the shape of a Terraform lock
    table) in a stack that has an S3 backend but locks with another table (or
    none) is reported at Medium: an unused lock table the stack cannot use.

Why it matters:
    `terraform init` needs the state bucket (and lock table) before anything
    is planned: a bucket the stack itself would create does not exist yet, so
    init fails on a fresh account. Where it happens to exist, the stack now
    manages the storage of its own state, and `destroy` tries to delete the
    bucket that holds the state it is destroying.

Example:
        S3Backend(self, bucket=f"tf-state-{environment_suffix}", key="stack.tfstate",
                  region="us-east-1")
        S3Bucket(self, "state", bucket=f"tf-state-{environment_suffix}")

Use instead:
        S3Backend(self, bucket=state_bucket, key=f"{environment_suffix}/stack.tfstate",
                  region=state_bucket_region)
        # the state bucket and lock table come from a separate bootstrap stack

Fix safety:
    No automatic fix: moving the bucket to a bootstrap stack changes who owns it.

References:
    https://developer.hashicorp.com/terraform/language/backend/s3
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Iterator

from iac_review.analysis.strings import literal_text
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.analysis.backend import BackendFacts, backend_facts
from iac_review.analysis.expressions import short
from iac_review.analysis.project_facts import ProjectFacts, project_facts

_STORES = {  # backend argument -> (resource class, its name argument, what it is)
    "bucket": ("S3Bucket", "bucket", "state bucket"),
    "dynamodb_table": ("DynamodbTable", "name", "lock table"),
}


class StateBucketInOwnStack(Rule):
    meta = RuleMeta(
        id="BKD003",
        name="state-bucket-in-own-stack",
        category="state_backend_missing_or_misdesigned",
        default_severity=Severity.HIGH,
        stage="static",
        summary="State bucket or lock table created by the stack whose backend uses it",
        why=("Models asked for \"remote state with locking\" create the bucket and table "
             "as resources next to the S3Backend that needs them, a chicken-and-egg loop."),
        impact=("Deployability: terraform init fails on a fresh account because the "
                "backend storage does not exist yet; destroy deletes its own state store."),
        docs="https://developer.hashicorp.com/terraform/language/backend/s3",
        training_value=("Backend storage (state bucket, lock table) must exist before the "
                        "stack and is created outside it, by a bootstrap stack or the pipeline."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        facts = backend_facts(ctx)
        names = project_facts(ctx)
        code = {m.path for m in names.modules}
        refs = _backend_refs(ctx, facts, code)
        if not refs:
            return
        stores = [c for c in ctx.calls
                  if c.class_name in ("S3Bucket", "DynamodbTable") and c.path in code
                  and c.kind in ("resource", "unknown")]
        reported: set[int] = set()
        for ref in refs:
            cls, name_arg, what = _STORES[ref.arg]
            for store in stores:
                if store.class_name != cls or id(store.node) in reported:
                    continue
                if _same_stack(facts, ref.stack, store) and \
                        _same_value(names, ref.module, ref.value, store, name_arg):
                    reported.add(id(store.node))
                    yield self._finding(ctx, store, name_arg, what, ref)
        for store in stores:
            if store.class_name != "DynamodbTable" or id(store.node) in reported:
                continue
            key = store.arg_node("hash_key")
            if key is None or literal_text(key) != "LockID":
                continue
            if not any(_same_stack(facts, r.stack, store) for r in refs):
                continue
            lock = next((r for r in refs if r.arg == "dynamodb_table"
                         and _same_stack(facts, r.stack, store)), None)
            reported.add(id(store.node))
            yield self._lock_shape(ctx, store, lock)

    def _finding(self, ctx, store, name_arg: str, what: str, ref: "_Ref") -> Finding:
        node = store.arg_node(name_arg) or store.node
        shown = short(node) if store.arg_node(name_arg) is not None else store.class_name
        return self.finding(
            ctx, store.path, node.lineno,
            f"{store.class_name} {shown} is the {what} of this stack's backend "
            f"({ref.written}, line {ref.line}): `terraform init` needs it before the stack "
            f"can create it, so init fails on a fresh account, and destroy would delete the "
            f"store of its own state",
            column=node.col_offset + 1,
            fix=(f"create the {what} outside this stack (a bootstrap stack or the pipeline) "
                 f"and pass its name in (e.g. a state_bucket parameter)"),
        )

    def _lock_shape(self, ctx, store, lock: "_Ref | None") -> Finding:
        node = store.arg_node("name") or store.node
        uses = (f"the backend locks with another table ({lock.written})" if lock
                else "the backend does not use it")
        severity = Severity.MEDIUM
        return self.finding(
            ctx, store.path, node.lineno,
            f"{store.class_name} {short(node)} has hash_key \"LockID\", the shape of a "
            f"Terraform state lock table, but {uses}: the stack creates a lock table it cannot "
            f"lock itself with (a backend's table must exist before `terraform init`)",
            column=node.col_offset + 1, severity=severity, confidence=0.7,
            fix=("remove the table, or create it in a bootstrap stack and pass its name to "
                 "S3Backend(dynamodb_table=...)"),
        )


@dataclass(frozen=True)
class _Ref:
    module: object
    stack: ast.ClassDef | None
    arg: str               # "bucket" or "dynamodb_table"
    value: ast.AST
    line: int
    written: str


def _backend_refs(ctx, facts: BackendFacts, code: set[str]) -> list[_Ref]:
    refs: list[_Ref] = []
    for call in ctx.calls_of("S3Backend"):
        if call.path not in code:
            continue
        stack = facts.stack_of(call.module, call.node)
        for arg in _STORES:
            value = call.arg_node(arg)
            if value is not None:
                refs.append(_Ref(call.module, stack, arg, value, call.line,
                                 f"S3Backend {arg}={short(value, 60)}"))
    for override in facts.overrides:
        arg = override.path.removeprefix("terraform.backend.s3.")
        if arg in _STORES and override.value is not None:
            stack = facts.stack_of(override.module, override.node)
            refs.append(_Ref(override.module, stack, arg, override.value, override.node.lineno,
                             f"add_override(\"{override.path}\", {short(override.value, 60)})"))
    return refs


def _same_stack(facts: BackendFacts, stack: ast.ClassDef | None, store) -> bool:
    """The store is created by the backend's stack: inside its class, or in code
    that is not itself a stack class (constructs / helpers it calls) when the
    project has a single stack class."""
    owner = facts.stack_of(store.module, store.node)
    if owner is not None:
        return owner is stack
    return len({id(s.node) for s in facts.stacks}) <= 1


def _same_value(names: ProjectFacts, module, ref: ast.AST, store, name_arg: str) -> bool:
    value = store.arg_node(name_arg)
    ref_value = names.resolve(module, ref)
    # bucket=<the S3Bucket object>.bucket / .id
    if isinstance(ref_value, ast.Attribute) and ref_value.attr in ("bucket", "id", "name"):
        target = names.resolve(module, ref_value.value)
        if target is store.node:
            return True
    if value is None:
        return False
    store_value = names.resolve(store.module, value)
    return ast.dump(store_value) == ast.dump(ref_value)
