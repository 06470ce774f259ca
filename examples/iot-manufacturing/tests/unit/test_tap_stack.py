"""Unit tests of the synthesized IoT pipeline."""
import json

from cdktf import App, Testing

from lib.tap_stack import TapStack


def _synth():
    app = App()
    stack = TapStack(app, "TapStacktest", environment_suffix="pr-7",
                     state_bucket="states", state_bucket_region="us-east-1")
    return json.loads(Testing.synth(stack))


CONFIG = _synth()


def _one(kind):
    resources = CONFIG["resource"][kind]
    assert len(resources) == 1, kind
    return next(iter(resources.values()))


def test_backend_has_no_lockfile_option():
    backend = CONFIG["terraform"]["backend"]["s3"]
    assert backend == {"bucket": "states", "key": "pr-7/TapStacktest.tfstate",
                       "region": "us-east-1", "encrypt": True}


def test_stream_is_on_demand():
    stream = _one("aws_kinesis_stream")
    assert stream["stream_mode_details"] == {"stream_mode": "ON_DEMAND"}
    assert stream["name"] == "iot-telemetry-pr-7"


def test_thing_type_searchable_attributes():
    props = _one("aws_iot_thing_type")["properties"]
    assert props["searchable_attributes"] == ["location", "facility", "equipment_type"]


def test_topic_rule_partition_key_is_escaped():
    rule = _one("aws_iot_topic_rule")
    assert rule["name"] == "factory_telemetry_pr_7"
    assert rule["kinesis"][0]["partition_key"] == "$${topic(3)}"


def test_lifecycle_rule_has_filter_and_glacier_transition():
    rule = _one("aws_s3_bucket_lifecycle_configuration")["rule"][0]
    assert rule["filter"] == [{"prefix": "telemetry/"}]
    assert rule["transition"][0]["storage_class"] == "GLACIER"


def test_trail_waits_for_its_bucket_policy():
    trail = _one("aws_cloudtrail")
    policy = json.loads(_one("aws_s3_bucket_policy")["policy"])
    actions = {s["Action"] for s in policy["Statement"]}
    assert actions == {"s3:GetBucketAcl", "s3:PutObject"}
    assert "aws_s3_bucket_policy.trail-bucket-policy" in trail["depends_on"]


def test_lambda_package_is_a_synthesized_asset():
    function = _one("aws_lambda_function")
    assert function["handler"] == "processor.handler"
    assert "assets/" in function["filename"] and function["filename"].endswith(".zip")
    mapping = _one("aws_lambda_event_source_mapping")
    assert mapping["starting_position"] == "LATEST"
