"""Lambda facts: reserved variables, runtimes, and path evaluation of package arguments."""
from __future__ import annotations

import ast

import pytest

from iac_review.analysis.lambda_code import evaluate_path, path_tail
from iac_review.analysis.modules import parse_module
from iac_review.analysis.values import Assignments
from iac_review.core.workspace import SourceFile
from iac_review.knowledge.lambda_ import is_reserved_env_var, runtime_family


def test_reserved_names():
    assert is_reserved_env_var("AWS_REGION")
    assert is_reserved_env_var("_HANDLER")
    assert not is_reserved_env_var("AWS_LAMBDA_EXEC_WRAPPER")
    assert not is_reserved_env_var("TABLE_NAME")


def test_runtime_family():
    assert runtime_family("python3.12") == "python"
    assert runtime_family("nodejs20.x") == "nodejs"
    assert runtime_family("java21") is None
    assert runtime_family(None) is None


def _value(code: str, path: str = "lib/stack.py"):
    module = parse_module(SourceFile(path, code + "\n"))
    expr = module.tree.body[-1].value
    return evaluate_path(expr, module, Assignments.collect(module), {}), \
        path_tail(expr, module, Assignments.collect(module))


@pytest.mark.parametrize("code,anchor,path", [
    ('x = "lambda.zip"', "relative", "lambda.zip"),
    ('x = "./build/../dist/a.zip"', "relative", "dist/a.zip"),
    ('x = "../../../lib/a.zip"', "stack", "lib/a.zip"),
    ('import os\nx = os.path.abspath("a.zip")', "absolute", "a.zip"),
    ('import os\nx = os.path.join(os.path.dirname(__file__), "fn", "a.zip")', "absolute",
     "lib/fn/a.zip"),
    ('from pathlib import Path\nx = str((Path(__file__).parent / "a.zip").resolve())', "absolute",
     "lib/a.zip"),
    ('name = "a"\nx = f"dist/{name}.zip"', "relative", "dist/a.zip"),
    ('x = f"{base}/a.zip"', "unknown", None),
])
def test_evaluate_path(code, anchor, path):
    value, _ = _value(code)
    assert (value.anchor, value.path) == (anchor, path)


def test_path_tail_reads_the_suffix():
    _, tail = _value('import os\nx = os.path.join(somewhere, f"{name}.py")')
    assert tail.endswith(".py")


def test_bad_input_does_not_raise():
    module = parse_module(SourceFile("x.py", "x = foo(*args, **kw)\n"))
    expr = module.tree.body[0].value
    assert evaluate_path(expr, module, Assignments.collect(module), {}).anchor == "unknown"
    assert evaluate_path(ast.Constant(3), module, None, {}).anchor == "unknown"
