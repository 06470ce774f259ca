"""Seed defects that show only in the synthesized JSON, found on the seeds' own corpus answers.

Neither answer synthesizes as written; the review repairs its copy, synthesizes
it, and the rules over the JSON find what the human reviewers found after
fixing the answers by hand: seed 000 item 8 (Pr6414: the KMS key encrypts a
log group, and its policy does not let CloudWatch Logs use it) and seed 003
item 4 (Pr4773: CloudTrail writes to a bucket without a bucket policy).

Skips without the corpus or without Node.js.
"""
from __future__ import annotations

import shutil

import pytest

from iac_review.api import ReviewConfig, review

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="synthesis needs Node.js")

REPAIRED_SEED_ITEMS = {
    "Pr6414": ("TFJ001", "CloudWatch Logs"),
    "Pr4773": ("TFJ002", "which has no bucket policy"),
}


@pytest.mark.parametrize("task", sorted(REPAIRED_SEED_ITEMS))
def test_json_defects_are_found_after_the_review_repairs_the_answer(corpus, task):
    rule, words = REPAIRED_SEED_ITEMS[task]
    item = review([str(corpus / task)], ReviewConfig(source="model", synth=True)).inputs[0]
    assert item.synth.status == "failed", "the answer as written does not synthesize"
    assert item.repairs is not None and item.repairs.synthesized, item.repairs and item.repairs.stopped
    hits = [f for f in item.findings if f.rule_id == rule and words in f.message]
    assert hits and all(f.after_repairs > 0 and "automatic repair" in f.message for f in hits)
