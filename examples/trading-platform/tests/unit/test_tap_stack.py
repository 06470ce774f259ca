"""Unit tests: synthesize one stack per region and check names, encryption and credentials."""
import json

import pytest
from cdktf import App, Testing

from lib.tap_stack import TradingPlatformStack


@pytest.fixture(scope="module", params=["us-east-1", "us-west-2"])
def synth(request):
    app = App()
    stack = TradingPlatformStack(app, f"TradingPlatformtest-{request.param}", environment_suffix="test",
                                 aws_region=request.param, state_bucket="state-bucket",
                                 default_tags={"Team": "test"})
    return request.param, json.loads(Testing.synth(stack))


def _one(synthesized, kind):
    values = list(synthesized["resource"][kind].values())
    assert len(values) == 1
    return values[0]


def test_provider_and_backend_use_the_parameters(synth):
    region, synthesized = synth
    assert synthesized["provider"]["aws"][0]["region"] == region
    assert synthesized["terraform"]["backend"]["s3"]["key"] == f"TradingPlatformtest-{region}/terraform.tfstate"


def test_kms_alias_carries_region_and_suffix(synth):
    region, synthesized = synth
    assert _one(synthesized, "aws_kms_alias")["name"] == f"alias/trading-{region}-test"
    assert _one(synthesized, "aws_kms_key")["enable_key_rotation"] is True


def test_bucket_is_encrypted_with_the_key_and_expires_objects(synth):
    _, synthesized = synth
    sse = _one(synthesized, "aws_s3_bucket_server_side_encryption_configuration")
    assert sse["rule"][0]["apply_server_side_encryption_by_default"]["sse_algorithm"] == "aws:kms"
    rule = _one(synthesized, "aws_s3_bucket_lifecycle_configuration")["rule"][0]
    assert rule["expiration"] == [{"days": 90}]
    assert "data.aws_caller_identity.current.account_id" in _one(synthesized, "aws_s3_bucket")["bucket"]


def test_database_password_is_managed_by_rds(synth):
    _, synthesized = synth
    cluster = _one(synthesized, "aws_rds_cluster")
    assert cluster["manage_master_user_password"] is True
    assert "master_password" not in cluster
    assert cluster["storage_encrypted"] is True
    assert cluster["skip_final_snapshot"] is True


def test_orders_queue_has_a_dead_letter_queue(synth):
    _, synthesized = synth
    queues = synthesized["resource"]["aws_sqs_queue"]
    orders = next(q for q in queues.values() if q["name"].endswith("-orders"))
    assert json.loads(orders["redrive_policy"])["maxReceiveCount"] == 3
