"""The model's project diffed against the ideal's, with hunks attributed to findings."""
from __future__ import annotations

import json

from iac_review.core.finding import Finding, Location, Severity
from iac_review.core.workspace import Project, SourceFile
from iac_review.diff import diff_against_ideal, load_ideal

MODEL_STACK = """\
from constructs import Construct
from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket

REGION = "us-east-1"
TAGS = {"team": "data"}


class MyStack(TerraformStack):
    def __init__(self, scope: Construct, id: str):
        super().__init__(scope, id)
        bucket = S3Bucket(self, "data",
            bucket="data-bucket",
            force_destroy=False,
            tags=TAGS,
        )
        self.bucket = bucket
        self.region = REGION
"""

IDEAL_STACK = """\
from constructs import Construct
from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.kms_key import KmsKey

REGION = "us-east-1"
TAGS = {"team": "data"}


class TapStack(TerraformStack):
    def __init__(self, scope: Construct, id: str):
        super().__init__(scope, id)
        bucket = S3Bucket(self, "data",
            bucket="data-bucket",
            force_destroy=True,
            tags=TAGS,
        )
        self.bucket = bucket
        self.region = REGION
        KmsKey(self, "key", enable_key_rotation=True)
"""

MODEL_APP = """\
from cdktf import App
from lib.stack import MyStack

app = App()
MyStack(app, "dev")
app.synth()
"""

IDEAL_APP = """\
from cdktf import App
from lib.tap_stack import TapStack

app = App()
TapStack(app, "dev")
app.synth()
"""


def _project(files: dict[str, str], source: str) -> Project:
    return Project(input="x", kind="project", source=source,
                   files={p: SourceFile(p, t) for p, t in files.items()})


def _finding(rule: str, file: str, line: int, sev: Severity = Severity.MEDIUM) -> Finding:
    return Finding(rule, "config", sev, f"{rule} message", Location(file, line))


def _projects():
    model = _project({"lib/stack.py": MODEL_STACK, "tap.py": MODEL_APP,
                      "notes.txt": "only the model has this\n"}, "model")
    ideal = _project({"lib/tap_stack.py": IDEAL_STACK, "tap.py": IDEAL_APP,
                      "tests/test_stack.py": "def test_nothing():\n    assert True\n"}, "ideal")
    return model, ideal


def test_files_aligned_by_path_then_similarity():
    model, ideal = _projects()
    d = diff_against_ideal(model, ideal, [])
    pairs = [(p.model_path, p.ideal_path, p.how) for p in d.pairs]
    assert pairs == [("lib/stack.py", "lib/tap_stack.py", "similarity"), ("tap.py", "tap.py", "path")]
    assert d.files_only_in_model == ["notes.txt"]
    assert d.files_only_in_ideal == ["tests/test_stack.py"]
    assert all(h.ideal_path != "tests/test_stack.py" for h in d.hunks)


def test_hunks_ranges_and_lines():
    model, ideal = _projects()
    d = diff_against_ideal(model, ideal, [])
    stack = [h for h in d.hunks if h.model_path == "lib/stack.py"]
    # import added (insert), class renamed, kwarg changed, resource added at the end
    assert [(h.kind, h.model_start, h.model_end, h.ideal_start, h.ideal_end) for h in stack] == [
        ("insert", 4, 3, 4, 4),
        ("replace", 9, 9, 10, 10),
        ("replace", 14, 14, 15, 15),
        ("insert", 19, 18, 20, 20),
    ]
    assert stack[1].model_lines == ["class MyStack(TerraformStack):"]
    assert stack[1].ideal_lines == ["class TapStack(TerraformStack):"]
    assert stack[2].ideal_lines == ["            force_destroy=True,"]
    assert stack[3].ideal_lines == ['        KmsKey(self, "key", enable_key_rotation=True)']
    app = [h for h in d.hunks if h.model_path == "tap.py"]
    # lines 2 and 5 change with two equal lines between: merged into one hunk
    assert [(h.model_start, h.model_end) for h in app] == [(2, 5)]
    assert app[0].model_lines[1:3] == ["", "app = App()"]


def test_attribution_and_fix_for():
    model, ideal = _projects()
    kwarg = _finding("CFG001", "lib/stack.py", 14, Severity.HIGH)
    missing = _finding("SEC002", "lib/stack.py", 18)     # next to the insertion point before 19
    deleted = _finding("CFG009", "lib/stack.py", 9)      # on a replaced line
    elsewhere = _finding("CFG003", "lib/stack.py", 11)   # no hunk there
    other_file = _finding("CFG004", "notes.txt", 1)
    d = diff_against_ideal(model, ideal, [elsewhere, missing, kwarg, deleted, other_file])
    assert d.fix_for(kwarg) == ["            force_destroy=True,"]
    assert d.fix_for(missing) == ['        KmsKey(self, "key", enable_key_rotation=True)']
    assert d.fix_for(deleted) == ["class TapStack(TerraformStack):"]
    assert d.fix_for(elsewhere) is None and d.fix_for(other_file) is None
    assert d.unattributed_findings == [elsewhere, other_file]
    unexplained = [(h.model_path, h.model_start) for h in d.unexplained]
    assert unexplained == [("lib/stack.py", 4), ("tap.py", 2)]
    assert len(d.explained) == 3 and len(d.hunks) == 5


def test_deleted_lines_give_empty_fix():
    model = _project({"a.py": "x = 1\ny = 2\nz = 3\n"}, "model")
    ideal = _project({"a.py": "x = 1\nz = 3\n"}, "ideal")
    f = _finding("R1", "a.py", 2)
    d = diff_against_ideal(model, ideal, [f])
    assert [(h.kind, h.model_start, h.model_end, h.ideal_start, h.ideal_end) for h in d.hunks] == [
        ("delete", 2, 2, 2, 1)]
    assert d.fix_for(f) == []


def test_whitespace_only_changes_are_ignored():
    model = _project({"a.py": "x = 1   \ny = 2\n"}, "model")
    ideal = _project({"a.py": "x = 1\n\ny = 2\n"}, "ideal")
    assert diff_against_ideal(model, ideal, []).hunks == []


def test_deterministic_and_serialisable():
    model, ideal = _projects()
    fs = [_finding("CFG001", "lib/stack.py", 14), _finding("CFG002", "lib/stack.py", 9)]
    a = diff_against_ideal(model, ideal, fs).to_dict()
    b = diff_against_ideal(model, ideal, list(reversed(fs))).to_dict()
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert a["counts"] == {"hunks": 5, "explained": 2, "unexplained": 3}
    assert a["pairs"][0]["how"] == "similarity"


def test_load_ideal_without_ideal_is_none():
    model, _ = _projects()
    assert load_ideal(model) is None


def test_load_ideal_from_task(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    fence = "```python"
    (lib / "MODEL_RESPONSE.md").write_text(f"## lib/tap_stack.py\n\n{fence}\nx = 1\n```\n")
    (lib / "IDEAL_RESPONSE.md").write_text(f"## lib/tap_stack.py\n\n{fence}\nx = 2\n```\n")
    from iac_review.parse.loader import load

    model = load(str(tmp_path), source="model")
    ideal = load_ideal(model)
    assert ideal is not None and ideal.source == "ideal"
    d = diff_against_ideal(model, ideal, [])
    assert [(h.model_lines, h.ideal_lines) for h in d.hunks] == [(["x = 1"], ["x = 2"])]
