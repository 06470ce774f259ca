"""The report on the seed tasks (issue 5 acceptance): every seed item the code shows is an
item of MODEL_FAILURES.md, and the agreement table against the task's own analysis is there.

Skips without the corpus. The expectations are those of test_seed_static_defects.
"""
from __future__ import annotations

import pytest

from iac_review.api import ReviewConfig, review
from iac_review.reporters import _common, markdown

from test_seed_static_defects import SEED_ITEMS


@pytest.mark.parametrize("task", sorted(SEED_ITEMS))
def test_report_lists_seed_items_and_agreement(corpus, task):
    result = review([str(corpus / task)], ReviewConfig(source="model"))
    text = markdown.render(result)
    # a seed item is an item of its rule, or of the rule that absorbed it (one defect, two rules)
    holders = {rule: {f.rule_id for f in result.findings
                      if f.rule_id == rule or rule in {r for r, _ in f.also}}
               for _, rule, _, _ in SEED_ITEMS[task]}
    missing = [rule for rule, owners in holders.items()
               if not any(f". {_common.rule_title(owner)}\n" in text for owner in owners)]
    assert not missing, f"{task}: no report item for {missing}"
    assert "## Agreement with the human analysis" in text
    agreement = result.inputs[0].agreement
    assert agreement is not None and agreement.both, f"{task}: nothing confirmed by both"
    assert "## Other changes in the IDEAL_RESPONSE" in text
