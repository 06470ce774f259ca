"""Provider-less terraform validate: the rewrite (always) and real runs (with terraform)."""
from __future__ import annotations

import json
import shutil

import pytest

from iac_review.parse.loader import load
from iac_review.stages.context import ReviewContext
from iac_review.synth.outcome import SynthOutcome
from iac_review.tfjson import terraform_validate as tv
from iac_review.tfjson.terraform_validate import (dump_with_paths, rewrite_for_validation,
                                                  terraform_validate_status, validate_stacks)

DOC = {
    "terraform": {"required_version": ">= 1.5", "backend": {"s3": {"bucket": "b", "use_lockfile": True}},
                  "required_providers": {"aws": {"source": "aws", "version": "6.25.0"}}},
    "provider": {"aws": [{"region": "us-east-1"}]},
    "data": {"aws_caller_identity": {"me": {}}},
    "resource": {
        "aws_s3_bucket": {
            "raw": {"//": {"metadata": {"path": "S/raw"}}, "bucket": "raw-${topic(3)}",
                    "provider": "aws.west",
                    "tags": {"Owner": "${data.aws_caller_identity.me.account_id}"}},
            "logs": {"bucket": "logs", "count": 2}},
        "aws_s3_bucket_policy": {"p": {
            "bucket": "${aws_s3_bucket.raw.id}", "policy": "${aws_s3_bucket.logs[0].arn}",
            "depends_on": ["aws_s3_bucket.raw", "aws_iam_role.nope"]}},
        "aws_security_group": {"sg": {
            "dynamic": {"ingress": {"for_each": "${var.ports}", "content": {"from_port": "${ingress.value}"}}},
            "lifecycle": {"ignore_changes": ["tags"], "create_before_destroy": True}}},
        "aws_sns_topic": {"t": {"name": "${aws_sqs_queue.missing.arn}", "display_name": "${local.nope}",
                                "kms_master_key_id": "${each.value}"}},
    },
    "variable": {"ports": {"type": "list(number)", "default": [22]}},
    "output": {"o": {"value": "${aws_s3_bucket.raw.arn}"}, "bad": {"value": "${Fn.sub(1)}"}},
}


def test_rewrite_keeps_only_builtin_blocks():
    config, names = rewrite_for_validation(DOC)
    assert set(config) == {"resource", "variable", "output"}
    blocks = config["resource"]["terraform_data"]
    assert names["aws_s3_bucket__raw"] == "aws_s3_bucket.raw"
    assert names["data__aws_caller_identity__me"] == "data.aws_caller_identity.me"
    raw = blocks["aws_s3_bucket__raw"]
    assert set(raw) == {"input"}                     # provider and "//" metadata dropped
    assert raw["input"]["tags"]["Owner"] == "${terraform_data.data__aws_caller_identity__me.output.account_id}"
    policy = blocks["aws_s3_bucket_policy__p"]
    assert policy["input"]["policy"] == "${terraform_data.aws_s3_bucket__logs[0].output.arn}"
    # declared dependencies are renamed, undeclared ones stay as written so terraform names them
    assert policy["depends_on"] == ["terraform_data.aws_s3_bucket__raw", "aws_iam_role.nope"]
    assert blocks["aws_s3_bucket__logs"]["count"] == 2
    sg = blocks["aws_security_group__sg"]
    assert sg["input"]["dynamic"] == {"ingress": {"for_each": "${var.ports}"}}
    assert sg["lifecycle"] == {"create_before_destroy": True}
    assert blocks["aws_sns_topic__t"]["input"]["name"] == "${aws_sqs_queue.missing.arn}"
    assert config["output"]["o"]["value"] == "${terraform_data.aws_s3_bucket__raw.output.arn}"


def test_rewrite_odd_input():
    assert rewrite_for_validation(None) == ({}, {})
    config, _ = rewrite_for_validation({"resource": {"aws_s3_bucket": {"x": "nope"}, "bad": []}})
    assert config["resource"]["terraform_data"]["aws_s3_bucket__x"] == {"input": {}}


def test_dump_with_paths_is_json_and_maps_lines():
    config, _ = rewrite_for_validation(DOC)
    text, paths = dump_with_paths(config)
    assert json.loads(text) == config
    lines = text.split("\n")
    line = next(n for n, t in enumerate(lines, 1) if "topic(3)" in t)
    assert paths[line] == ("resource", "terraform_data", "aws_s3_bucket__raw", "input", "bucket")


def test_without_terraform_it_is_not_evaluated(monkeypatch):
    monkeypatch.setattr(tv, "terraform_binary", lambda: None)
    run = validate_stacks({"S": DOC})
    assert not run.ok and "not on PATH" in run.not_evaluated_reason and run.errors == []


def _ctx(tmp_path, stacks=None):
    (tmp_path / "lib").mkdir(exist_ok=True)
    (tmp_path / "lib" / "__init__.py").write_text("")
    ctx = ReviewContext(load(str(tmp_path)), None)
    if stacks is not None:
        ctx.synth = SynthOutcome(status="ok", stacks=stacks)
    return ctx


def test_status_without_synth(tmp_path):
    assert "no synthesized" in terraform_validate_status(_ctx(tmp_path))


needs_terraform = pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform not on PATH")


@needs_terraform
def test_every_error_is_found_across_phases():
    run = validate_stacks({"S": DOC})
    assert run.ok, run.not_evaluated_reason
    got = {(e.address, e.attribute, e.kind, e.category) for e in run.errors}
    assert got == {
        ("aws_s3_bucket.raw", "bucket", "function", "raw_terraform_interpolation_string"),
        ("output.bad", "value", "syntax", "raw_terraform_interpolation_string"),
        ("aws_s3_bucket_policy.p", "depends_on[1]", "reference", "wrong_attribute_or_resource_reference"),
        ("aws_sns_topic.t", "name", "reference", "wrong_attribute_or_resource_reference"),
        ("aws_sns_topic.t", "display_name", "variable", "raw_terraform_interpolation_string"),
        ("aws_sns_topic.t", "kms_master_key_id", "context", "raw_terraform_interpolation_string"),
    }
    assert run.runs <= tv.MAX_RUNS
    missing = next(e for e in run.errors if e.attribute == "name")
    assert '"aws_sqs_queue" "missing"' in missing.detail


@needs_terraform
def test_clean_config_is_one_run():
    doc = {"resource": {"aws_s3_bucket": {"b": {"bucket": "b-${timestamp()}"}},
                        "aws_s3_bucket_versioning": {"v": {"bucket": "${aws_s3_bucket.b.id}"}}}}
    run = validate_stacks({"S": doc})
    assert run.ok and run.errors == [] and run.runs == 1
    assert run.terraform_version


@needs_terraform
def test_rule_findings_carry_the_error_category(tmp_path):
    from iac_review.rules.tfv.terraform_validate_error import TerraformValidateError
    ctx = _ctx(tmp_path, {"S": DOC})
    findings = list(TerraformValidateError().check(ctx))
    assert len(findings) == 6
    assert {f.severity.value for f in findings} == {"Critical"}
    assert {f.category for f in findings} == {"raw_terraform_interpolation_string",
                                              "wrong_attribute_or_resource_reference"}
    assert all(f.location.file == "cdk.tf.json" for f in findings)
    assert terraform_validate_status(ctx) is None


@needs_terraform
def test_missing_files_of_file_functions_are_not_judged():
    # the zip is built where the app runs; only the wrong-type argument is a defect here
    doc = {"resource": {"aws_lambda_function": {"f": {
        "source_code_hash": '${filebase64sha256("/nowhere/lambda.zip")}',
        "description": '${file("missing.txt")}',
        "role": "${element(1, 2)}"}}}}
    run = validate_stacks({"S": doc})
    assert [(e.attribute, e.kind, e.category) for e in run.errors] == [
        ("role", "function_argument", "wrong_value_type")]
