"""The binding defects the seed analyses name are found on the corpus answers.

Skips when ../shared/corpus is absent. Each expectation is (rule, text that
must appear in the message); wording of the seeds is not copied here.
"""
from __future__ import annotations

import pytest

from iac_review.api import ReviewConfig, review

SEED_DEFECTS = {
    "Pr4773": [
        ("SCH001", "`S3BucketVersioningA`"),
        ("SCH001", "`S3BucketServerSideEncryptionConfigurationA`"),
        ("SCH002", "LambdEventSourceMapping"),
        ("SCH006", "`streamMode`"),
        ("SCH006", "`searchableAttributes`"),
    ],
    "Pr6414": [
        ("SCH001", "`S3BucketVersioningA`"),
        ("SCH001", "`S3BucketServerSideEncryptionConfigurationA`"),
        ("SCH001", "`S3BucketLoggingA`"),
        ("SCH009", "lifecycle_rule[].expiration"),
    ],
    "Pr6626": [
        ("SCH001", "`S3BucketServerSideEncryptionConfigurationA`"),
        ("SCH008", "S3BucketLifecycleConfigurationRule.expiration"),
    ],
}


@pytest.mark.parametrize("task", sorted(SEED_DEFECTS))
def test_seed_defects_found(corpus, task):
    result = review([str(corpus / task)], ReviewConfig(source="model"))
    findings = result.findings
    for rule_id, text in SEED_DEFECTS[task]:
        assert any(f.rule_id == rule_id and text in f.message for f in findings), \
            f"{task}: no {rule_id} finding mentioning {text}"
    for finding in findings:   # from the answer, or (prompt requirements) from the prompt
        assert finding.origin is not None and finding.origin.file.endswith(("MODEL_RESPONSE.md",
                                                                            "PROMPT.md"))


@pytest.mark.parametrize("task", sorted(SEED_DEFECTS) + ["Pr7325"])
def test_no_critical_binding_finding_on_seed_ideals(corpus, task):
    result = review([str(corpus / task)], ReviewConfig(source="ideal"))
    binding = [f for f in result.findings if f.rule_id.startswith(("SCH", "CDK"))
               and f.severity.value == "Critical"]
    assert binding == [], [f.message for f in binding]


def test_every_corpus_answer_is_reviewed_without_error(corpus):
    tasks = sorted(p for p in corpus.iterdir() if (p / "lib").is_dir())
    assert tasks
    for source in ("model", "ideal"):
        result = review([str(t) for t in tasks], ReviewConfig(source=source))
        errors = [(r.input, r.error) for r in result.inputs if r.error]
        assert errors == []
        for item in result.inputs:  # an answer without code says so with a finding
            assert item.project.files or any(f.rule_id == "INP003" for f in item.findings)
