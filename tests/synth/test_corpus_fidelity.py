"""On the deployed trees, the review's synth verdict agrees with real synthesis (synth_truth.jsonl)
and its tests stage with a pipeline-style run of their unit tests (unit_test_truth.jsonl).

Skips without the corpus (IAC_REVIEW_CORPUS or ../shared/corpus). A tree that
really synthesized must never get a synth failure or a synth finding; the only
allowed other outcome is "not evaluated" for a reason outside the code (syntax
of a newer Python than the one running the review). A tree that really failed
must fail here too.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from iac_review.api import ReviewConfig, review

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def reviewed(corpus):
    truth_file = corpus / "synth_truth.jsonl"
    if not truth_file.is_file():
        pytest.skip(f"{truth_file} not found")
    rows = [json.loads(line) for line in truth_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    truth = {r["task"]: r for r in rows if r["source"] == "code" and r["status"] in ("ok", "error")}
    names = set(truth)
    unit_file = corpus / "unit_test_truth.jsonl"   # the tests stage's reference: the same review
    if unit_file.is_file():
        names |= {json.loads(line)["task"] for line in unit_file.read_text(encoding="utf-8").splitlines()
                  if line.strip()}
    tasks = [str(corpus / t) for t in sorted(names) if (corpus / t).is_dir()]
    result = review(tasks, ReviewConfig(source="code", synth=True))
    return truth, {Path(item.input).name: item for item in result.inputs}


def test_every_deployed_tree_that_synthesizes_synthesizes_here(reviewed):
    truth, items = reviewed
    wrong = []
    for task, item in items.items():
        if task not in truth or truth[task]["status"] != "ok":
            continue
        outcome = item.synth
        allowed_skip = (outcome is not None and outcome.status == "not_run"
                        and "newer Python" in (outcome.reason or ""))
        if not (outcome is not None and outcome.ok) and not allowed_skip:
            wrong.append((task, outcome and outcome.status, outcome and outcome.error_type,
                          outcome and (outcome.reason or outcome.error_message or "")[:200]))
    assert not wrong


def test_no_synth_finding_points_at_a_tree_that_synthesizes(reviewed):
    truth, items = reviewed
    found = [(task, f.rule_id, f.message) for task, item in items.items()
             if task in truth and truth[task]["status"] == "ok" for f in item.findings if f.rule_id == "SYN001"]
    assert not found


def test_every_deployed_tree_that_fails_fails_here(reviewed):
    truth, items = reviewed
    wrong = [(task, items[task].synth and items[task].synth.status) for task in items
             if task in truth and truth[task]["status"] == "error"
             and not (items[task].synth is not None and items[task].synth.status == "failed")]
    assert not wrong


# -- the tests stage against unit_test_truth.jsonl --------------------------------------------------
# What a pipeline-style run of each deployed tree's unit tests gave (passed, failed, errors, branch
# coverage), produced independently of this project; the same review above ran the tests stage.

@pytest.fixture(scope="module")
def unit_truth(corpus, reviewed):
    truth_file = corpus / "unit_test_truth.jsonl"
    if not truth_file.is_file():
        pytest.skip(f"{truth_file} not found")
    rows = [json.loads(line) for line in truth_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    _, items = reviewed
    return {r["task"]: r for r in rows if r["status"] == "ran" and r["task"] in items}, items


def test_the_tests_stage_gives_the_pipeline_verdict_on_every_tree(unit_truth):
    truth, items = unit_truth
    wrong = [(task, row["summary"], items[task].suite and items[task].suite.summary())
             for task, row in truth.items()
             if items[task].suite is None or items[task].suite.passed != (row["exit"] == 0)]
    assert not wrong


def test_the_tests_stage_measures_branch_coverage_within_one_point(unit_truth):
    truth, items = unit_truth
    wrong = [(task, row["coverage"], items[task].suite.coverage) for task, row in truth.items()
             if row.get("coverage") is not None
             and (items[task].suite.coverage is None or abs(items[task].suite.coverage - row["coverage"]) > 1.0)]
    assert not wrong


def test_the_trees_that_fail_their_tests_are_findings_that_say_why(unit_truth):
    truth, items = unit_truth
    failing = [task for task, row in truth.items() if row["exit"] != 0]
    silent = [task for task in failing
              if not any(f.stage == "tests" for f in items[task].findings)]
    assert not silent
