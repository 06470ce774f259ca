"""Lambda handler importing a module that neither the runtime nor the package provides.

What it finds:
    Python Lambda functions (no layers) whose package the project shows, and
    whose code imports a top-level module that is not in the standard library,
    not in what every Lambda Python runtime installs (boto3, botocore and their
    dependencies), and not a file or folder of the package itself. Packages
    that carry a `requirements.txt` (or another build manifest) are left
    alone: a build step may install what they list; so are modules that a
    `pip install` line of the project's scripts or docs names. Imports
    guarded by `try/except ImportError` are not reported.

Why it matters:
    The function deploys, and every invocation then fails with
    `Runtime.ImportModuleError: No module named ...` (or the call that
    imports it lazily fails), so the integration tests and the service it
    backs fail.

Example:
        # lib/lambda/handler.py, zipped alone into the function's package
        from aws_xray_sdk.core import patch_all

Use instead:
        Install the dependency into the package (pip install -t build/ -r
        requirements.txt before zipping) or attach a layer that provides it;
        or drop the import.

Fix safety:
    No automatic fix: packaging is a build decision.

References:
    https://docs.aws.amazon.com/lambda/latest/dg/python-package.html
    https://docs.aws.amazon.com/lambda/latest/dg/lambda-python.html
"""
from __future__ import annotations

import ast
import posixpath
import sys
from typing import Iterator

from iac_review.analysis.lambda_code import LambdaProject
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.lambda_ import runtime_family, runtime_python_modules

# Files that say a build installs dependencies into the package.
_MANIFESTS = frozenset({"requirements.txt", "pyproject.toml", "setup.py", "setup.cfg", "Pipfile",
                        "poetry.lock", "uv.lock"})


class LambdaImportNotPackaged(Rule):
    meta = RuleMeta(
        id="LAM008",
        name="lambda-import-not-packaged",
        category="lambda_package_missing_or_invalid",
        default_severity=Severity.HIGH,
        stage="static",
        summary="Lambda code imports a module neither the runtime nor the package provides",
        why=("Models import helper libraries (X-Ray SDK, requests, Powertools) in handler code and zip "
             "only the handler file, assuming the runtime has them as it has boto3."),
        impact="Reliability: the function deploys, then every invocation fails with Runtime.ImportModuleError.",
        docs="https://docs.aws.amazon.com/lambda/latest/dg/python-package.html",
        training_value=("Only the standard library and the AWS SDK are in the Python runtime; anything else "
                        "goes into the deployment package or a layer."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        lam = LambdaProject.of(ctx)
        reported: set[tuple[str, str]] = set()
        for call in lam.functions:
            if call.tf_type != "aws_lambda_function" or call.has("layers") or call.has_spread:
                continue
            runtime = call.arg("runtime")
            if not (isinstance(runtime, ast.Constant) and runtime_family(runtime.value) == "python"):
                continue
            location = lam.source_location(call, (".py",))
            if location is None or _has_manifest(location.files):
                continue
            local = _local_names(location.files) | _pip_installed(ctx)
            for inside, project_path in sorted(location.files.items()):
                module = ctx.module(project_path) if inside.endswith(".py") else None
                if module is None or module.tree is None:
                    continue
                for name, node in _unguarded_imports(module.tree):
                    if name in local or name.lower() in local or _provided(name) \
                            or (project_path, name) in reported:
                        continue
                    reported.add((project_path, name))
                    yield self.finding(
                        ctx, project_path, node.lineno,
                        f"`{name}` is imported by the code of Lambda {call.label()} ({runtime.value}), "
                        f"but the runtime does not provide it and the package ({location.description}) "
                        f"does not contain it: invocations fail with Runtime.ImportModuleError",
                        column=node.col_offset + 1,
                        fix=(f"install `{name}`'s distribution into the package before zipping, or "
                             "attach a layer that provides it"),
                    )


def _provided(name: str) -> bool:
    return name in sys.stdlib_module_names or name in runtime_python_modules() or name == "__future__"


def _has_manifest(files: dict[str, str]) -> bool:
    return any(posixpath.basename(inside) in _MANIFESTS for inside in files)


def _pip_installed(ctx) -> set[str]:
    """Module names that a `pip install` line anywhere in the project's text files mentions."""
    def compute(c) -> set[str]:
        names = set()
        for path, source in c.project.files.items():
            if path.endswith(".py"):
                continue
            for line in source.text.splitlines():
                if "pip install" in line or "pip3 install" in line:
                    names.update(word.lower().replace("-", "_").split("==")[0]
                                 for word in line.split())
        # a distribution named like the module with a suffix (psycopg2-binary) installs it too
        return names | {n.split("_binary")[0] for n in names}
    return ctx.memo("pip_installed_names", compute)


def _local_names(files: dict[str, str]) -> set[str]:
    """Top-level module names the package itself holds (files and folders at its root)."""
    names = set()
    for inside in files:
        first = inside.split("/", 1)[0]
        names.add(posixpath.splitext(first)[0])
    return names


def _unguarded_imports(tree: ast.Module) -> Iterator[tuple[str, ast.AST]]:
    """Top-level names of absolute imports outside `try: ... except ImportError` blocks."""
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(_catches_import_error(h) for h in node.handlers):
            guarded.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    for node in ast.walk(tree):
        if id(node) in guarded:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".", 1)[0], node
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".", 1)[0], node


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return handler.type is None or any(
        isinstance(k, ast.Name) and k.id in ("ImportError", "ModuleNotFoundError", "Exception")
        for k in kinds)
