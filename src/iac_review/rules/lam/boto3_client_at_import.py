"""boto3 client or resource created at import time in Lambda code, without a Region.

What it finds:
    ``boto3.client("dynamodb")`` / ``boto3.resource("dynamodb")`` (also through
    a ``boto3.Session()``) in a statement at module level of a Lambda source -
    a file under a ``lambda``/``functions``/``handlers`` folder or defining a
    ``handler(event, context)``, or a handler written as a code string in the
    stack - when no ``region_name`` is passed. Services with a global endpoint
    (S3, IAM, STS, Route 53, CloudFront) are not findings.

Why it matters:
    The client is built when the module is imported. In Lambda the runtime
    sets ``AWS_REGION``, but the unit tests that import the handler run
    without it and fail with ``botocore.exceptions.NoRegionError`` before a
    single test runs; module-level clients also cannot be replaced per test
    (moto or stubs must be active before the import).

Example:
        import boto3

        table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])

        def handler(event, context):
            return table.get_item(Key={"id": event["id"]})

Use instead:
        import boto3

        def _table():
            return boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])

        def handler(event, context):
            return _table().get_item(Key={"id": event["id"]})

Fix safety:
    No automatic fix: moving the client changes how the module is tested.

References:
    https://boto3.amazonaws.com/v1/documentation/api/latest/guide/configuration.html
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.lambda_code import LambdaProject
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.lambda_ import GLOBAL_BOTO3_SERVICES


class Boto3ClientAtImport(Rule):
    meta = RuleMeta(
        id="LAM006",
        name="boto3-client-at-import",
        category="lambda_source_code_defect",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="boto3 client or resource created at import time in Lambda code, without a Region",
        why=("Models follow the Lambda 'reuse clients across invocations' advice literally and "
             "create clients at module level, which runs on import in tests too."),
        impact=("Testability: importing the handler raises NoRegionError without AWS_REGION; "
                "the task's unit tests fail or cannot mock the client."),
        docs="https://boto3.amazonaws.com/v1/documentation/api/latest/guide/configuration.html",
        training_value=("Create boto3 clients lazily (or with an explicit region_name) so Lambda "
                        "code can be imported and tested without AWS configuration."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for source in LambdaProject.of(ctx).sources:
            calls = []
            for stmt in _module_level(source.tree.body):
                for node in _eager_nodes(stmt):
                    service = _client_call(node)
                    if service is not None and service.lower() not in GLOBAL_BOTO3_SERVICES:
                        calls.append((node, service))
            if not calls:
                continue
            node, service = calls[0]
            shown = f"boto3.{node.func.attr}({service!r})"
            others = [s for _, s in calls[1:]]
            more = f" (and {len(others)} more: {', '.join(others)})" if others else ""
            where = "inline Lambda code" if source.inline else "the Lambda module"
            yield self.finding(
                ctx, source.path, source.line(node),
                f"`{shown}`{more} runs when {where} is imported and has no region_name: "
                f"importing it in unit tests without AWS_REGION fails with NoRegionError, and "
                f"the clients cannot be mocked per test",
                column=node.col_offset + 1,
                fix="create clients inside the handler or a cached getter function, or pass "
                    "region_name=os.environ.get('AWS_REGION', ...)")


def _module_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements that run on import (module body, module-level if/try/with blocks)."""
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(stmt, ast.If) and _is_main_guard(stmt):
            continue
        if isinstance(stmt, (ast.If, ast.Try, ast.With)):
            blocks = [stmt.body, getattr(stmt, "orelse", [])]
            if isinstance(stmt, ast.Try):
                blocks += [h.body for h in stmt.handlers] + [stmt.finalbody]
            for block in blocks:
                yield from _module_level(block)
            continue
        yield stmt


def _eager_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """Nodes evaluated when the statement runs (not inside lambdas or nested defs)."""
    yield node
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                  ast.ClassDef)):
            yield from _eager_nodes(child)


def _is_main_guard(stmt: ast.If) -> bool:
    test = stmt.test
    return isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) \
        and test.left.id == "__name__"


def _client_call(node: ast.AST) -> str | None:
    """The service of a boto3.client/resource call without region_name."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("client", "resource")):
        return None
    base = node.func.value
    is_boto3 = (isinstance(base, ast.Name) and base.id == "boto3") or (
        isinstance(base, ast.Call) and isinstance(base.func, ast.Attribute)
        and base.func.attr == "Session" and isinstance(base.func.value, ast.Name)
        and base.func.value.id == "boto3"
        and not any(kw.arg == "region_name" for kw in base.keywords))
    if not is_boto3:
        return None
    if any(kw.arg in ("region_name", None) for kw in node.keywords) or len(node.args) > 1:
        return None
    service = node.args[0] if node.args else next(
        (kw.value for kw in node.keywords if kw.arg == "service_name"), None)
    if isinstance(service, ast.Constant) and isinstance(service.value, str):
        return service.value
    return None
