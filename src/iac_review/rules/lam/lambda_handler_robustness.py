"""Lambda handler that parses the request body unguarded or returns no statusCode.

What it finds:
    In Lambda sources (files under a ``lambda``/``functions``/``handlers``
    folder or defining ``handler(event, context)``, and handler code strings in
    the stack):
    - ``json.loads(event["body"])`` (also ``event.get("body")`` or a local name
      holding the body) outside a ``try`` whose handlers catch
      ``json.JSONDecodeError`` / ``ValueError`` / ``Exception``;
    - a handler reading API Gateway fields (``body``, ``httpMethod``,
      ``pathParameters``, ``queryStringParameters``, ``requestContext``) that
      returns a dict literal without ``statusCode``.

Why it matters:
    A malformed or empty body raises in the handler and API Gateway answers
    502 "Internal server error" instead of a 400 the client can act on; with
    the Lambda proxy integration a response without ``statusCode`` is a
    "Malformed Lambda proxy response" (502) even when the code succeeded.

Example:
        def handler(event, context):
            order = json.loads(event["body"])
            table.put_item(Item=order)
            return {"ok": True}

Use instead:
        def handler(event, context):
            try:
                order = json.loads(event.get("body") or "{}")
            except json.JSONDecodeError:
                return {"statusCode": 400, "body": json.dumps({"error": "invalid JSON"})}
            table.put_item(Item=order)
            return {"statusCode": 200, "body": json.dumps({"ok": True})}

Fix safety:
    No automatic fix: the error response is part of the API's contract.

References:
    https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.lambda_code import LambdaProject, LambdaSource
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta

_JSON_ERRORS = frozenset({"JSONDecodeError", "ValueError", "Exception", "BaseException",
                          "TypeError"})
_API_FIELDS = frozenset({"body", "httpMethod", "pathParameters", "queryStringParameters",
                         "requestContext", "resource", "rawPath", "routeKey"})


class LambdaHandlerRobustness(Rule):
    meta = RuleMeta(
        id="LAM005",
        name="lambda-handler-robustness",
        category="lambda_source_code_defect",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="Lambda handler that parses the request body unguarded or returns no statusCode",
        why=("Models write the happy path of an API handler: they parse the body without "
             "handling bad input and return plain data instead of a proxy response."),
        impact=("Reliability: clients get 502 errors instead of 400 responses, and failures are "
                "hard to tell from bugs."),
        docs=("https://docs.aws.amazon.com/apigateway/latest/developerguide/"
              "set-up-lambda-proxy-integrations.html"),
        training_value=("An API Gateway Lambda must validate its input and always answer with "
                        "statusCode and body, including for malformed JSON."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for source in LambdaProject.of(ctx).sources:
            parents = _parents(source.tree)
            body_names = _body_names(source.tree)
            for node in ast.walk(source.tree):
                if _is_json_loads(node) and node.args and \
                        _reads_body(node.args[0], body_names) and \
                        not _guarded(node, parents):
                    yield self.finding(
                        ctx, source.path, source.line(node),
                        f"`{ast.unparse(node)[:60]}` parses the request body outside a try that "
                        f"catches json.JSONDecodeError: a malformed or missing body makes the "
                        f"invocation fail and API Gateway answers 502 instead of 400",
                        column=node.col_offset + 1,
                        fix="wrap the parse in try/except json.JSONDecodeError (and a missing "
                            "body) and return {'statusCode': 400, 'body': ...}")
            yield from self._returns(ctx, source)

    def _returns(self, ctx, source: LambdaSource) -> Iterator[Finding]:
        for function in source.tree.body:
            if not (isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and [a.arg.lstrip("_") for a in function.args.args[:2]]
                    == ["event", "context"]):
                continue
            if not _reads_api_fields(function):
                continue
            for node in _own_nodes(function):
                if not (isinstance(node, ast.Return) and isinstance(node.value, ast.Dict)):
                    continue
                keys = node.value.keys
                if any(k is None for k in keys):
                    continue   # **spread may carry statusCode
                names = {k.value for k in keys if isinstance(k, ast.Constant)}
                if "statusCode" in names or "status_code" in names or not names:
                    continue
                yield self.finding(
                    ctx, source.path, source.line(node),
                    f"`{function.name}` reads API Gateway request fields but returns a dict "
                    f"without statusCode: with the Lambda proxy integration the response is "
                    f"'Malformed Lambda proxy response' (502)",
                    column=node.col_offset + 1,
                    fix="return {'statusCode': 200, 'headers': {...}, 'body': json.dumps(...)}")


def _parents(tree: ast.AST) -> dict[int, ast.AST]:
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    return parents


def _is_json_loads(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
        and node.func.attr == "loads" and isinstance(node.func.value, ast.Name) \
        and node.func.value.id == "json"


def _is_body_access(expr: ast.AST) -> bool:
    """event["body"], event.get("body"), event.get("body") or "{}" ..."""
    if isinstance(expr, ast.BoolOp):
        return any(_is_body_access(v) for v in expr.values)
    if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name) \
            and expr.value.id == "event":
        key = expr.slice
        return isinstance(key, ast.Constant) and key.value == "body"
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) \
            and expr.func.attr == "get" and isinstance(expr.func.value, ast.Name) \
            and expr.func.value.id == "event" and expr.args:
        key = expr.args[0]
        return isinstance(key, ast.Constant) and key.value == "body"
    return False


def _body_names(tree: ast.AST) -> set[str]:
    """Local names assigned the raw body: body = event["body"]."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _is_body_access(node.value):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _reads_body(expr: ast.AST, body_names: set[str]) -> bool:
    if _is_body_access(expr):
        return True
    return isinstance(expr, ast.Name) and expr.id in body_names


def _guarded(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    child, current = node, parents.get(id(node))
    while current is not None:
        if isinstance(current, ast.Try) and any(child is stmt for stmt in current.body):
            for handler in current.handlers:
                if handler.type is None or _names(handler.type) & _JSON_ERRORS:
                    return True
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return False
        child, current = current, parents.get(id(current))
    return False


def _names(expr: ast.AST) -> set[str]:
    if isinstance(expr, ast.Tuple):
        return set().union(*(_names(e) for e in expr.elts)) if expr.elts else set()
    if isinstance(expr, ast.Attribute):
        return {expr.attr}
    if isinstance(expr, ast.Name):
        return {expr.id}
    return set()


def _reads_api_fields(function: ast.AST) -> bool:
    for node in _own_nodes(function):
        key = None
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
                and node.value.id == "event":
            key = node.slice
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "get" and isinstance(node.func.value, ast.Name) \
                and node.func.value.id == "event" and node.args:
            key = node.args[0]
        if isinstance(key, ast.Constant) and key.value in _API_FIELDS:
            return True
    return False


def _own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    """Nodes of a function body, not of functions nested in it."""
    for child in ast.iter_child_nodes(function):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        yield child
        yield from _own_nodes(child)
