"""Our own entry point for projects that bring none (no tap.py, no cdktf.json app).

It follows the pipeline's entry point contract (docs/synthesis.md): read
ENVIRONMENT_SUFFIX, TERRAFORM_STATE_BUCKET, ... and build
``TapStack(app, f"TapStack{suffix}", ...)`` with the contract's keyword
arguments, as the pipeline's own tap.py does (with ``--no-harness``: only the
keyword arguments the stack's ``__init__`` accepts).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

from iac_review.core.workspace import Project, is_test_path
from iac_review.parse.python import parse_python

# keyword -> the Python expression (inside the generated file) giving its value
CONTRACT = {
    "environment_suffix": "suffix",
    "state_bucket": 'os.environ.get("TERRAFORM_STATE_BUCKET", "iac-review-tf-state")',
    "state_bucket_region": 'os.environ.get("TERRAFORM_STATE_BUCKET_REGION", "us-east-1")',
    "aws_region": 'os.environ.get("AWS_REGION", "us-east-1")',
    "default_tags": "default_tags",
}

# Values the harness (and any tap.py) sees; never the parent's own values.
HARNESS_ENV = {
    "ENVIRONMENT_SUFFIX": "review",
    "TERRAFORM_STATE_BUCKET": "iac-review-tf-state",
    "TERRAFORM_STATE_BUCKET_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "REPOSITORY": "iac-review/model-answer",
    "COMMIT_AUTHOR": "iac-review",
    "PR_NUMBER": "0",
    "TEAM": "review",
}

_BASES = {"TerraformStack", "cdktf.TerraformStack"}
TEMPLATE_STACK = "lib/tap_stack.py"   # what the pipeline's tap.py imports TapStack from
APP_FILES = ("main.py", "app.py")


@dataclass
class StackClass:
    path: str            # project-relative file
    module: str          # importable module name, e.g. "lib.tap_stack"
    name: str            # class name
    params: list[str]    # keyword parameters of __init__ after (scope, id)
    var_kw: bool         # accepts **kwargs
    has_init: bool


def _base_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_base_name(node.value)}.{node.attr}"
    return ""


def _module_name(path: str) -> str:
    mod = path[:-3].replace("/", ".")
    return mod[:-9] if mod.endswith(".__init__") else mod


def _describe(path: str, cls: ast.ClassDef) -> StackClass:
    init = next((n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
    if init is None:
        return StackClass(path, _module_name(path), cls.name, [], True, False)
    args = init.args
    positional = [a.arg for a in args.posonlyargs + args.args][3:]  # self, scope, id
    params = positional + [a.arg for a in args.kwonlyargs]
    return StackClass(path, _module_name(path), cls.name, params, args.kwarg is not None, True)


def find_stack_class(project: Project) -> StackClass | None:
    """``TapStack`` in lib/tap_stack.py, else the only TerraformStack subclass in the project."""
    found: list[StackClass] = []
    for src in project.python_files():
        tree = parse_python(src.text).tree
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(_base_name(b) in _BASES for b in node.bases):
                found.append(_describe(src.path, node))
    preferred = [c for c in found if c.path == "lib/tap_stack.py" and c.name == "TapStack"]
    if preferred:
        return preferred[0]
    if len(found) == 1:
        return found[0]
    tap = [c for c in found if c.name == "TapStack"]
    if len(tap) == 1:
        return tap[0]
    if not found and TEMPLATE_STACK in project.files:
        # The pipeline's tap.py imports it whatever it holds; running it shows why it fails.
        return StackClass(TEMPLATE_STACK, "lib.tap_stack", "TapStack", [], True, False)
    return None


def find_app_file(project: Project) -> str | None:
    """The one top-level script that builds an ``App`` and calls ``synth()`` (main.py, app.py ...)."""
    found = []
    for src in project.python_files():
        if "/" in src.path or is_test_path(src.path):
            continue
        tree = parse_python(src.text).tree
        if tree is not None and _builds_app(tree):
            found.append(src.path)
    named = [p for p in found if p in APP_FILES]
    return (named or found)[0] if len(named or found) == 1 else None


def _builds_app(tree: ast.Module) -> bool:
    calls = [n.func for n in ast.walk(tree) if isinstance(n, ast.Call)]
    app = any(_base_name(f).rsplit(".", 1)[-1] == "App" for f in calls)
    synth = any(isinstance(f, ast.Attribute) and f.attr == "synth" for f in calls)
    return app and synth


def write_harness(stack: StackClass, harness_params: tuple[str, ...] | None = None) -> tuple[str, str]:
    """(source of our tap.py, description for SynthOutcome.entry).

    With ``harness_params`` the harness passes exactly those contract keywords,
    accepted or not, as the pipeline's tap.py does (a stack that rejects them
    fails as it fails in CI); without, only those the stack's ``__init__`` takes.
    """
    if harness_params:
        passed = [k for k in CONTRACT if k in harness_params]
    elif stack.var_kw or not stack.has_init:
        passed = list(CONTRACT)
    else:
        passed = [k for k in CONTRACT if k in stack.params]
    args = "".join(f"    {k}={CONTRACT[k]},\n" for k in passed)
    source = f'''"""Entry point written by iac-review (the project brought none)."""
import os

from cdktf import App

from {stack.module} import {stack.name}

suffix = os.environ.get("ENVIRONMENT_SUFFIX", "review")
default_tags = {{"tags": {{
    "Environment": suffix,
    "Repository": os.environ.get("REPOSITORY", "iac-review"),
    "Author": os.environ.get("COMMIT_AUTHOR", "iac-review"),
    "PRNumber": os.environ.get("PR_NUMBER", "0"),
    "Team": os.environ.get("TEAM", "review"),
}}}}
app = App()
{stack.name}(
    app,
    f"TapStack{{suffix}}",
{args})
app.synth()
'''
    if len(passed) == len(CONTRACT):
        desc = f"harness ({stack.name} from {stack.path})"
    else:
        desc = f"harness ({stack.name} took {', '.join(passed) or 'no keyword arguments'})"
    return source, desc
