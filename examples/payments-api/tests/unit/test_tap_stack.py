"""Unit tests: synthesize the stack and check the Terraform it produces."""
import json

import pytest
from cdktf import App, Testing

from lib.tap_stack import TapStack


@pytest.fixture(name="config")
def fixture_config():
    app = App()
    stack = TapStack(app, "TapStacktest", environment_suffix="test", aws_region="us-east-1",
                     default_tags={"Team": "payments"})
    return json.loads(Testing.synth(stack))


def _only(config: dict, resource_type: str) -> dict:
    resources = config["resource"][resource_type]
    assert len(resources) == 1, resources
    return next(iter(resources.values()))


def test_table_is_a_global_table_with_a_stream(config):
    table = _only(config, "aws_dynamodb_table")
    assert table["name"] == "payments-test"
    assert table["stream_enabled"] is True
    assert table["stream_view_type"] == "NEW_AND_OLD_IMAGES"
    assert [r["region_name"] for r in table["replica"]] == ["us-west-2"]


def test_replica_key_lives_in_the_replica_region(config):
    providers = config["provider"]["aws"]
    assert {p.get("alias"): p["region"] for p in providers} == {None: "us-east-1", "replica": "us-west-2"}
    keys = config["resource"]["aws_kms_key"]
    assert [k.get("provider") for k in keys.values()].count("aws.replica") == 1
    assert all(k["enable_key_rotation"] is True for k in keys.values())


def test_api_key_is_in_a_usage_plan(config):
    plan_key = _only(config, "aws_api_gateway_usage_plan_key")
    assert plan_key["key_type"] == "API_KEY"
    assert "aws_api_gateway_api_key" in plan_key["key_id"]
    method = _only(config, "aws_api_gateway_method")
    assert method["api_key_required"] is True


def test_logs_bucket_is_private(config):
    block = _only(config, "aws_s3_bucket_public_access_block")
    assert all(block[k] is True for k in ("block_public_acls", "block_public_policy",
                                          "ignore_public_acls", "restrict_public_buckets"))


def test_log_group_has_retention(config):
    assert _only(config, "aws_cloudwatch_log_group")["retention_in_days"] == 30


def test_handler_policy_has_no_wildcard_action(config):
    policy = json.loads(_only(config, "aws_iam_role_policy")["policy"])
    assert all(statement["Action"] != "*" for statement in policy["Statement"])


def test_names_carry_the_suffix(config):
    assert _only(config, "aws_lambda_function")["function_name"] == "payments-api-test"
    assert _only(config, "aws_ssm_parameter")["name"] == "/payments/test/config"
    assert all(o.get("description") for o in config["output"].values())
