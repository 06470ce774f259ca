"""S3 backend options by Terraform version."""
from __future__ import annotations

from iac_review.knowledge.backend import CDKTF_S3_BACKEND_PARAMS, S3_BACKEND_OPTIONS, \
    s3_option_problem


def test_use_lockfile_arrives_in_1_10():
    assert s3_option_problem("use_lockfile", "1.9.8").reason == "too-new"
    assert s3_option_problem("use_lockfile", "1.10.0") is None


def test_removed_options_name_their_replacement():
    assert s3_option_problem("role_arn", "1.9.0") is None
    problem = s3_option_problem("role_arn", "1.10.0")
    assert problem.reason == "removed" and "assume_role.role_arn" in problem.detail
    assert s3_option_problem("use_legacy_workflow", "1.8.0").reason == "removed"


def test_unknown_options():
    assert s3_option_problem("versioning", "1.10.0").reason == "unknown"
    assert s3_option_problem("bucket", "1.2.0") is None


def test_cdktf_parameters_are_backend_options():
    assert CDKTF_S3_BACKEND_PARAMS <= set(S3_BACKEND_OPTIONS)
    assert "use_lockfile" not in CDKTF_S3_BACKEND_PARAMS
