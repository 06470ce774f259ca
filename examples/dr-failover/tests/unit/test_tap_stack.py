"""Unit tests of the synthesized disaster-recovery stack."""
import json

from cdktf import App, Testing

from lib.tap_stack import TapStack


def _synth(**kwargs):
    app = App()
    stack = TapStack(app, "TapStacktest", environment_suffix="test", **kwargs)
    return json.loads(Testing.synth(stack))


def _of_type(config, kind):
    return config.get("resource", {}).get(kind, {})


def test_backend_uses_the_given_state_bucket():
    config = _synth(state_bucket="states-bucket", state_bucket_region="eu-west-1")
    backend = config["terraform"]["backend"]["s3"]
    assert backend["bucket"] == "states-bucket"
    assert backend["region"] == "eu-west-1"
    assert backend["key"] == "test/TapStacktest.tfstate"


def test_two_regions_are_configured():
    providers = _synth()["provider"]["aws"]
    assert {p["region"] for p in providers} == {"us-east-1", "us-west-2"}
    assert [p.get("alias") for p in providers if p.get("alias")] == ["secondary"]


def test_table_is_global_with_stream():
    table = next(iter(_of_type(_synth(), "aws_dynamodb_table").values()))
    assert table["name"] == "dr-sessions-test"
    assert table["stream_view_type"] == "NEW_AND_OLD_IMAGES"
    assert [r["region_name"] for r in table["replica"]] == ["us-west-2"]


def test_one_health_function_per_region():
    functions = _of_type(_synth(), "aws_lambda_function")
    names = sorted(f["function_name"] for f in functions.values())
    assert names == ["dr-health-primary-test", "dr-health-secondary-test"]
    assert sum(1 for f in functions.values() if f.get("provider") == "aws.secondary") == 1


def test_failover_records_have_health_checks():
    records = _of_type(_synth(), "aws_route53_record").values()
    policies = sorted(r["failover_routing_policy"]["type"] for r in records)
    assert policies == ["PRIMARY", "SECONDARY"]
    assert all(r["health_check_id"] for r in records)


def test_backups_are_copied_to_the_standby_vault():
    plan = next(iter(_of_type(_synth(), "aws_backup_plan").values()))
    copy = plan["rule"][0]["copy_action"][0]
    assert "aws_backup_vault.vault-secondary" in copy["destination_vault_arn"]
