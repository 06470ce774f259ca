"""The AWS knowledge tables: consistent data and helpers that say only what they know."""
from __future__ import annotations

import pytest

from iac_review.knowledge.domains import RESERVED_SECOND_LEVEL, SPECIAL_USE_TLDS, reserved_domain
from iac_review.knowledge.iam import (
    HALLUCINATED_POLICY_NAMES,
    MANAGED_POLICY_PATHS,
    managed_policy_problem,
)
from iac_review.knowledge.logs import LOG_RETENTION_DAYS, nearest_log_retention, valid_log_retention

# -- logs ----------------------------------------------------------------------


def test_retention_table_is_sorted_and_unique():
    assert list(LOG_RETENTION_DAYS) == sorted(set(LOG_RETENTION_DAYS))
    assert len(LOG_RETENTION_DAYS) == 22


@pytest.mark.parametrize("days,valid", [(0, True), (1, True), (2, False), (30, True), (731, True),
                                        (1096, True), (2555, False), (2557, True), (3653, True),
                                        (3650, False), (-1, False)])
def test_valid_log_retention(days, valid):
    assert valid_log_retention(days) is valid


@pytest.mark.parametrize("days,nearest", [(2555, 2557), (45, 60), (10, 7), (4000, 3653), (-5, 1),
                                          (4, 5)])  # 4 is as far from 3 as from 5: the longer wins
def test_nearest_log_retention(days, nearest):
    assert nearest_log_retention(days) == nearest

# -- domains -------------------------------------------------------------------


@pytest.mark.parametrize("name,reserved,rejects", [
    ("example.com", "example.com", True),
    ("payments-dev.example.com", "example.com", True),
    ("API.Example.ORG.", "example.org", True),
    ("*.example.net", "example.net", True),
    ("app-{}.example.com", "example.com", True),
    ("shop.test", ".test", False),
    ("svc.internal.localhost", ".localhost", False),
])
def test_reserved_domain(name, reserved, rejects):
    found = reserved_domain(name)
    assert found is not None
    assert found.reserved == reserved
    assert found.route53_rejects is rejects


@pytest.mark.parametrize("name", ["myexample.com", "example.com.au", "example-shop.com", "corp.internal",
                                  "testing.local", "test", "localhost", "", "not a domain.example.com"])
def test_not_reserved(name):
    assert reserved_domain(name) is None


def test_domain_tables_are_lower_case_without_dots():
    for name in RESERVED_SECOND_LEVEL + SPECIAL_USE_TLDS:
        assert name == name.lower() and not name.startswith(".") and not name.endswith(".")

# -- IAM managed policies -------------------------------------------------------


def test_policy_paths_are_empty_or_end_with_a_slash():
    for name, path in MANAGED_POLICY_PATHS.items():
        assert path in ("", "service-role/"), name


def test_hallucinated_names_map_to_known_policies():
    for wrong, real in HALLUCINATED_POLICY_NAMES.items():
        assert real in MANAGED_POLICY_PATHS
        assert wrong not in MANAGED_POLICY_PATHS


@pytest.mark.parametrize("arn,correct,reason", [
    ("arn:aws:iam::aws:policy/service-role/ConfigRole",
     "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole", "name"),
    ("arn:aws:iam::aws:policy/AWS_ConfigRole", "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole", "path"),
    ("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole",
     "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "path"),
    ("arn:aws:iam::aws:policy/service-role/AmazonSSMManagedInstanceCore",
     "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", "path"),
    ("arn:aws-us-gov:iam::aws:policy/AWSLambdaVPCAccessExecutionRole",
     "arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole", "path"),
    ("arn:{}:iam::aws:policy/AmazonECSTaskExecutionRolePolicy",
     "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy", "path"),
])
def test_known_wrong_policy_arns(arn, correct, reason):
    problem = managed_policy_problem(arn)
    assert problem is not None
    assert (problem.correct, problem.reason) == (correct, reason)


@pytest.mark.parametrize("arn", [
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole",
    "arn:aws:iam::aws:policy/SomePolicyTheTableDoesNotKnow",      # unknown is not wrong
    "arn:aws:iam::aws:policy/service-role/SomeOtherServiceRole",
    "arn:aws:iam::123456789012:policy/service-role/ConfigRole",   # a customer policy may have any name
    "arn:aws:iam::aws:policy/",
    "not an arn",
])
def test_policy_arns_left_alone(arn):
    assert managed_policy_problem(arn) is None
