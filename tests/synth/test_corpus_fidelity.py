"""The review's synth verdict on the deployed trees agrees with real synthesis (synth_truth.jsonl).

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
    tasks = [str(corpus / t) for t in sorted(truth) if (corpus / t).is_dir()]
    result = review(tasks, ReviewConfig(source="code", synth=True))
    return truth, {Path(item.input).name: item for item in result.inputs}


def test_every_deployed_tree_that_synthesizes_synthesizes_here(reviewed):
    truth, items = reviewed
    wrong = []
    for task, item in items.items():
        if truth[task]["status"] != "ok":
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
    found = [(task, f.rule_id, f.message) for task, item in items.items() if truth[task]["status"] == "ok"
             for f in item.findings if f.rule_id == "SYN001"]
    assert not found


def test_every_deployed_tree_that_fails_fails_here(reviewed):
    truth, items = reviewed
    wrong = [(task, items[task].synth and items[task].synth.status) for task in items
             if truth[task]["status"] == "error"
             and not (items[task].synth is not None and items[task].synth.status == "failed")]
    assert not wrong
