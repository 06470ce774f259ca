"""The review's repair loop, with a stand-in for synthesis (the real one is tested in tests/synth).

The stand-in fails while the code passes ``vpc=`` to ``Eip`` (as the binding
does) and otherwise returns a stack with a log group that has no retention, so
that the loop's bookkeeping can be checked exactly: rounds, line mapping,
"met after" and "found after" findings, and an input that never changes.
"""
from __future__ import annotations

import re

import pytest

from iac_review.api import load_schema, review_project
from iac_review.core.review import ReviewConfig
from iac_review.core.line_map import LineMap
from iac_review.parse.loader import load
from iac_review.synth.outcome import FAILED, OK, Frame, SynthOutcome

STACK = '''\
from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.eip import Eip
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup


class Stack(TerraformStack):
    def __init__(self, scope, construct_id):
        super().__init__(scope, construct_id)
        Eip(self, "ip", vpc=True)
        CloudwatchLogGroup(self, "logs", name="app")
        S3Bucket(self, "store")
'''
LOGS = {"s": {"resource": {"aws_cloudwatch_log_group": {"logs": {
    "name": "app", "//": {"metadata": {"path": "s/logs"}}}}}}}


def _fake_synth(calls: list):
    def synthesize(project):
        text = project.files["lib/stack.py"].text
        calls.append(text)
        match = re.search(r"^.*Eip\(self, \"ip\", vpc=True\)", text, re.M)
        if match:
            line = text[:match.start()].count("\n") + 1
            return SynthOutcome(status=FAILED, error_type="TypeError",
                                error_message="Eip.__init__() got an unexpected keyword argument 'vpc'",
                                frames=[Frame("lib/stack.py", line)])
        return SynthOutcome(status=OK, stacks=LOGS)
    return synthesize


@pytest.fixture
def project(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "stack.py").write_text(STACK, encoding="utf-8")
    return load(str(tmp_path)), tmp_path


def _review(project, rounds=10, calls=None):
    index, _ = load_schema()
    config = ReviewConfig(synth=True, repair_rounds=rounds, harness_params=())
    return review_project(project, config, index, _fake_synth([] if calls is None else calls))


def test_the_loop_repairs_a_copy_until_it_synthesizes(project):
    loaded, root = project
    calls: list = []
    result = _review(loaded, calls=calls)
    log = result.repairs
    assert result.synth.status == FAILED and log.synthesized
    # round 1: the rules' repairs (the missing import of S3Bucket); round 2: the error's own
    assert [len(r.steps) for r in log.rounds] == [1, 1]
    assert log.rounds[0].steps[0].rule_id == "PY003"
    guided = log.rounds[1].steps[0]
    assert (guided.rule_id, guided.path, guided.line, guided.safe) == ("SYN001", "lib/stack.py", 9, False)
    assert "`vpc=` dropped" in guided.description
    assert "-        Eip(self, \"ip\", vpc=True)" in log.diff
    assert len(calls) == 3   # the input, then one synthesis per round
    assert (root / "lib" / "stack.py").read_text(encoding="utf-8") == STACK


def test_findings_of_the_repaired_json_say_so_and_point_at_the_input(project):
    result = _review(project[0])
    (retention,) = [f for f in result.findings if f.rule_id == "TFJ006"]
    assert retention.after_repairs == 2
    assert retention.message.endswith("(found after 2 automatic repairs)")
    assert (retention.location.file, retention.location.line) == ("lib/stack.py", 10)


def test_an_error_met_again_after_other_repairs_is_one_defect(project):
    result = _review(project[0])
    # The TypeError is met on the input (line 9) and again after round 1 (at line 10 of the
    # copy, which gained an import line): one defect, reported once, on the input's line 9.
    at_eip = [f for f in result.findings if f.evidence and "unexpected keyword argument 'vpc'" in f.evidence]
    assert at_eip and {(f.location.line) for f in at_eip} == {9}
    assert not [f for f in result.findings if "met after" in f.message]


def test_without_repair_rounds_the_review_stops_at_the_first_error(project):
    result = _review(project[0], rounds=0)
    assert result.repairs is None
    assert not [f for f in result.findings if f.stage == "tfjson"]
    assert any(n.stage == "tfjson" for n in result.not_evaluated)


def test_the_round_limit_ends_the_loop(project):
    result = _review(project[0], rounds=1)
    log = result.repairs
    assert len(log.rounds) == 1 and not log.synthesized
    assert "round limit (1)" in log.stopped


@pytest.mark.parametrize(("before", "after", "line", "expected"), [
    ("a\nb\nc\n", "x\na\nb\nc\n", 3, 2),     # an inserted line shifts the rest
    ("a\nb\nc\n", "x\na\nb\nc\n", 1, 1),     # the inserted line maps to the line it precedes
    ("a\nb\nc\n", "a\nB\nc\n", 2, 2),        # a rewritten line maps to the line it replaced
    ("a\nb\nc\nd\n", "a\nd\n", 2, 4),        # lines after a deletion map past it
])
def test_line_map(before, after, line, expected):
    assert LineMap(before, after).original(line) == expected


def test_a_slow_app_that_keeps_failing_spends_at_most_the_time_budget(tmp_path):
    (tmp_path / "stack.py").write_text(
        "from cdktf_cdktf_provider_aws.eip import Eip\n\n\n"
        "def build(scope):\n    Eip(scope, 'ip', " + ", ".join(f"k{n}={n}" for n in range(9)) + ")\n",
        encoding="utf-8")
    calls = []

    def slow_failure(project):   # 50 s, and each time another argument it does not take
        calls.append(1)
        return SynthOutcome(status=FAILED, error_type="TypeError", seconds=50.0,
                            error_message=f"Eip.__init__() got an unexpected keyword argument 'k{len(calls)}'",
                            frames=[Frame("stack.py", 5)])
    index, _ = load_schema()
    config = ReviewConfig(synth=True, synth_timeout=60.0, harness_params=())
    log = review_project(load(str(tmp_path)), config, index, slow_failure).repairs
    # 3 x 60 s of budget: rounds of 50 s stop after the fourth (200 s), not at the round limit
    assert len(log.rounds) == 4 and "time budget" in log.stopped
