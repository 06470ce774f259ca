"""Integration tests that read outputs the stack never defines, or check resources it never creates.

What it finds:
    Integration test files (a path containing ``integration``) read against
    the stack's synthesized Terraform JSON, without deploying anything:

    - keys the tests read from the deployment's outputs (``outputs["vpc_id"]``
      or ``outputs.get("vpc_id")`` on any variable, attribute or fixture whose
      name contains ``output``, as loaded from ``cfn-outputs/flat-outputs.json``)
      that no ``TerraformOutput`` of any stack provides;
    - boto3 calls that read one resource of a kind (``dynamodb.describe_table``,
      ``ec2.describe_vpcs``, ``lambda.get_function`` ...) when the stack creates
      no resource of the types that hold it.

    One finding per file, at the first such line, listing what is missing and
    the outputs the stack does define; Medium when every missing key is read
    with ``.get()`` (the tests then check nothing rather than fail). An
    output of a nested construct counts under the id cdktf gives it
    (``<path>_<key>_<hash>``). Keys built at run time (f-strings, variables),
    keys the test stores itself and keys named like a stack (``TapStack...``)
    are not judged. AWS is never called.

Why it matters:
    After a deployment, the integration job fails on the first missing key or
    resource: the test was written for another stack (or from a template), or
    the stack lacks the output the test and its operators need.

Example:
        OUTPUTS = json.load(open("cfn-outputs/flat-outputs.json"))

        def test_table_is_active():
            table = boto3.client("dynamodb").describe_table(TableName=OUTPUTS["orders_table"])
        # the stack creates an S3 bucket and exports only bucket_name

Use instead:
        # read only outputs the stack defines (TerraformOutput(self, "orders_table", ...)),
        # and check resources the stack creates

Fix safety:
    No automatic fix: either the stack gains the output (or resource) or the
    test changes what it checks.

References:
    https://developer.hashicorp.com/terraform/cdktf/concepts/variables-and-outputs#define-outputs
"""
from __future__ import annotations

import ast
import re
from typing import Iterator

from iac_review.analysis.suite_collection import dotted, suite_files
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.boto3_reads import resources_read


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):   # a fixture called inline, or load_outputs()
        return _name(node.func)
    return ""


_CDKTF_HASH = re.compile(r"_[0-9A-F]{8}$")


def _output_reads(tree: ast.AST) -> list[tuple[str, int, bool]]:
    """(key, line, strict) of every constant key read from something named like the outputs;
    strict: read by subscript (a KeyError when missing), not by ``.get()``. Keys the file
    stores itself (``outputs["x"] = ...``) are not reads of the deployment's outputs."""
    reads, stored = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
            if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
                stored.add(node.slice.value)   # into any dict: the outputs may be copied first
        elif isinstance(node, ast.Subscript) and "output" in _name(node.value).lower():
            key = node.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                reads.append((key.value, node.lineno, True))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
              and "output" in _name(node.func.value).lower() and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            reads.append((node.args[0].value, node.lineno, False))
    return [read for read in reads if read[0] not in stored]


def _provided(key: str, outputs: set[str]) -> bool:
    """An output provides ``key`` under its own id, or under the id cdktf gives an output of a
    nested construct (``<path>_<key>_<8-hex hash>``), which tests often strip back to the key."""
    if key in outputs:
        return True
    return any(o == key or o.endswith(f"_{key}") for o in (_CDKTF_HASH.sub("", o) for o in outputs))


def _clients(tree: ast.AST) -> dict[str, str]:
    """Names (variables, attributes, fixtures) that hold ``boto3.client(service)``, by name."""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _service(node.value):
            for target in node.targets:
                if _name(target):
                    found[_name(target)] = _service(node.value)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None and _service(inner.value):
                    found[node.name] = _service(inner.value)
    return found


def _service(node: ast.AST) -> str:
    """The service of ``boto3.client("s3", ...)`` (or a session's), else ""."""
    if not (isinstance(node, ast.Call) and dotted(node.func).rsplit(".", 1)[-1] == "client" and node.args):
        return ""
    first = node.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else ""


def _resource_reads(tree: ast.AST) -> list[tuple[str, str, tuple[str, ...], int]]:
    """(service, operation, resource types it reads, line) of every known client call."""
    clients = _clients(tree)
    reads = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            holder = node.func.value
            service = _service(holder) or clients.get(_name(holder), "")
            types = resources_read(service, node.func.attr) if service else ()
            if types:
                reads.append((service, node.func.attr, types, node.lineno))
    return reads


class IntegrationTestsExpectUndeployed(Rule):
    meta = RuleMeta(
        id="TST008",
        name="integration-tests-expect-undeployed",
        category="tests_wrong_expectations",
        default_severity=Severity.HIGH,
        stage="tfjson",
        summary="Integration tests read outputs the stack never defines, or resources it never creates",
        why=("The model writes integration tests from a template or for the stack it meant to write, "
             "not for the outputs and resources its stack synthesizes."),
        impact="Deployability: the integration job fails after every deployment until test or stack changes.",
        docs="https://developer.hashicorp.com/terraform/cdktf/concepts/variables-and-outputs#define-outputs",
        training_value=("Integration tests read only the TerraformOutputs the stack defines and check "
                        "the resources it creates."),
    )

    def check(self, ctx) -> Iterator[Finding]:
        outcome = ctx.json_outcome
        if outcome is None:
            return
        stacks = [s for s in outcome.stacks.values() if isinstance(s, dict)]
        outputs = {k for s in stacks for k in (s.get("output") or {})}
        created = {t for s in stacks for section in ("resource", "data") for t in (s.get(section) or {})}
        for file in suite_files(ctx):
            if "integration" not in file.path.lower():
                continue
            missing = sorted({(line, key, strict) for key, line, strict in _output_reads(file.tree)
                              if not _provided(key, outputs) and not key.startswith("TapStack")})
            absent = sorted({(line, f"{service}.{operation}", types) for service, operation, types, line
                             in _resource_reads(file.tree) if not created.intersection(types)})
            if not missing and not absent:
                continue
            yield self._finding(ctx, file.path, missing, absent, outputs)

    def _finding(self, ctx, path: str, missing, absent, outputs: set[str]) -> Finding:
        parts, severity = [], None
        if missing:
            keys = list(dict.fromkeys(key for _, key, _ in missing))
            shown = ", ".join(f"`{k}`" for k in keys[:5]) + (f" and {len(keys) - 5} more" if len(keys) > 5 else "")
            have = (", ".join(f"`{k}`" for k in sorted(outputs)[:8]) + (" ..." if len(outputs) > 8 else "")
                    if outputs else "none at all")
            parts.append(f"they read output{'s' if len(keys) > 1 else ''} {shown}, which no TerraformOutput "
                         f"of the stack provides (its outputs: {have})")
            if not absent and not any(strict for _, _, strict in missing):
                # read with .get(): the tests skip or pass on a default instead of failing
                severity = Severity.MEDIUM
                parts[-1] += "; read with .get(), those tests check nothing instead of failing"
        if absent:
            calls = list(dict.fromkeys(f"`{call}` ({' or '.join(types)})" for _, call, types in absent))
            parts.append("they call " + ", ".join(calls[:4]) + " but the stack creates no such resource")
        line = min([line for line, _, _ in missing] + [line for line, _, _ in absent])
        message = f"integration tests in {path} expect what the stack does not deploy: " + "; ".join(parts)
        return self.finding(ctx, path, line, message, severity=severity,
                            fix="add the TerraformOutput (or resource) the test needs, or test what the "
                                "stack deploys")
