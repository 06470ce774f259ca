"""Lambda package path relative to the directory the program runs in.

What it finds:
    ``LambdaFunction(filename=...)`` and ``LambdaLayerVersion(filename=...)``
    with a relative path (``"lambda.zip"``, ``f"lib/lambda/{name}.zip"``,
    ``os.path.join("lambda", "x.zip")``), and relative paths given to
    Terraform's file functions: ``Fn.filebase64sha256("lambda.zip")``,
    ``Fn.filemd5(...)``, ``Fn.file(...)`` or a hand-written
    ``"${filebase64sha256(\\"lambda.zip\\")}"``. Absolute paths
    (``os.path.abspath``, ``Path(...).resolve()``,
    ``os.path.join(os.path.dirname(__file__), ...)``), ``TerraformAsset(...).path``,
    ``DataArchiveFile(...).output_path`` and paths written relative to the
    stack directory (``"../../../lib/x.zip"``) are fine.

Why it matters:
    cdktf copies nothing for a plain path: it writes the string into
    cdk.tf.json, and Terraform reads the file from its own working directory,
    ``cdktf.out/stacks/<stack>``. A path relative to the project root is not
    found there: plan fails with "no such file or directory" (or "no file
    exists at ..." from the file functions).

Example:
        LambdaFunction(self, "fn", function_name="ingest", role=role.arn,
                       runtime="python3.12", handler="index.handler",
                       filename="lambda.zip",
                       source_code_hash=Fn.filebase64sha256("lambda.zip"))

Use instead:
        package = os.path.abspath("lambda.zip")
        LambdaFunction(self, "fn", function_name="ingest", role=role.arn,
                       runtime="python3.12", handler="index.handler",
                       filename=package, source_code_hash=Fn.filebase64sha256(package))

Fix safety:
    No automatic fix: the fix depends on where the package is built; an
    absolute path or a TerraformAsset are both valid.

References:
    https://developer.hashicorp.com/terraform/cdktf/concepts/assets
"""
from __future__ import annotations

import ast
import re
from typing import Iterator

from iac_review.analysis.lambda_code import LambdaProject, evaluate_path
from iac_review.analysis.strings import pieces
from iac_review.analysis.values import Assignments
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta

# Terraform file functions (read a file relative to the working directory).
# Source: https://developer.hashicorp.com/terraform/language/functions/file
_FILE_FUNCTIONS = frozenset({"file", "filebase64", "filebase64sha256", "filebase64sha512",
                             "filemd5", "filesha1", "filesha256", "filesha512", "templatefile"})
_HAND_WRITTEN = re.compile(r'\$\{\s*(file\w*)\(\s*"([^"]*)"')


class RelativeLambdaAssetPath(Rule):
    meta = RuleMeta(
        id="LAM001",
        name="relative-lambda-asset-path",
        category="lambda_asset_path_relative",
        default_severity=Severity.HIGH,
        stage="static",
        summary="Lambda package path relative to the directory the program runs in",
        why=("Models write paths relative to the project, unaware that Terraform runs in "
             "cdktf.out/stacks/<stack> and resolves plain paths from there."),
        impact="Deployability: plan fails with 'no such file or directory' for the package.",
        docs="https://developer.hashicorp.com/terraform/cdktf/concepts/assets",
        training_value=("A file path handed to Terraform in CDKTF must be absolute (or a "
                        "TerraformAsset), because Terraform runs in cdktf.out/stacks/<stack>."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        lam = LambdaProject.of(ctx)
        seen: set[tuple[str, int, int]] = set()
        for call in lam.functions:
            node = call.arg_node("filename")
            value = lam.package(call)
            if value.anchor == "relative":
                key = (call.path, node.lineno, node.col_offset)
                seen.add(key)
                shown = ast.unparse(node)
                yield self.finding(
                    ctx, call.path, node.lineno,
                    f"`{call.class_name}` `filename={shown}` is a relative path: Terraform runs "
                    f"in cdktf.out/stacks/<stack>, so plan fails with 'no such file or "
                    f"directory'",
                    column=node.col_offset + 1,
                    fix="pass an absolute path (os.path.abspath, os.path.join(os.path.dirname("
                        "__file__), ...)) or a TerraformAsset(...).path")
            hash_node = call.arg_node("source_code_hash")
            if hash_node is not None:
                yield from self._hand_written(ctx, call, hash_node, lam)
        yield from self._fn_calls(ctx, lam, seen)

    def _hand_written(self, ctx, call, node: ast.AST, lam: LambdaProject) -> Iterator[Finding]:
        """``"${filebase64sha256(\\"lambda.zip\\")}"`` written into a string."""
        parts = pieces(call.value(node))
        if not parts:
            return
        exprs = [p.expr for p in parts if p.expr is not None]
        text = "".join(p.text if p.expr is None else f"\x00{exprs.index(p.expr)}\x00"
                       for p in parts)
        for match in _HAND_WRITTEN.finditer(text):
            function, path = match.groups()
            placeholder = re.fullmatch("\x00(\\d+)\x00", path)
            if placeholder:
                expr = exprs[int(placeholder.group(1))]
                value = evaluate_path(expr, call.module, call.assignments, lam.calls_by_node)
                path = ast.unparse(expr)
            elif "\x00" in path:
                continue
            else:
                value = evaluate_path(ast.Constant(path), call.module, None, {})
            if value.anchor == "relative":
                yield self.finding(
                    ctx, call.path, node.lineno,
                    f"`{call.class_name}` `source_code_hash` evaluates `{function}({path})` "
                    f"with a relative path: Terraform runs in cdktf.out/stacks/<stack>, so plan "
                    f"fails with 'no file exists at ...'",
                    column=node.col_offset + 1,
                    fix=f"use Fn.{function}(<absolute path>) with the same absolute path as "
                        f"`filename`")

    def _fn_calls(self, ctx, lam: LambdaProject, seen) -> Iterator[Finding]:
        for module in ctx.modules:
            if module.tree is None or "Fn." not in module.source.text:
                continue
            assignments = None
            for node in module.walk():
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr in _FILE_FUNCTIONS and node.args
                        and isinstance(node.func.value, ast.Name)
                        and node.func.value.id == "Fn"):
                    continue
                if assignments is None:
                    assignments = Assignments.collect(module)
                arg = node.args[0]
                value = evaluate_path(arg, module, assignments, lam.calls_by_node)
                if value.anchor != "relative" or (module.path, arg.lineno, arg.col_offset) in seen:
                    continue
                yield self.finding(
                    ctx, module.path, node.lineno,
                    f"`Fn.{node.func.attr}({ast.unparse(arg)})` reads a relative path: "
                    f"Terraform evaluates it in cdktf.out/stacks/<stack>, so plan fails with "
                    f"'no file exists at ...'",
                    column=node.col_offset + 1,
                    fix="pass an absolute path (os.path.abspath(...)), the same one as the "
                        "function's filename")
