"""Name rules: templates judged by their fixed text only, full names completely."""
from __future__ import annotations

import pytest

from iac_review.knowledge.names import NAME_ARGS, check_name, check_template, name_args, name_rule


@pytest.mark.parametrize("value", ["logs-pr1234-123456789012", "a.b.c", "abc"])
def test_valid_bucket_names(value):
    assert check_name("aws_s3_bucket", value) == []


@pytest.mark.parametrize("value,problem", [
    ("ab", "at least 3"),
    ("My_Bucket", "uppercase, '_'"),
    ("logs..archive", "must not contain '..'"),
    ("xn--logs", "must not begin with 'xn--'"),
    ("logs-s3alias", "must not end with '-s3alias'"),
    ("192.168.1.10", "IP address"),
    ("-logs", "must begin with"),
    ("x" * 64, "at most 63"),
])
def test_invalid_bucket_names(value, problem):
    assert any(problem in p for p in check_name("aws_s3_bucket", value)), check_name(
        "aws_s3_bucket", value)


def test_template_judges_fixed_text_and_one_character_per_placeholder():
    assert check_template("aws_lb", ["a" * 31, None]) == []
    assert any("at least 33" in p for p in check_template("aws_lb", ["a" * 32, None]))
    # the unknown part may hold anything allowed: no character or edge rule is guessed
    assert check_template("aws_s3_bucket", [None, "-logs-", None]) == []


def test_fifo_suffix_and_alias_prefix():
    assert check_template("aws_sqs_queue", ["jobs-", None, ".fifo"]) == []
    assert check_name("aws_sqs_queue", "jobs.v2") != []
    assert check_template("aws_kms_alias", ["alias/app-", None]) == []
    assert check_template("aws_kms_alias", ["ali", None]) == []
    assert check_template("aws_kms_alias", ["app-", None]) != []
    assert any("alias/aws/" in p for p in check_name("aws_kms_alias", "alias/aws/mine"))


def test_lowercase_only_identifiers():
    assert check_name("aws_db_instance", "ledger-db") == []
    assert check_name("aws_db_instance", "Ledger-DB") != []
    assert any("'--'" in p for p in check_name("aws_rds_cluster", "ledger--db"))
    assert check_name("aws_rds_cluster", "ledger", arg="database_name") == []
    assert check_name("aws_rds_cluster", "ledger-db", arg="database_name") != []


def test_lookup_helpers():
    assert [a.arg for a in name_args("aws_lambda_function")] == ["function_name"]
    assert name_args("aws_vpc") == ()
    assert name_rule("aws_iam_role").max_len == 64
    assert check_name("aws_vpc", "anything goes") == []


def test_every_rule_has_a_source_url():
    for entries in NAME_ARGS.values():
        for entry in entries:
            if entry.rule is not None:
                assert entry.rule.docs.startswith("https://")
                assert entry.rule.max_len >= entry.rule.min_len >= 1
