"""The project model: modules, stack classes, signatures, entry points, calls."""
from __future__ import annotations

import ast

import pytest

from iac_review.analysis.modules import parse_project
from iac_review.analysis.module_info import dotted_name
from iac_review.analysis.project import ProjectModel, project_model
from iac_review.analysis.signatures import TERRAFORM_STACK_INIT, check_call, describe
from iac_review.core.workspace import Project, SourceFile
from iac_review.stages.context import ReviewContext

STACK = """\
from cdktf import TerraformStack


class BaseStack(TerraformStack):
    def __init__(self, scope, construct_id, environment_suffix, *, region="us-east-1", **kwargs):
        super().__init__(scope, construct_id)


class AppStack(BaseStack):
    pass


class Plain(TerraformStack):
    pass


Alias = AppStack
"""

TAP = """\
import os

from cdktf import App

from lib.stacks import AppStack, Alias
from lib import stacks

app = App()
AppStack(app, "one", os.getenv("ENVIRONMENT_SUFFIX", "dev"))
Alias(app, "two", "dev", region="eu-west-1")
stacks.Plain(app, "three")
app.synth()
"""

TEST = """\
from lib.stacks import Plain


def test_plain():
    Plain(None, "x", "extra")
"""


def _model(files: dict[str, str], kind: str = "project") -> ProjectModel:
    project = Project(input="x", kind=kind)
    project.files = {p: SourceFile(p, t) for p, t in files.items()}
    return ProjectModel(project, parse_project(project))


@pytest.fixture()
def model() -> ProjectModel:
    return _model({"lib/__init__.py": "", "lib/stacks.py": STACK, "tap.py": TAP,
                   "tests/unit/test_stacks.py": TEST,
                   "cdktf.json": '{"language": "python",\n "app": "pipenv run python3 tap.py"}'})


def test_dotted_names():
    assert dotted_name("lib/tap_stack.py") == "lib.tap_stack"
    assert dotted_name("lib/__init__.py") == "lib"
    assert dotted_name("lib/my-stack.py") is None
    assert dotted_name("cdktf.json") is None


def test_stack_classes_through_project_bases(model):
    names = sorted(s.name for s in model.stack_classes)
    assert names == ["AppStack", "BaseStack", "Plain"]


def test_inherited_signatures(model):
    app_stack = model.stack_by_name("AppStack")[0]
    sig = model.signature(app_stack)
    assert sig.owner == "BaseStack.__init__"
    assert sig.positional == ("scope", "construct_id", "environment_suffix")
    assert sig.kwonly == ("region",) and sig.varkw
    assert model.signature(model.stack_by_name("Plain")[0]) is TERRAFORM_STACK_INIT


def test_entry_points_tests_and_app(model):
    assert model.entry_points == ["tap.py"]
    assert model.tests == ["tests/unit/test_stacks.py"]
    assert model.cdktf_app.target == "tap.py" and model.cdktf_app.line == 2


def test_calls_resolve_through_imports_aliases_and_module_attributes(model):
    calls = [(c.path, c.line, c.stack.name, c.in_test) for c in model.stack_calls]
    assert calls == [("tap.py", 9, "AppStack", False), ("tap.py", 10, "AppStack", False),
                     ("tap.py", 11, "Plain", False),
                     ("tests/unit/test_stacks.py", 5, "Plain", True)]


def test_check_call(model):
    test_call = model.stack_calls[-1]
    problems = check_call(model.signature(test_call.stack), test_call.node)
    assert [p.kind for p in problems] == ["too_many"]
    assert describe(problems) == "too many positional arguments (3 given, at most 2)"


@pytest.mark.parametrize("call,expected", [
    ("S(a, b)", ""),
    ("S(a)", "missing required argument `construct_id`"),
    ("S(a, b, c=1)", "unexpected keyword argument `c`"),
    ("S(a, b, construct_id=1)", "multiple values for argument `construct_id`"),
    ("S(*args)", ""),
    ("S(a, b, **extra)", ""),
    ("S(a, b, **extra, c=1)", "unexpected keyword argument `c`"),
])
def test_check_call_cases(call, expected):
    tree = ast.parse("def __init__(self, scope, construct_id): pass")
    from iac_review.analysis.signatures import signature_of
    sig = signature_of(tree.body[0], "S.__init__", "lib/s.py")
    node = ast.parse(call).body[0].value
    assert describe(check_call(sig, node)) == expected


def test_defines_follows_top_level_bindings():
    model = _model({"lib/__init__.py": "", "lib/a.py": (
        "import os\nfrom x import y as z\ntry:\n    import json\nexcept ImportError:\n    json = None\n"
        "if os:\n    FLAG = 1\nfor K in []:\n    pass\nclass C:\n    pass\n"), "lib/b.py": "from lib.a import *\n"})
    for name in ("os", "z", "json", "FLAG", "K", "C"):
        assert model.defines("lib/a.py", name)
    assert not model.defines("lib/a.py", "y")
    assert model.defines("lib/b.py", "anything")   # star import: unknown, treated as defined


def test_relative_imports_and_sys_path_hacks():
    model = _model({
        "lib/__init__.py": "", "lib/tap_stack.py": "from cdktf import TerraformStack\n\n"
                                                   "class TapStack(TerraformStack):\n    pass\n",
        "lib/other.py": "from .tap_stack import TapStack\n",
        "bin/tap.py": "import sys\nsys.path.insert(0, 'lib')\nfrom tap_stack import TapStack\n"
                      "from cdktf import App\napp = App()\nTapStack(app, 'x')\napp.synth()\n"})
    assert model.resolve_module("lib/other.py", "tap_stack", 1) == "lib/tap_stack.py"
    assert model.resolve_module("bin/tap.py", "tap_stack", 0) == "lib/tap_stack.py"
    assert [c.path for c in model.stack_calls] == ["bin/tap.py"]


def test_broken_and_odd_input_never_raises():
    model = _model({"tap.py": "from lib.missing import Nothing\nNothing(\n",
                    "lib/s.py": "class S(TerraformStack):\n    def __init__(self):\n        ...\n",
                    "main.py": "from . import x\nfrom .... import y\n",
                    "cdktf.json": "{not json"})
    assert model.entry_points == ["main.py", "tap.py"]   # a broken tap.py is still the entry point
    assert model.cdktf_app is None
    stack = model.stack_by_name("S")[0]
    assert model.signature(stack).positional == ()
    assert model.stack_calls == []
    assert model.harness_stack() is stack


def test_model_is_built_once_per_context():
    project = Project(input="x", kind="project", files={"tap.py": SourceFile("tap.py", "x = 1\n")})
    ctx = ReviewContext(project, None)
    assert project_model(ctx) is project_model(ctx)
