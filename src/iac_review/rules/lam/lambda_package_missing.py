"""Lambda deployment package that is missing, a placeholder, or not a zip.

What it finds:
    For ``LambdaFunction`` / ``LambdaLayerVersion``:
    - ``filename`` naming a source file (``handler.py``, ``index.js``) or a
      ``TerraformAsset`` that is not ``AssetType.ARCHIVE`` (a copied directory
      or a single source file): Lambda needs a zip;
    - ``filename`` naming a placeholder (``lambda_placeholder.zip``, a
      "placeholder" or "you'll need to create" comment on the line);
    - ``filename`` naming a zip that is not a project file while nothing in the
      project builds archives (no ``zipfile``, ``shutil.make_archive``,
      ``DataArchiveFile``, ``TerraformAsset(type=AssetType.ARCHIVE)``, ``zip``
      command in a script or config). This case is High: a build step outside
      the answer may exist;
    - a literal ``source_code_hash`` that is not a hash (``"placeholder"``):
      Medium, code changes are never deployed.

Why it matters:
    Terraform uploads exactly the file named: a missing file stops the plan,
    a source file or directory is rejected by Lambda ("Could not unzip
    uploaded file") at apply, and a fixed hash hides every code change.

Example:
        LambdaFunction(self, "fn", function_name="ingest", role=role.arn,
                       runtime="python3.12", handler="index.handler",
                       filename="lambda_placeholder.zip")

Use instead:
        code = TerraformAsset(self, "fn-code", path=os.path.join(os.path.dirname(__file__),
                              "lambda"), type=AssetType.ARCHIVE)
        LambdaFunction(self, "fn", function_name="ingest", role=role.arn,
                       runtime="python3.12", handler="index.handler",
                       filename=code.path, source_code_hash=code.asset_hash)

Fix safety:
    No automatic fix: the package has to be built from the right sources.

References:
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function
"""
from __future__ import annotations

import ast
import re
from typing import Iterator

from iac_review.analysis.lambda_code import LambdaProject, PathValue, path_tail
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.lambda_ import PLACEHOLDER_WORDS

_SOURCE_SUFFIXES = (".py", ".js", ".mjs", ".cjs", ".ts", ".rb", ".go", ".java")
_PACKAGE_SUFFIXES = (".zip", ".jar")
# base64 of a SHA-256 (filebase64sha256 / asset hashes) or a hex digest
_HASH = re.compile(r"^(?:[A-Za-z0-9+/]{43}=|[0-9a-fA-F]{32,128})$")


class LambdaPackageMissing(Rule):
    meta = RuleMeta(
        id="LAM002",
        name="lambda-package-missing",
        category="lambda_package_missing_or_invalid",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="Lambda deployment package that is missing, a placeholder, or not a zip",
        why=("Models reference a zip they never build, leave placeholders for the user to "
             "fill, or hand Lambda the source file or folder instead of an archive."),
        impact=("Deployability: plan fails on the missing file, or Lambda rejects the upload "
                "at apply; a fixed hash means code changes are never deployed."),
        docs="https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function",
        training_value=("A CDKTF Lambda needs a real zip produced by the program itself: "
                        "TerraformAsset(type=AssetType.ARCHIVE) or an archive_file data "
                        "source, with its hash."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        lam = LambdaProject.of(ctx)
        for asset in ctx.calls_of("TerraformAsset"):
            kind = asset.arg("type")
            if not (isinstance(kind, ast.Attribute) and kind.attr == "ARCHIVE"):
                continue
            node = asset.arg_node("path")
            tail = (path_tail(node, asset.module, asset.assignments) or "").lower()
            if tail.endswith(_PACKAGE_SUFFIXES + _SOURCE_SUFFIXES):
                yield self.finding(
                    ctx, asset.path, node.lineno,
                    f"`TerraformAsset` with type=AssetType.ARCHIVE is given the file "
                    f"`{ast.unparse(node)}`: ARCHIVE zips a directory, and cdktf stops at "
                    f"synth when the path is a file",
                    column=node.col_offset + 1,
                    fix="point the asset at the source directory (cdktf builds the zip), or "
                        "use type=AssetType.FILE for a zip built beforehand")
        for call in lam.functions:
            node = call.arg_node("filename")
            if node is not None:
                found = self._package(ctx, lam, call, node, lam.package(call))
                if found is not None:
                    yield found
            hash_node = call.arg_node("source_code_hash")
            value = call.arg("source_code_hash")
            if isinstance(value, ast.Constant) and isinstance(value.value, str) \
                    and "${" not in value.value and not _HASH.match(value.value):
                severity = Severity.MEDIUM
                yield self.finding(
                    ctx, call.path, hash_node.lineno,
                    f"`{call.class_name}` `source_code_hash={value.value!r}` is a fixed "
                    f"placeholder, not the package's hash: a changed package is never "
                    f"redeployed",
                    column=hash_node.col_offset + 1, severity=severity,
                    fix="use Fn.filebase64sha256(<package path>) or the asset's asset_hash")

    def _package(self, ctx, lam: LambdaProject, call, node: ast.AST, value: PathValue):
        where = f"`{call.class_name}` `filename={ast.unparse(node)}`"
        fix = ("build the zip in the program: TerraformAsset(path=<source dir>, "
               "type=AssetType.ARCHIVE) and filename=asset.path")
        if value.anchor == "asset" and value.asset is not None:
            return self._asset(ctx, lam, call, node, value, where, fix)
        tail = (path_tail(node, call.module, call.assignments) or "").lower()
        path = value.path
        if tail.endswith(_SOURCE_SUFFIXES) or (path and lam.is_directory(path)):
            kind = "a directory" if path and lam.is_directory(path) else "a source file"
            return self.finding(
                ctx, call.path, node.lineno,
                f"{where} is {kind}, not a deployment package: Lambda rejects it at apply "
                f"('Could not unzip uploaded file'); the package must be a .zip",
                column=node.col_offset + 1, fix=fix)
        if path is None:
            return None
        lower = path.lower()
        line = _line(call.module, node.lineno)
        comment = line.split("#", 1)[1].lower() if "#" in line else ""
        if lam.exists(path):
            return None
        if not lam.builds_archives and (any(word in lower for word in PLACEHOLDER_WORDS) or
                                        any(word in comment for word in PLACEHOLDER_WORDS)):
            return self.finding(
                ctx, call.path, node.lineno,
                f"{where} is a placeholder package that the project never builds: plan fails "
                f"with 'no such file or directory' and the function has no real code",
                column=node.col_offset + 1, fix=fix)
        if not lower.endswith(_PACKAGE_SUFFIXES) or lam.builds_archives:
            return None
        severity = Severity.MEDIUM
        return self.finding(
            ctx, call.path, node.lineno,
            f"{where}: `{path}` is not in the project and nothing in it builds archives; plan "
            f"fails with 'no such file or directory' unless a build step outside the code "
            f"creates it first",
            column=node.col_offset + 1, severity=severity, fix=fix)

    def _asset(self, ctx, lam: LambdaProject, call, node, value: PathValue, where: str, fix: str):
        asset = value.asset
        if asset.class_name != "TerraformAsset":
            return None
        kind = asset.arg("type")
        kind_name = kind.attr if isinstance(kind, ast.Attribute) else None
        source = lam.path_of(asset, asset.arg_node("path"))
        tail = (path_tail(asset.arg_node("path"), asset.module, asset.assignments) or "").lower()
        if kind_name == "ARCHIVE" or (kind is not None and kind_name is None):
            return None   # ARCHIVE on a file is reported from the asset itself
        is_dir = kind_name == "DIRECTORY" or (
            kind is None and source.path is not None and lam.is_directory(source.path))
        if tail.endswith(_PACKAGE_SUFFIXES):
            return None   # a zip copied as a file asset is a valid package
        is_file = tail.endswith(_SOURCE_SUFFIXES)
        if not (is_dir or is_file):
            return None
        what = "a copied directory" if is_dir else "a single source file"
        return self.finding(
            ctx, call.path, node.lineno,
            f"{where} is {what} (TerraformAsset without type=AssetType.ARCHIVE), not a "
            f"zip: Lambda rejects it at apply ('Could not unzip uploaded file')",
            column=node.col_offset + 1, fix="add type=AssetType.ARCHIVE to the TerraformAsset")


def _line(module, lineno: int) -> str:
    lines = module.source.text.split("\n")
    return lines[lineno - 1] if 0 < lineno <= len(lines) else ""
