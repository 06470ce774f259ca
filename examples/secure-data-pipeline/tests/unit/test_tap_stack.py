"""Unit tests: synthesize the stack and check the security-relevant settings."""
import json

from cdktf import App, Testing

from lib.tap_stack import TapStack


def _synth():
    app = App()
    stack = TapStack(app, "TapStacktest", environment_suffix="test", aws_region="us-east-1",
                     state_bucket="state-bucket", state_bucket_region="us-east-1",
                     default_tags={"Team": "test"})
    return json.loads(Testing.synth(stack))


def _resources(synth, kind):
    return list(synth["resource"].get(kind, {}).values())


def test_buckets_are_unique_per_account_and_environment():
    names = [b["bucket"] for b in _resources(_synth(), "aws_s3_bucket")]
    assert len(names) == 4
    assert all("-test-" in name and "data.aws_caller_identity.current.account_id" in name for name in names)


def test_key_policy_allows_cloudwatch_logs_and_uses_no_literal_account():
    key = _resources(_synth(), "aws_kms_key")[0]
    assert key["enable_key_rotation"] is True
    policy = json.loads(key["policy"])
    services = {s["Principal"].get("Service") for s in policy["Statement"]}
    assert "logs.us-east-1.amazonaws.com" in services
    assert "123456789012" not in key["policy"]


def test_versioning_has_no_mfa_delete():
    versioning = _resources(_synth(), "aws_s3_bucket_versioning")[0]
    assert versioning["versioning_configuration"] == {"status": "Enabled"}


def test_firewall_rules_keep_their_fields():
    group = _resources(_synth(), "aws_networkfirewall_rule_group")[0]
    rules = group["rule_group"]["rules_source"]["stateful_rule"]
    assert [r["action"] for r in rules] == ["PASS", "DROP"]
    assert rules[0]["header"]["destination_port"] == "443"
    assert rules[0]["rule_option"][0]["keyword"] == "sid"


def test_lambda_runs_in_the_vpc_with_a_role_of_this_stack():
    synth = _synth()
    function = _resources(synth, "aws_lambda_function")[0]
    assert function["role"].startswith("${aws_iam_role.")
    assert len(function["vpc_config"]["subnet_ids"]) == 2


def test_config_role_uses_the_real_managed_policy():
    attachments = [a["policy_arn"] for a in _resources(_synth(), "aws_iam_role_policy_attachment")]
    assert "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole" in attachments


def test_backend_and_outputs():
    synth = _synth()
    assert synth["terraform"]["backend"]["s3"]["bucket"] == "state-bucket"
    assert {"vpc_id", "data_bucket_name", "kms_key_arn"} <= set(synth["output"])
