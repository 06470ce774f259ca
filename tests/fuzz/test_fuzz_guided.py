"""Properties of the review's repair loop on hostile error messages and code.

An app under review writes its own exception text, so the messages the guided
repairs read are the app's to choose. Whatever they say: no proposer raises,
every edit stays inside the project's files (no path leaves the project, no
file is touched on disk), and a repaired file still parses.
"""
from __future__ import annotations

import ast

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from iac_review.api import load_schema
from iac_review.core.workspace import Project, SourceFile
from iac_review.fix import guided
from iac_review.core.line_map import LineMap
from iac_review.fix.review_loop import apply_proposal
from iac_review.synth.outcome import FAILED, Frame, SynthOutcome

pytestmark = pytest.mark.fuzz
INDEX, _ = load_schema()

CODE = (
    "from cdktf_cdktf_provider_aws.eip import Eip\n\n\ndef f(scope):\n    return Eip(scope, 'ip', vpc=True)\n",
    "x = {'a': true, 'b': null}\n",
    "from imports.aws import S3Bucket\nfrom stacks.vpc import Vpc\n",
    "class S(TerraformStack):\n    def __init__(self, scope):\n        super().__init__(scope, 'x')\n",
    "def g(c):\n    return c.identity[0].oidc[0]\n",
    "TapStack(app, 'tap')\n",
    "def broken(:\n",
)
TEMPLATES = (
    "{a}.__init__() got an unexpected keyword argument '{b}'",
    "type of argument {b} must be one of (str, NoneType); got {a} instead",
    "'{a}List' object is not subscriptable",
    "There is already a Construct with name '{b}' in {a}",
    "ENOENT: no such file or directory, stat '/tmp/iac-review-synth-1/project/{b}'",
    "ENOENT: no such file or directory, stat '{b}'",
    "name '{b}' is not defined",
    "No module named '{b}'",
    "No module named 'cdktf_cdktf_provider_aws.{b}'",
    "cannot import name '{a}' from 'cdktf_cdktf_provider_aws.{b}' (x)",
    "cannot import name '{a}' from 'cdktf_cdktf_provider_aws' (x)",
    "Found resources without a matching provider construct. for the following providers: {b}",
    "TerraformAsset {b} expects path to point to a directory",
)
WORDS = st.sampled_from(("Eip", "vpc", "tap", "true", "json", "imports", "stacks", "../../etc/passwd",
                         "/etc/passwd", "lib/../../../x", "a b", "", "random", "aws", "x" * 300,
                         "iam_policy_document", "eventbridge_rule", "S3Bucket", "\x00", "é"))


@given(st.sampled_from(TEMPLATES), WORDS, WORDS, st.lists(st.sampled_from(CODE), min_size=1, max_size=3),
       st.integers(min_value=-3, max_value=12))
@example("ENOENT: no such file or directory, stat '/tmp/iac-review-synth-1/project/{b}'", "x",
         "../../../etc/cron.d/x", [CODE[0]], 1)
def test_guided_repairs_stay_in_the_project_and_keep_it_parseable(template, a, b, code, line):
    files = {f"lib/m{n}.py": SourceFile(f"lib/m{n}.py", text) for n, text in enumerate(code)}
    project = Project(input="fuzz", kind="project", files=files)
    outcome = SynthOutcome(status=FAILED, error_type="TypeError", error_message=template.format(a=a, b=b),
                           frames=[Frame("lib/m0.py", line)])
    proposal = guided.propose(outcome, project, INDEX)
    if proposal is None:
        return
    assert not any(r.safe for r in proposal.repairs)
    repaired = apply_proposal(project, proposal)
    if repaired is None:
        return
    for path, source in repaired.files.items():
        assert not path.startswith(("/", "..")) and ".." not in path.split("/"), path
        if path.endswith(".py") and path in files and source.text != files[path].text:
            ast.parse(source.text)


@given(st.text("ab\n", max_size=40), st.text("ab\n", max_size=40), st.integers(min_value=-5, max_value=50))
def test_a_mapped_line_is_a_line_of_the_input(before, after, line):
    mapped = LineMap(before, after).original(line)
    assert 1 <= mapped <= max(1, len(before.splitlines()))
