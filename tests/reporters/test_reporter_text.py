from __future__ import annotations

from iac_review.api import Review, ReviewConfig
from iac_review.core.finding import Severity
from iac_review.reporters import get_reporter, text
from iac_review.synth.suite import RAN, SuiteOutcome, SuitePlan


def render(review, **kwargs) -> str:
    return get_reporter("text").render(review, **kwargs)


def test_finding_line_shows_severity_rule_location_and_origin(task_review):
    out = render(task_review)
    assert ("  Critical CDK001 missing-a-suffix-class  lib/tap_stack.py:3:1 "
            "(from lib/MODEL_RESPONSE.md:122)") in out.splitlines()


def test_message_source_line_and_fix(task_review):
    lines = render(task_review).splitlines()
    start = lines.index("  Critical CDK001 missing-a-suffix-class  lib/tap_stack.py:3:1 "
                        "(from lib/MODEL_RESPONSE.md:122)")
    assert lines[start + 1:start + 4] == [
        "    cannot import name 'S3BucketVersioning'",
        "        3 | from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning",
        "    fix: Imported S3BucketVersioningA.",
    ]


def test_grouped_by_input_then_file_sorted(two_input_review):
    lines = render(two_input_review).splitlines()
    headers = [ln for ln in lines if ln and not ln.startswith(" ")]
    assert headers[0].startswith("tasks/t1  (task, model code, 1 file)")
    assert headers[1].startswith("examples/app  (project, 1 file)")
    files = [ln.strip() for ln in lines[:lines.index(headers[1])] if ln.startswith("  lib/")]
    assert files == ["lib/MODEL_RESPONSE.md", "lib/tap_stack.py"]


def test_findings_in_sort_key_order_within_a_file(task_review):
    out = render(task_review)
    rules = [ln.split()[1] for ln in out.splitlines()
             if ln.startswith("  ") and ln.split() and ln.split()[0] in {s.value for s in Severity}]
    assert rules == ["INP001", "CDK001", "CDK001", "SEC001", "LNT001"]


def test_origin_only_finding_has_no_code_line(task_review):
    lines = render(task_review).splitlines()
    i = next(n for n, ln in enumerate(lines) if "INP001" in ln)
    assert lines[i].endswith("lib/MODEL_RESPONSE.md:140:1")
    assert lines[i + 1] == "    Code block at line 140 has no file path"
    assert not lines[i + 2].lstrip()[:1].isdigit()


def test_disk_finding_has_no_origin(two_input_review):
    out = render(two_input_review)
    assert "  Critical CDK001 missing-a-suffix-class  lib/tap_stack.py:3:1\n" in out


def test_notes_not_evaluated_and_summary(task_review):
    out = render(task_review)
    assert "  notes:\n    - lib/tap_stack.py: path taken from the heading above the code block\n" in out
    assert ("  not evaluated:\n    - synth: synth stage not enabled (--stages)\n"
            "    - tests: the task has no tests/ folder\n") in out
    assert out.rstrip().splitlines()[-1] == (
        "5 findings (2 Critical, 1 High, 1 Medium, 1 Low) in 1 input; 2 not evaluated")


def test_evidence_is_shown(task_review):
    assert "    evidence:\n      secret scanner: literal assigned to `password`\n" in render(task_review)


def test_show_code_false_hides_source(task_review):
    out = render(task_review, show_code=False)
    assert "import S3BucketVersioning" not in out
    assert "lib/tap_stack.py:3:1" in out


def test_no_color_means_no_escape_codes_and_color_adds_them(task_review):
    assert "\x1b[" not in render(task_review)
    colored = render(task_review, color=True)
    assert "\x1b[" in colored
    assert "S3BucketVersioning" in colored


def test_markup_in_messages_is_printed_literally(make_finding, make_input):
    finding = make_finding("LNT001", 8, "see [bold]docs[/bold] and [link]")
    out = render(Review(inputs=[make_input([finding])], config=ReviewConfig()))
    assert "see [bold]docs[/bold] and [link]" in out


def test_long_messages_wrap_without_trailing_spaces(make_finding, make_input):
    finding = make_finding("LNT001", 8, "word " * 60)
    out = render(Review(inputs=[make_input([finding])], config=ReviewConfig()))
    assert all(line == line.rstrip() for line in out.splitlines())
    assert max(len(line) for line in out.splitlines()) <= text.WIDTH


def test_empty_review(empty_review, no_input_review):
    out = render(empty_review)
    assert "examples/clean  (project, 1 file)\n  no findings\n" in out
    assert out.rstrip().splitlines()[-1] == "no findings in 1 input"
    assert render(no_input_review).strip() == "no findings in 0 inputs"


def test_input_error(make_input):
    broken = make_input([])
    broken.error = "not UTF-8"
    out = render(Review(inputs=[broken], config=ReviewConfig()))
    assert "  error: not UTF-8" in out
    assert "no findings" in out.splitlines()[-1] and "1 input could not be reviewed" in out


def test_deterministic(two_input_review):
    assert render(two_input_review) == render(two_input_review)


def _with_suite(review: Review, **counts) -> Review:

    review.inputs[0].suite = SuiteOutcome(RAN, SuitePlan(("tests/unit",), "lib"),
                                          exit_code=1 if counts.get("failed") else 0,
                                          counts=counts, coverage=72.5, seconds=3.25)
    return review


def test_the_unit_tests_line_gives_the_verdict_and_the_coverage(task_review):
    lines = render(_with_suite(task_review, passed=3, failed=1)).splitlines()
    assert "  tests: 3 passed, 1 failed; branch coverage of lib/ 72.5% in 3.2 s" in lines


def test_the_markdown_report_has_a_unit_tests_section(task_review):
    out = get_reporter("markdown").render(_with_suite(task_review, passed=4))
    assert ("### Unit Tests\n\nThe unit tests (tests/unit) passed: 4 passed; branch coverage of lib/ "
            "72.5% (gate 90%: not met).") in out
