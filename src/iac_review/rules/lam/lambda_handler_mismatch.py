"""Lambda ``handler`` that names a file or function the package does not contain.

What it finds:
    ``LambdaFunction(handler="module.func")`` (Python or Node.js runtime)
    when the project holds the code the package is built from and that code
    has no ``module.py`` (``module.js`` / ``.mjs``), or the file does not define
    ``func``. The source is located only with confidence: the directory of a
    ``TerraformAsset(type=ARCHIVE)`` or ``DataArchiveFile(source_dir=...)``, the
    file of ``DataArchiveFile(source_file=...)``, or for a zip path
    ``d/name.zip`` the folder ``d/name/``, the file ``d/name.py``, or a folder
    ``d/`` that holds only Lambda code. Packages whose files are renamed while
    zipping (the module file name appears as a string in the project) are
    skipped.

Why it matters:
    Lambda imports the handler's module from the package root at the first
    invocation: a wrong name deploys cleanly and then every invocation fails
    with ``Runtime.ImportModuleError`` or ``Runtime.HandlerNotFound``.

Example:
        # lib/lambda/processor.py defines handler(event, context)
        LambdaFunction(self, "fn", function_name="proc", role=role.arn,
                       runtime="python3.12", handler="index.handler",
                       filename=code.path)   # code: TerraformAsset of lib/lambda

Use instead:
        LambdaFunction(self, "fn", function_name="proc", role=role.arn,
                       runtime="python3.12", handler="processor.handler",
                       filename=code.path)

Fix safety:
    No automatic fix: either the handler string or the file name may be the
    intended one.

References:
    https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html
"""
from __future__ import annotations

import ast
import posixpath
import re
from typing import Iterator

from iac_review.analysis.lambda_code import LambdaProject
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.lambda_ import HANDLER_EXTENSIONS, runtime_family


class LambdaHandlerMismatch(Rule):
    meta = RuleMeta(
        id="LAM003",
        name="lambda-handler-mismatch",
        category="lambda_handler_mismatch",
        # High: synth and deploy succeed; the function fails when called (a test failure).
        default_severity=Severity.HIGH,
        stage="static",
        summary="Lambda handler that names a file or function the package does not contain",
        why=("Models default to index.handler (or lambda_function.lambda_handler) without "
             "checking the file and function names of the code they wrote."),
        impact=("Deployability: the function deploys but every invocation fails with "
                "Runtime.ImportModuleError or Runtime.HandlerNotFound."),
        docs="https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html",
        training_value=("The handler string is <file without extension>.<function> relative "
                        "to the package root; it must match the code that is zipped."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        lam = LambdaProject.of(ctx)
        for call in lam.functions:
            if call.tf_type != "aws_lambda_function":
                continue
            handler = call.arg("handler")
            runtime = call.arg("runtime")
            if not (isinstance(handler, ast.Constant) and isinstance(handler.value, str)
                    and "." in handler.value and isinstance(runtime, ast.Constant)
                    and isinstance(runtime.value, str)):
                continue
            family = runtime_family(runtime.value)
            if family is None:
                continue
            exts = HANDLER_EXTENSIONS[family]
            location = lam.source_location(call, exts)
            if location is None or not location.files:
                continue
            module_name, func = handler.value.rsplit(".", 1)
            module_path = module_name.replace(".", "/") if family == "python" else module_name
            wanted = [module_path + ext for ext in exts]
            if any(posixpath.basename(w) in lam.string_literals for w in wanted):
                continue  # the file is renamed or generated while packaging
            node = call.arg_node("handler")
            found = next((location.files[w] for w in wanted if w in location.files), None)
            if found is None:
                code = sorted(p for p in location.files if p.endswith(exts))
                if not code:
                    continue
                shown = ", ".join(code[:4]) + (" ..." if len(code) > 4 else "")
                yield self.finding(
                    ctx, call.path, node.lineno,
                    f"`{call.class_name}` `handler={handler.value!r}` needs `{wanted[0]}` at the "
                    f"package root, but the package built from `{location.description}` holds "
                    f"{shown}: every invocation fails with Runtime.ImportModuleError",
                    column=node.col_offset + 1,
                    fix=f"set handler to `<file>.{func}` for the file that defines it (e.g. "
                        f"`{_stem(code[0])}.{func}`)")
                continue
            defined = self._defines(ctx, found, func, family)
            if defined is False:
                yield self.finding(
                    ctx, call.path, node.lineno,
                    f"`{call.class_name}` `handler={handler.value!r}`: `{found}` defines no "
                    f"top-level `{func}`, so every invocation fails with "
                    f"Runtime.HandlerNotFound",
                    column=node.col_offset + 1,
                    fix=f"name the handler after the function `{found}` defines")

    @staticmethod
    def _defines(ctx, path: str, func: str, family: str) -> bool | None:
        if family == "python":
            module = ctx.module(path)
            if module is None or module.tree is None:
                return None
            for stmt in module.tree.body:
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
                        and stmt.name == func:
                    return True
                if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                    if any(isinstance(t, ast.Name) and t.id == func for t in targets):
                        return True
                if isinstance(stmt, (ast.ImportFrom, ast.Import)) and any(
                        (alias.asname or alias.name) == func for alias in stmt.names):
                    return True
            return False
        source = ctx.project.files.get(path)
        if source is None:
            return None
        name = re.escape(func)
        pattern = (rf"exports\.{name}\b|export\s+(?:const|let|var|async\s+function|function)"
                   rf"\s+{name}\b|module\.exports\s*=|export\s*\{{[^}}]*\b{name}\b")
        return bool(re.search(pattern, source.text))


def _stem(path: str) -> str:
    return posixpath.splitext(path)[0].replace("/", ".")
