from __future__ import annotations

import re
from dataclasses import replace

import pytest

from iac_review.api import Review, ReviewConfig
from iac_review.core.finding import Severity
from iac_review.reporters import _common, get_reporter, markdown


def render(review, **kwargs) -> str:
    return get_reporter("markdown").render(review, **kwargs)


def headings(text: str, level: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(level + " ")]


def item_text(text: str, number: int) -> str:
    """The body of item ``### N.`` up to the next item, section or summary."""
    start = text.index(f"### {number}. ")
    end = min((i for i in (text.find("\n### ", start + 1), text.find("\n## ", start + 1)) if i != -1),
              default=len(text))
    return text[start:end]


def test_title_intro_and_section_order(task_review):
    text = render(task_review)
    lines = text.splitlines()
    assert lines[0] == "# Model Response Failures Analysis"
    assert lines[1] == "" and "tasks/t1" in lines[2]
    assert headings(text, "##") == ["## Critical Failures", "## High Priority Issues",
                                    "## Medium Priority Issues", "## Low Priority Issues",
                                    "## Summary"]


def test_empty_sections_are_omitted(make_finding, make_input):
    review = Review(inputs=[make_input([make_finding("LNT001", 8, "shadowed")])], config=ReviewConfig())
    assert headings(render(review), "##") == ["## Low Priority Issues", "## Summary"]


def test_items_numbered_continuously_and_merged_by_rule(task_review):
    text = render(task_review)
    assert headings(text, "###")[:4] == [
        "### 1. Provider class used without its jsii A suffix",
        "### 2. Password written into the code",
        "### 3. Code block without a file path",
        "### 4. Parameter `id` shadows the builtin",
    ]
    assert text.count("### 1. ") == 1 and "### 5. " not in text


def test_merged_item_lists_every_location_with_code_and_origin(task_review):
    item = item_text(render(task_review), 1)
    assert "**Impact Level**: Critical" in item
    assert "# lib/tap_stack.py - Line 3 (MODEL_RESPONSE.md line 122)\n" \
           "from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning" in item
    assert "# lib/tap_stack.py - Line 11 (MODEL_RESPONSE.md line 130)\n" \
           "        S3BucketVersioning(self, \"v\", bucket=\"b\")" in item
    assert "- lib/tap_stack.py:3: cannot import name 'S3BucketVersioning'" in item
    assert "- lib/tap_stack.py:11: S3BucketVersioning is not a resource class" in item
    # distinct fixes of one rule are all listed
    assert "**IDEAL_RESPONSE Fix**:\n\n- Imported S3BucketVersioningA.\n- Used S3BucketVersioningA." in item


def test_item_fields_in_seed_order(task_review):
    item = item_text(render(task_review), 1)
    labels = re.findall(r"^\*\*([^*]+)\*\*:", item, flags=re.M)
    assert labels == ["Impact Level", "MODEL_RESPONSE Issue", "IDEAL_RESPONSE Fix", "Root Cause",
                      "AWS Documentation Reference", "Cost/Security/Performance Impact",
                      "Training Value"]
    assert "**Root Cause**: The bare name is a nested-block struct" in item
    assert ("**AWS Documentation Reference**: "
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs") in item
    assert "**Cost/Security/Performance Impact**: ImportError at synth: nothing deploys." in item
    assert "**Training Value**: Models must use the generated class names" in item


def test_items_separated_by_rules(task_review):
    text = render(task_review)
    body = text[:text.index("## Summary")]
    assert body.count("\n---\n") == 4


def test_single_fix_inline_and_missing_fix(task_review):
    text = render(task_review)
    assert "**IDEAL_RESPONSE Fix**: Renamed `id` to `construct_id`." in item_text(text, 4)
    assert "**IDEAL_RESPONSE Fix**: No fix was recorded" in item_text(text, 2)


def test_evidence_shown(task_review):
    assert "secret scanner: literal assigned to `password`" in item_text(render(task_review), 2)


def test_origin_only_finding_has_no_code_line(task_review):
    item = item_text(render(task_review), 3)
    block = item.split("```")[1]
    assert block.strip().splitlines() == ["text", "# lib/MODEL_RESPONSE.md - Line 140"]
    assert "**AWS Documentation Reference**: N/A" in item


def test_show_code_false_keeps_only_location_comments(task_review):
    item = item_text(render(task_review, show_code=False), 1)
    assert "import S3BucketVersioning" not in item.split("**IDEAL_RESPONSE Fix**")[0].split("```")[1]


def test_multiline_range_is_shown(make_finding, make_input):
    finding = replace(make_finding("LNT001", 8, "shadowed"),
                      location=replace(make_finding("LNT001", 8, "x").location, end_line=9))
    text = render(Review(inputs=[make_input([finding])], config=ReviewConfig()))
    assert ("# lib/tap_stack.py - Lines 8-9 (MODEL_RESPONSE.md line 127)\n"
            "    def __init__(self, scope: Construct, id: str):\n"
            "        super().__init__(scope, id)") in text


def test_rule_with_mixed_severities_goes_to_its_worst(make_finding, make_input):
    findings = [make_finding("LNT001", 8, "a"), make_finding("LNT001", 9, "b", severity=Severity.HIGH)]
    text = render(Review(inputs=[make_input(findings)], config=ReviewConfig()))
    assert headings(text, "##") == ["## High Priority Issues", "## Summary"]
    assert "- **High**: 1 item (2 locations)" in text


def test_unknown_rule_uses_a_title_from_its_name(make_finding, make_input):
    finding = make_finding("ZZZ999", 4, "odd", rule_name="odd-thing-here", severity=Severity.LOW)
    text = render(Review(inputs=[make_input([finding])], config=ReviewConfig()))
    assert "### 1. Odd thing here" in text
    assert "**Root Cause**: Not documented for rule ZZZ999." in text


def test_summary_counts(task_review):
    text = render(task_review)
    summary = text[text.index("## Summary"):]
    assert "### Total Failures by Severity\n\n" \
           "- **Critical**: 1 item (2 locations)\n" \
           "- **High**: 1 item (1 location)\n" \
           "- **Medium**: 1 item (1 location)\n" \
           "- **Low**: 1 item (1 location)\n" \
           "- **Total**: 4 items (5 locations)" in summary


def test_knowledge_gaps_ranked_with_category_names(task_review, monkeypatch):
    names = {"provider_class_missing_a_suffix": 'Provider class name missing jsii "A" suffix'}
    monkeypatch.setattr(_common, "category_name", lambda c: names.get(c, c))
    text = render(task_review)
    gaps = text[text.index("### Primary Knowledge Gaps"):text.index("### Training Quality Score")]
    assert gaps.strip().splitlines()[2:] == [
        '1. Provider class name missing jsii "A" suffix (`provider_class_missing_a_suffix`): 2 findings',
        "2. `builtin_shadowing_id`: 1 finding",
        "3. `hardcoded_secret_or_password`: 1 finding",
        "4. `project_scaffolding_missing_or_wrong`: 1 finding",
    ]


def test_score_placeholder_and_hook(task_review):
    assert ("### Training Quality Score\n\n"
            "Not computed yet: the scoring stage is not built in this version.") in render(task_review)

    class Score:
        def to_markdown(self):
            return "**Score: 9/10** = 8 base + 1 (one class A failure)"

    task_review.inputs[0].score = Score()
    text = render(task_review)
    assert "### Training Quality Score\n\n**Score: 9/10** = 8 base + 1" in text
    assert "Not computed yet" not in text


def test_not_evaluated_and_attribution_notes(task_review):
    text = render(task_review)
    section = text[text.index("### Not Evaluated"):]
    assert section.splitlines()[2:4] == ["- **synth**: synth stage not enabled (--stages)",
                                         "- **tests**: the task has no tests/ folder"]
    assert "**Attribution notes**:\n\n- lib/tap_stack.py: path taken from the heading" in section


def test_empty_review_renders_cleanly(empty_review):
    text = render(empty_review)
    assert headings(text, "##") == ["## Summary"]
    assert "No failures were found." in text
    assert "None identified: no findings." in text
    assert "- **Total**: 0 items (0 locations)" in text
    assert "No stage reported that it could not run." in text
    assert "### 1." not in text


def test_no_inputs(no_input_review):
    assert render(no_input_review).startswith("# Model Response Failures Analysis\n")


def test_several_inputs_rendered_in_turn(two_input_review):
    text = render(two_input_review)
    parts = text.split("\n---\n\n# Model Response Failures Analysis\n")
    assert len(parts) == 2
    assert "tasks/t1" in parts[0] and "examples/app" in parts[1]
    assert "### 1. Provider class used without its jsii A suffix" in parts[1]  # numbering restarts


def test_deterministic_and_order_independent(task_review, make_input):
    first = render(task_review)
    assert render(task_review) == first
    shuffled = make_input(list(reversed(task_review.inputs[0].findings)))
    assert render(Review(inputs=[shuffled], config=ReviewConfig(),
                         provider=task_review.provider)) == first


def test_ascii_only_no_emoji(task_review):
    assert render(task_review).isascii()


def test_fence_survives_backticks_in_code():
    fenced = markdown._fence("x = '```'\n", "python")
    assert fenced.startswith("````python\n") and fenced.endswith("\n````")


@pytest.mark.parametrize("error", ["could not read the answer: not UTF-8"])
def test_input_error_listed(make_input, error):
    broken = make_input([])
    broken.error = error
    text = render(Review(inputs=[broken], config=ReviewConfig()))
    assert f"- **input**: the input could not be reviewed: {error}" in text
