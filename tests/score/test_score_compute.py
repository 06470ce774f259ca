"""The training-quality rubric (docs/scoring.md), branch by branch, on hand-built reviews."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from iac_review.api import InputReview
from iac_review.core.finding import Finding, Location, Severity
from iac_review.core.workspace import Project, SourceFile
from iac_review.score import compute_score
from iac_review.score.classes import CATEGORY_CLASSES, class_of
from iac_review.synth.outcome import OK, SynthOutcome

DATA = Path(__file__).resolve().parents[2] / "src" / "iac_review" / "data" / "categories.json"
A_CAT, B_CAT, C_CAT = "security_hardening_missing", "tagging_issues", "code_quality_lint"
META = {"platform": "cdktf", "language": "py"}


def test_every_taxonomy_category_is_mapped():
    ids = {c["id"] for c in json.loads(DATA.read_text(encoding="utf-8"))}
    assert ids - set(CATEGORY_CLASSES) == set()
    assert set(CATEGORY_CLASSES) - ids == set()  # no stale ids either
    assert all(cls in "ABC" and reason for cls, reason in CATEGORY_CLASSES.values())


def test_unknown_category_is_neutral():
    assert class_of("no_such_category") == "B"


def finding(rule: str, category: str, file: str = "lib/tap_stack.py", line: int = 1) -> Finding:
    return Finding(rule, category, Severity.MEDIUM, "m", Location(file, line))


def stack(*types: str, **extra) -> dict:
    resource = {t: {f"r{i}": dict(extra.get(t, {}))} for i, t in enumerate(types)}
    return {"resource": resource, "provider": extra.get("provider", {"aws": [{"region": "us-east-1"}]})}


def review(findings=(), code: str = "", stacks: dict | None = None) -> InputReview:
    project = Project(input="x", kind="project",
                      files={"lib/tap_stack.py": SourceFile("lib/tap_stack.py", code)})
    synth = SynthOutcome(status=OK, stacks=stacks) if stacks is not None else None
    return InputReview(project, list(findings), synth=synth)


# one basic service (s3): complexity -1 unless noted
BASIC = {"Tap": stack("aws_s3_bucket")}
# s3 + kms + lambda + sqs: 3+ services, security, event-driven -> 3, capped at +2
RICH = {"Tap": stack("aws_s3_bucket", "aws_kms_key", "aws_lambda_function", "aws_sqs_queue")}
# two services, none of the factors: complexity 0
PLAIN = {"Tap": stack("aws_s3_bucket", "aws_dynamodb_table")}


def score(findings=(), stacks=PLAIN, meta=META, prompt=None, code=""):
    return compute_score(review(findings, code, stacks), prompt, meta)


def test_two_class_a_fixes_add_two():
    s = score([finding("R1", A_CAT), finding("R2", "iam_overly_permissive")])
    assert (s.failure_adjustment, s.total, s.passed) == (2, 10, True)
    assert s.fixes_by_class["A"] == ["R1", "R2"]


def test_one_class_a_adds_one_and_cancels_c_penalty():
    s = score([finding("R1", A_CAT)] + [finding(f"C{i}", C_CAT) for i in range(7)])
    assert s.failure_adjustment == 1 and s.total == 9


def test_one_rule_many_locations_is_one_fix():
    s = score([finding("R1", A_CAT, line=n) for n in range(1, 6)])
    assert s.failure_adjustment == 1


def test_class_b_is_neutral_and_blocks_c_penalty():
    s = score([finding("B1", B_CAT), finding("C1", C_CAT)])
    assert s.failure_adjustment == 0 and s.total == 8 and s.passed


@pytest.mark.parametrize("n, adj", [(0, -4), (1, -4), (2, -4), (3, -3), (4, -1), (5, -1),
                                    (6, -2), (9, -2)])
def test_all_c_bands(n, adj):
    s = score([finding(f"C{i}", C_CAT) for i in range(n)])
    assert s.failure_adjustment == adj
    assert s.total == 8 + adj


def test_complexity_factors_and_cap():
    s = score([finding("B1", B_CAT)], stacks=RICH)
    assert s.complexity_factors == ["3+ integrated services", "security practices",
                                    "event-driven or serverless"]
    assert s.complexity_adjustment == 2 and s.total == 10


def test_one_basic_service_minus_one():
    s = score([finding("B1", B_CAT)], stacks=BASIC)
    assert s.complexity_adjustment == -1 and s.total == 7 and not s.passed


def test_high_availability_from_subnets_and_multi_az():
    st = {"Tap": stack("aws_subnet", "aws_db_instance", "aws_vpc",
                       aws_db_instance={"multi_az": True})}
    s = score([finding("B1", B_CAT)], stacks=st)
    assert "high availability" in s.complexity_factors
    multi = {"Tap": stack("aws_s3_bucket", "aws_dynamodb_table",
                          provider={"aws": [{"region": "us-east-1"}, {"region": "us-west-2",
                                                                      "alias": "dr"}]})}
    assert "high availability" in score(stacks=multi).complexity_factors


def test_clamped_to_ten_and_zero():
    s = score([finding("A1", A_CAT), finding("A2", "networking_misconfig")], stacks=RICH)
    assert s.raw == 12 and s.total == 10
    assert "= 12, clamped to 10" in s.to_markdown()
    low = score([finding("C1", C_CAT)], stacks=BASIC)
    assert low.raw == 3  # 8 - 4 - 1: the floor is exercised by the clamp term
    assert [t for t in low.terms if t.term == "clamp"][0].value == 3


def test_services_from_imports_without_synth():
    code = ("from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\n"
            "from cdktf_cdktf_provider_aws.lambda_function import LambdaFunction\n"
            "from cdktf_cdktf_provider_aws.kms_key import KmsKey\n"
            "from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity\n"
            "from cdktf_cdktf_provider_aws.provider import AwsProvider\n")
    s = score([finding("B1", B_CAT)], stacks=None, code=code)
    assert s.services_source == "imports"
    assert s.services == ["kms", "lambda", "s3"]
    assert s.complexity_adjustment == 2


def test_override_platform_language():
    s = score([finding("A1", A_CAT), finding("A2", "iam_overly_permissive")],
              meta={"platform": "cdk", "language": "ts"})
    assert s.total == 3 and not s.passed and s.override["rule"] == "platform/language"


def test_override_region_from_reg001():
    s = score([finding("REG001", "region_or_multi_region_misconfig"), finding("A2", A_CAT)])
    assert s.total == 5 and s.override["rule"] == "region"


def test_lowest_override_wins():
    s = score([finding("REG001", "region_or_multi_region_misconfig")],
              meta={"platform": "pulumi", "language": "py"})
    assert s.total == 3


def test_override_account_only_when_evident():
    prompt = "Deploy into AWS account 111122223333 in us-east-1."
    code = 'arn = "arn:aws:iam::999988887777:role/x"\n'
    assert score(prompt=prompt, code=code).override["rule"] == "account"
    assert score(prompt=prompt, code="").override is None
    assert score(prompt="no account here", code=code).override is None


def test_override_required_services_missing():
    meta = dict(META, aws_services=["Amazon S3", "Lambda", "SQS", "Step Functions"])
    s = score([finding("A1", A_CAT)], stacks={"Tap": stack("aws_s3_bucket", "aws_lambda_function")},
              meta=meta)
    assert s.total == 4 and s.override["rule"] == "required services"
    meta_ok = dict(META, aws_services=["Amazon S3", "Lambda", "SQS", "Totally Unknown Thing"])
    s2 = score([finding("A1", A_CAT)], stacks={"Tap": stack("aws_s3_bucket", "aws_lambda_function")},
               meta=meta_ok)
    assert s2.override is None  # 1 of 3 recognised missing; the unknown name is not checked


def test_ec2_required_is_satisfied_by_vpc_resources():
    meta = dict(META, aws_services=["VPC", "EC2", "S3"])
    s = score(stacks={"Tap": stack("aws_vpc", "aws_nat_gateway", "aws_s3_bucket")}, meta=meta)
    assert s.override is None


def test_no_metadata_checks_are_reported_not_applied():
    s = score([finding("A1", A_CAT)], meta=None)
    names = [t.term for t in s.terms]
    for term in ("base", "failures", "class A", "class B", "complexity", "clamp",
                 "override: platform/language", "override: region", "override: account",
                 "override: required services", "total"):
        assert term in names
    assert s.override is None


def test_to_dict_is_json_ready_and_markdown_deterministic():
    s = score([finding("A1", A_CAT), finding("C1", C_CAT)], stacks=RICH)
    data = json.loads(json.dumps(s.to_dict()))
    assert data["total"] == s.total and data["terms"][0]["term"] == "base"
    md = s.to_markdown()
    assert md == score([finding("A1", A_CAT), finding("C1", C_CAT)], stacks=RICH).to_markdown()
    assert md.isascii()
    assert "8 (base) + 1 (1 class-A failure: A1) + 2 (complexity:" in md
    assert "gate 8: passes" in md


def test_negative_arithmetic_reads_naturally():
    md = score([finding("C1", C_CAT)], stacks=BASIC).to_markdown()
    assert "8 (base) - 4 (no fixes" not in md
    assert "8 (base) - 4 (1 fix, all class C) - 1 (complexity: one basic service) = 3" in md


def test_required_services_override_needs_synthesis():
    meta = dict(META, aws_services=["Amazon S3", "Lambda", "SQS", "Step Functions"])
    code = "from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\n"
    s = score([finding("A1", A_CAT)], stacks=None, code=code, meta=meta)
    assert s.override is None
    term = [t for t in s.terms if t.term == "override: required services"][0]
    assert term.value is None and "needs synthesis" in term.explanation


def test_docs_class_table_is_current():
    from iac_review.score.classes import markdown_table
    doc = (Path(__file__).resolve().parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8")
    assert markdown_table() in doc


def test_an_answer_without_code_scores_zero_and_says_why():
    empty = InputReview(Project(input="answer.md", kind="markdown", source="model"),
                        [finding("INP003", "project_scaffolding_missing_or_wrong", file="answer.md")])
    result = compute_score(empty, None, META)
    assert result.total == 0 and not result.passed
    assert result.override["rule"] == "no code"
    assert "contains no Python code" in result.to_markdown()


def test_an_answer_with_code_is_not_scored_as_empty():
    result = score([finding("SEC001", "security_hardening_missing")], stacks=RICH)
    assert result.override is None or result.override["rule"] != "no code"
