"""Node.js Lambda on nodejs18.x or later that loads the v2 AWS SDK.

What it finds:
    A `LambdaFunction` whose `runtime` is `nodejs18.x` or later and whose
    handler source (the project's .js / .ts files in the folder the package
    is built from, or inline archive content) loads the v2 SDK:
    `require("aws-sdk")`, `import AWS from "aws-sdk"`, `import("aws-sdk")`.
    Not reported when the package ships the SDK itself (a `package.json` in
    the source folder that lists `aws-sdk`).

Why it matters:
    The Node.js 18 and later Lambda runtimes include only the AWS SDK for
    JavaScript v3. The v2 package is not there, so the function deploys but
    every cold start fails with "Runtime.ImportModuleError: Error: Cannot
    find module 'aws-sdk'" and no invocation succeeds.

Example:
        LambdaFunction(self, "orders", runtime="nodejs20.x", handler="index.handler", ...)
        // lib/lambda/orders/index.js
        const AWS = require("aws-sdk");

Use instead:
        // lib/lambda/orders/index.js
        const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");

Fix safety:
    No automatic fix: moving to the v3 clients changes every call site
    (commands, `send`, promise handling).

References:
    https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html
"""
from __future__ import annotations

import ast
import posixpath
import re
from typing import Iterator

from iac_review.analysis.lambda_code import LambdaProject
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.lambda_ import runtime_lacks_sdk_v2

_JS_EXTS = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")
# require("aws-sdk"), require('aws-sdk/clients/s3'), import X from "aws-sdk",
# import * as AWS from 'aws-sdk', import "aws-sdk", import("aws-sdk")
# The import clause is written \s[...]+\s, not \s+[...]+?\s+: the same strings, but
# spaces no longer split three ways between the quantifiers (cubic on long runs).
_SDK_V2 = re.compile(
    r"""(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport(?:\s[\w*{}\s,$]+\sfrom\s+|\s+))"""
    r"""['"]aws-sdk(?:/[^'"]*)?['"]""")
_COMMENT = re.compile(r"^\s*(?://|\*|/\*)")


class NodeSdkV2OnNewRuntime(Rule):
    meta = RuleMeta(
        id="LAM007",
        name="node-sdk-v2-on-new-runtime",
        category="lambda_source_code_defect",
        default_severity=Severity.HIGH,
        stage="static",
        summary="Node.js 18+ Lambda whose code loads the v2 AWS SDK (`aws-sdk`)",
        why=("Models write Lambda code from older examples that `require('aws-sdk')`, "
             "while picking a current runtime whose image ships only the v3 SDK."),
        impact=("Deployability: the function deploys, then every cold start fails with "
                "\"Cannot find module 'aws-sdk'\"; the feature it implements never runs."),
        docs="https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html",
        training_value=("On nodejs18.x and later, use the modular v3 clients "
                        "(@aws-sdk/client-*) or bundle the v2 SDK with the package."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        lam = LambdaProject.of(ctx)
        reported: set[str] = set()
        for call in lam.functions:
            if call.tf_type != "aws_lambda_function":
                continue
            runtime = call.arg("runtime")
            if not (isinstance(runtime, ast.Constant) and isinstance(runtime.value, str)
                    and runtime_lacks_sdk_v2(runtime.value)):
                continue
            for path, line, shown in self._sdk_v2_uses(ctx, lam, call):
                if path in reported:
                    continue
                reported.add(path)
                name = _function_name(call)
                yield self.finding(
                    ctx, path, line,
                    f"`{shown}` loads the v2 AWS SDK, but Lambda `{name}` runs on "
                    f"{runtime.value}, which bundles only the v3 SDK: the function deploys, "
                    f"then every cold start fails with \"Cannot find module 'aws-sdk'\"",
                    fix=("use the v3 clients (e.g. const { DynamoDBClient } = "
                         "require(\"@aws-sdk/client-dynamodb\")) or ship aws-sdk in the "
                         "package's node_modules (package.json dependency)"),
                )

    @staticmethod
    def _sdk_v2_uses(ctx, lam: LambdaProject, call) -> list[tuple[str, int, str]]:
        """(project path, line, matched text) of v2 SDK loads in the function's sources."""
        found: list[tuple[str, int, str]] = []
        location = lam.source_location(call, _JS_EXTS)
        if location is not None:
            folders = {posixpath.dirname(p) for p in location.files.values()}
            if any(_bundles_sdk(ctx, posixpath.join(d, "package.json")) for d in folders):
                return []
            for inner, path in sorted(location.files.items()):
                if not inner.endswith(_JS_EXTS) or "node_modules/" in path:
                    continue
                source = ctx.project.files.get(path)
                if source is not None:
                    found.extend((path, line, shown) for line, shown in _matches(source.text, 1))
            return found
        value = lam.package(call)
        asset = value.asset
        if asset is not None and asset.class_name == "DataArchiveFile":
            for node in ast.walk(asset.node):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                        and "aws-sdk" in node.value:
                    found.extend((asset.path, line, shown)
                                 for line, shown in _matches(node.value, node.lineno))
        return found


def _bundles_sdk(ctx, path: str) -> bool:
    source = ctx.project.files.get(path)
    return source is not None and '"aws-sdk"' in source.text


def _matches(text: str, first_line: int) -> list[tuple[int, str]]:
    out = []
    if "aws-sdk" not in text:
        return out
    for number, line in enumerate(text.splitlines()):
        if "aws-sdk" not in line or _COMMENT.match(line):
            continue
        match = _SDK_V2.search(line)
        if match:
            out.append((first_line + number, _shorten(line.strip())))
            break
    return out


def _shorten(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _function_name(call) -> str:
    """The function's name for messages: a literal function_name, else its construct id."""
    for node in (call.arg("function_name"), call.construct_id):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return _shorten(node.value, 50)
    node = call.construct_id
    return _shorten(ast.unparse(node), 50) if node is not None else call.class_name
