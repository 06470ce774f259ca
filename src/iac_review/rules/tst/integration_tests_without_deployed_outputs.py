"""Integration tests that never read the deployment's outputs.

What it finds:
    An integration test file (its path contains ``integration``, or it creates
    real boto3 clients) that never reads the deployed stack's outputs (no
    ``cfn-outputs/flat-outputs.json`` or other ``*outputs*.json`` file, no
    ``terraform output``, no environment variable carrying an output, in the
    file, a ``conftest.py`` above it or a test helper module it imports) and
    instead either constructs the stack in-process (``TapStack(...)``,
    ``Testing.synth``), calls AWS with hardcoded resource names (string
    literals given as ``TableName=``, ``Bucket=``, ``FunctionName=``,
    ``QueueUrl=`` ... or to ``Table("...")``), or, under an ``integration``
    path, mocks AWS with moto. One finding per file, at the first offending
    line; the message says which.

    And a project that ships unit tests but no integration test at all (no
    file under an ``integration`` path), when the task's harness contract is
    expected (not under ``--no-harness``): one finding at the first unit test
    file. Its confidence is lower for a markdown answer, which may not show
    every file.

    Not reported: unit tests that use moto or ``unittest.mock`` for boto3
    (outside an ``integration`` path), integration tests that read the outputs
    file or output-carrying environment variables (names built from
    ``ENVIRONMENT_SUFFIX`` are not literals), and integration tests that check
    configuration values without touching AWS or the stack.

Why it matters:
    An integration test exists to check the resources one deployment created.
    Re-synthesizing the stack repeats the unit tests; hardcoded names point at
    whatever happens to carry that name (another environment's table, or
    nothing, since the names carry an environment suffix); mocks test fake
    resources the test made itself. Either way the deployed stack is never
    verified.

Example:
        # tests/integration/test_orders.py
        import boto3

        def test_orders_table_exists():
            dynamodb = boto3.client("dynamodb")
            table = dynamodb.describe_table(TableName="orders-table")
            assert table["Table"]["TableStatus"] == "ACTIVE"

Use instead:
        # tests/integration/test_orders.py
        import json
        import boto3

        with open("cfn-outputs/flat-outputs.json", encoding="utf-8") as fh:
            OUTPUTS = json.load(fh)

        def test_orders_table_exists():
            dynamodb = boto3.client("dynamodb")
            table = dynamodb.describe_table(TableName=OUTPUTS["orders_table_name"])
            assert table["Table"]["TableStatus"] == "ACTIVE"

Fix safety:
    No automatic fix: which outputs identify the resources under test depends on
    the stack's TerraformOutputs.

References:
    https://boto3.amazonaws.com/v1/documentation/api/latest/guide/clients.html
"""
from __future__ import annotations

import ast
import posixpath
import re
from typing import Iterator

from iac_review.analysis.project import from_answer, project_model
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.analysis.suite_collection import SuiteFile, dotted, suite_files

#: boto3 parameters that name (or locate) one deployed resource
_NAME_PARAMS = frozenset({
    "TableName", "Bucket", "FunctionName", "QueueUrl", "QueueName", "TopicArn", "StreamName",
    "DBInstanceIdentifier", "DBClusterIdentifier", "SecretId", "LogGroupName", "logGroupName",
    "logGroupNamePrefix", "RoleName", "UserPoolId", "RestApiId", "StateMachineArn",
    "ClusterName", "ClusterIdentifier", "CacheClusterId", "ReplicationGroupId",
    "DeliveryStreamName", "EventBusName", "BackupVaultName", "DistributionId", "HostedZoneId",
    "FileSystemId", "LoadBalancerArn", "TargetGroupArn", "AutoScalingGroupName", "KeyId",
    "AliasName", "ApiId", "DomainName", "WorkGroup", "PolicyArn", "PipelineName",
    "ProjectName", "RepositoryName", "Names", "AutoScalingGroupNames", "TableNames",
    "VpcIds", "SubnetIds", "GroupIds", "InstanceIds", "LoadBalancerArns", "TargetGroupArns",
    "trailNameList", "repositoryNames", "clusters", "services", "cluster", "service",
})
#: boto3 resource constructors that take a resource name positionally
_NAMED_RESOURCES = frozenset({"Table", "Bucket", "Queue", "Topic", "Function"})
_OUTPUTS_TEXT = re.compile(
    r"cfn-outputs|flat-outputs|outputs?[\w.-]*\.json|terraform\W+output|cdktf\W+output"
    r"|outputs[_-]?file|OUTPUTS_(FILE|PATH)", re.I)
#: environment variables that carry configuration, not a deployment output
_NOT_OUTPUT_ENV = re.compile(
    r"REGION|PROFILE|ACCESS_KEY|SECRET_ACCESS|SESSION_TOKEN|CREDENTIAL|SUFFIX|^ENV(IRONMENT)?$"
    r"|^STAGE$|^CI$|ACCOUNT|DEBUG|LOG_LEVEL|^PYTHON|^HOME$|^PATH$|^TF_|TERRAFORM|^PR_|^GITHUB",
    re.I)
_MOCK_MODULES = ("moto",)


def _is_integration_path(path: str) -> bool:
    return "integration" in path.lower()


def _first_line(nodes) -> ast.AST | None:
    return min(nodes, key=lambda n: (n.lineno, n.col_offset), default=None)


class _FileFacts:
    def __init__(self, ctx, file: SuiteFile):
        self.ctx = ctx
        self.file = file
        self.model = project_model(ctx)
        self.nodes = file.module.walk()

    # ----------------------------------------------------------------- what the file does
    def boto3_clients(self) -> list[ast.Call]:
        out = []
        for node in self.nodes:
            if isinstance(node, ast.Call):
                name = dotted(node.func)
                if name in ("boto3.client", "boto3.resource") or (
                        name.endswith((".client", ".resource")) and "boto3" in self.file.text):
                    out.append(node)
        return out

    def mocks(self) -> list[ast.AST]:
        """moto imports and decorators, and unittest.mock patches of boto3."""
        out = []
        for node in self.nodes:
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in _MOCK_MODULES:
                out.append(node)
            elif isinstance(node, ast.Import) and any(
                    a.name.split(".")[0] in _MOCK_MODULES for a in node.names):
                out.append(node)
            elif isinstance(node, ast.Call) and dotted(node.func).rsplit(".", 1)[-1] in (
                    "patch", "object") and any(
                    isinstance(a, ast.Constant) and isinstance(a.value, str) and "boto3" in a.value
                    for a in node.args):
                out.append(node)
            elif isinstance(node, ast.Call) and dotted(node.func).rsplit(".", 1)[-1] == "Stubber":
                out.append(node)
        return out

    def in_process(self) -> list[ast.AST]:
        out: list[ast.AST] = [c.node for c in self.model.stack_calls
                              if c.in_test and c.path == self.file.path]
        info = self.model.infos.get(self.file.path)
        imported = set(info.from_imports) if info else set()
        for node in self.nodes:
            if not isinstance(node, ast.Call):
                continue
            name = dotted(node.func)
            if name in ("Testing.synth", "Testing.full_synth", "Testing.synth_scope"):
                out.append(node)
            elif (isinstance(node.func, ast.Name) and name in imported and name.endswith("Stack")
                  and node not in out):
                out.append(node)    # a stack class from a module the answer does not show
        return out

    def hardcoded(self) -> list[tuple[ast.AST, str, str]]:
        """(node, parameter, literal) of AWS calls given a literal resource name."""
        constants = self._string_constants()
        out = []
        for node in self.nodes:
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            for kw in node.keywords:
                if kw.arg in _NAME_PARAMS:
                    literal = self._literal(kw.value, constants)
                    if literal is not None:
                        out.append((kw.value, kw.arg, literal))
            if node.func.attr in _NAMED_RESOURCES and node.args:
                literal = self._literal(node.args[0], constants)
                if literal is not None:
                    out.append((node.args[0], f"{node.func.attr}(...)", literal))
        return out

    def _string_constants(self) -> dict[str, str]:
        """Names bound once, anywhere in the file, to a plain string literal."""
        seen: dict[str, list] = {}
        for node in self.nodes:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        seen.setdefault(target.id, []).append(node.value)
                    elif isinstance(target, ast.Attribute):
                        seen.setdefault(target.attr, []).append(node.value)
        return {name: values[0].value for name, values in seen.items()
                if len(values) == 1 and isinstance(values[0], ast.Constant)
                and isinstance(values[0].value, str)}

    def _literal(self, value: ast.AST, constants: dict[str, str]) -> str | None:
        if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value:
            return value.value
        if isinstance(value, ast.JoinedStr) and value.values and all(
                isinstance(v, ast.Constant) for v in value.values):
            return "".join(v.value for v in value.values)
        if isinstance(value, (ast.List, ast.Tuple)) and value.elts:
            found = [self._literal(e, constants) for e in value.elts]
            if all(f is not None for f in found):
                return found[0]
        if isinstance(value, ast.Name) and value.id in constants:
            return constants[value.id]
        if (isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name)
                and value.value.id in ("self", "cls") and value.attr in constants):
            return constants[value.attr]
        return None

    # ----------------------------------------------------------------- outputs
    def reads_outputs(self) -> bool:
        return any(self._reads_outputs(path) for path in self._related())

    def _related(self) -> list[str]:
        """The file, the conftest.py files above it and the test helpers it imports."""
        path = self.file.path
        related = [path]
        folder = posixpath.dirname(path)
        while True:
            conftest = posixpath.join(folder, "conftest.py") if folder else "conftest.py"
            if conftest in self.model.infos and conftest not in related:
                related.append(conftest)
            if not folder:
                break
            folder = posixpath.dirname(folder)
        info = self.model.infos.get(path)
        for node in self.nodes:
            targets = []
            if isinstance(node, ast.ImportFrom):
                base = self.model.resolve_module(path, node.module, node.level)
                targets.append(base)
                dotted_base = self.model.absolute(path, node.module, node.level)
                for alias in node.names:   # from tests import helpers
                    if dotted_base:
                        targets.append(self.model.module_names.get(f"{dotted_base}.{alias.name}"))
            elif isinstance(node, ast.Import):
                targets += [self.model.module_names.get(a.name) for a in node.names]
            tests = set(self.model.tests)   # helpers of the suite, not the stack's own modules
            related += [t for t in targets
                        if t and t in tests and t not in related and info is not None]
        return related

    def _reads_outputs(self, path: str) -> bool:
        info = self.model.infos.get(path)
        if info is None:
            return False
        if _OUTPUTS_TEXT.search(info.module.source.text):
            return True
        for node in info.module.walk():
            name = _env_read(node)
            if name is not None and not _NOT_OUTPUT_ENV.search(name):
                return True
        return False


def _env_read(node: ast.AST) -> str | None:
    """The variable name of ``os.environ[...]`` / ``os.environ.get(...)`` / ``os.getenv(...)``."""
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and \
            dotted(node.value).endswith("environ"):
        key = node.slice
    elif isinstance(node, ast.Call) and (dotted(node.func).endswith(("environ.get", "getenv"))):
        key = node.args[0] if node.args else None
    else:
        return None
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return key.value
    return "?"   # a computed name: assume it may carry an output


class IntegrationTestsWithoutDeployedOutputs(Rule):
    meta = RuleMeta(
        id="TST002",
        name="integration-tests-without-deployed-outputs",
        category="tests_missing_or_placeholder",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary=("Integration test that never reads the deployment outputs: it re-synthesizes "
                 "the stack, mocks AWS or uses hardcoded resource names"),
        why=("The model writes integration tests without knowing how the deployed stack is "
             "found (its outputs file), so it re-creates the stack in-process or guesses the "
             "resource names."),
        impact=("Quality: the deployed resources are never checked; tests pass against "
                "nothing or against another environment's resources, or fail for every other "
                "environment suffix."),
        docs="https://boto3.amazonaws.com/v1/documentation/api/latest/guide/clients.html",
        training_value=("Integration tests load the deployed stack's outputs "
                        "(cfn-outputs/flat-outputs.json) and call AWS with the identifiers found "
                        "there, never with names written into the test."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        files = suite_files(ctx)
        yield from self._no_integration_tests(ctx, files)
        for file in files:
            if not file.tests:
                continue
            facts = _FileFacts(ctx, file)
            by_path = _is_integration_path(file.path)
            mocks = facts.mocks()
            clients = facts.boto3_clients()
            if not (by_path or (clients and not mocks)):
                continue
            if facts.reads_outputs():
                continue
            problems = []   # (node, text)
            stack = _first_line(facts.in_process())
            if stack is not None:
                problems.append((stack, f"constructs the stack in-process (`{_call_text(stack)}`, "
                                        f"line {stack.lineno}) instead of touching the deployed "
                                        "resources"))
            if not mocks:
                hardcoded = min(facts.hardcoded(), key=lambda h: (h[0].lineno, h[0].col_offset),
                                default=None)
                if hardcoded is not None:
                    node, param, literal = hardcoded
                    problems.append((node, f"calls AWS with the hardcoded name \"{literal}\" "
                                           f"(`{param}`, line {node.lineno}) instead of an "
                                           "identifier from the outputs"))
            elif by_path:
                mock = _first_line(mocks)
                problems.append((mock, f"mocks AWS (line {mock.lineno}) instead of touching the "
                                       "deployed resources"))
            if not problems:
                continue
            problems.sort(key=lambda p: (p[0].lineno, p[0].col_offset))
            first = problems[0][0]
            reasons = "; it also ".join(text for _, text in problems)
            message = (f"integration test {file.path} never reads the deployment outputs "
                       f"(cfn-outputs/flat-outputs.json) and {reasons}: the deployed stack is "
                       "never verified")
            yield self.finding(ctx, file.path, first.lineno, message,
                               column=first.col_offset + 1,
                               fix="load cfn-outputs/flat-outputs.json and call AWS with the "
                                   "identifiers it holds")

    def _no_integration_tests(self, ctx, files) -> Iterator[Finding]:
        """Unit tests but no integration test at all, where the pipeline's layout is expected."""
        if not ctx.config.harness_params or any(_is_integration_path(f.path) for f in files):
            return
        unit = [f for f in files if f.tests]
        if not unit or not project_model(ctx).stack_classes:
            return
        first = unit[0]
        confidence = 0.7 if from_answer(ctx.project) else 1.0   # an answer may not show every file
        yield self.finding(
            ctx, first.path, 1,
            f"the project ships unit tests ({first.path}) but no integration tests (tests/integration): "
            "nothing reads the deployment outputs (cfn-outputs/flat-outputs.json) to check the "
            "deployed resources", confidence=confidence,
            fix="add tests/integration/ tests that load cfn-outputs/flat-outputs.json and check the "
                "deployed resources through boto3")


def _call_text(node: ast.AST) -> str:
    func = node.func if isinstance(node, ast.Call) else node
    return f"{dotted(func) or ast.unparse(func)}(...)"
