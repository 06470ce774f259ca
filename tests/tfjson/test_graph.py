"""TerraformGraph: references, policies, providers and locate()."""
from __future__ import annotations

from pathlib import Path

from iac_review.api import ReviewConfig, load_schema
from iac_review.parse.loader import load
from iac_review.stages.context import ReviewContext
from iac_review.synth.outcome import SynthOutcome
from iac_review.tfjson.graph import SYNTH_FILE, TerraformGraph
from iac_review.tfjson.hcl import read_hcl
from iac_review.tfjson.locate import locate

STACK = {
    "provider": {"aws": [{"region": "us-east-1", "default_tags": [{"tags": {"Team": "t"}}]},
                         {"alias": "west", "region": "us-west-2"}]},
    "data": {"aws_caller_identity": {"current": {}},
             "aws_iam_policy_document": {"doc": {"statement": [{
                 "actions": ["s3:GetObject"], "resources": ["${aws_s3_bucket.b.arn}/*"],
                 "principals": [{"type": "Service", "identifiers": ["logs.amazonaws.com"]}]}]}}},
    "resource": {
        "aws_kms_key": {
            "key": {"//": {"metadata": {"path": "St/nested/app-key", "uniqueId": "key"}},
                    "policy": '${jsonencode({"Version" = "2012-10-17", "Statement" = [{'
                              '"Effect" = "Allow", "Resource" = aws_s3_bucket.b.arn, '
                              '"Principal" = {"Service" = "logs.amazonaws.com"}, '
                              '"Action" = ["kms:Decrypt", "kms:GenerateDataKey*"]}]})}'},
            "key2": {"provider": "aws.west"},
        },
        "aws_s3_bucket": {"b": {"bucket": "b-${data.aws_caller_identity.current.account_id}"}},
        "aws_s3_bucket_policy": {"p": {
            "bucket": "${aws_s3_bucket.b.id}",
            "policy": '{"Statement": [{"Resource": "${aws_s3_bucket.b.arn}/*"}]}'}},
        "aws_cloudwatch_log_group": {"lg": {"kms_key_id": "${aws_kms_key.key.arn}",
                                            "depends_on": ["aws_s3_bucket_policy.p"]}},
    },
    "output": {"key": {"value": "${aws_kms_key.key2.arn}"}},
}


def _graph() -> TerraformGraph:
    return TerraformGraph.from_stacks({"St": STACK})


def test_resources_data_providers_outputs():
    g = _graph()
    assert {r.address for r in g.of_type("aws_kms_key")} == {"aws_kms_key.key", "aws_kms_key.key2"}
    assert [r.address for r in g.data_of_type("aws_caller_identity")] == [
        "data.aws_caller_identity.current"]
    key = g.get("St", "aws_kms_key.key")
    assert key.construct_path == "St/nested/app-key" and key.construct_id == "app-key"
    assert [p.ref for p in g.providers] == ["aws", "aws.west"]
    assert g.default_provider("St").default_tags == {"Team": "t"}
    assert g.provider_of(g.get("St", "aws_kms_key.key2")).region == "us-west-2"
    assert [o.name for o in g.outputs] == ["key"]


def test_resolve_strings_nested_and_json():
    g = _graph()
    bucket = g.get("St", "aws_s3_bucket.b")
    assert [(r.address, a) for r, a in g.resolve(bucket.get("bucket"))] == [
        ("data.aws_caller_identity.current", "account_id")]
    policy = g.get("St", "aws_s3_bucket_policy.p")
    found = {(r.address, a) for r, a in g.resolve(policy.body)}
    assert found == {("aws_s3_bucket.b", "id"), ("aws_s3_bucket.b", "arn")}
    assert g.resolve({"a": ["x", {"b": "${aws_kms_key.key.arn}"}]})[0][0].name == "key"
    assert g.resolve("${aws_kms_key.missing.arn}") == []
    assert g.resolve("plain aws_kms_key.key.arn text") == []


def test_resolve_bare_references_inside_jsonencode():
    g = _graph()
    key = g.get("St", "aws_kms_key.key")
    assert [(r.address, a) for r, a in g.resolve(key.get("policy"))] == [("aws_s3_bucket.b", "arn")]


def test_referrers_and_depends_on():
    g = _graph()
    bucket = g.get("St", "aws_s3_bucket.b")
    assert {r.address for r in g.referrers(bucket)} == {
        "aws_s3_bucket_policy.p", "aws_kms_key.key", "data.aws_iam_policy_document.doc"}
    lg = g.get("St", "aws_cloudwatch_log_group.lg")
    assert [r.address for r in g.depends_on(lg)] == ["aws_s3_bucket_policy.p"]
    assert lg in g.referrers(g.get("St", "aws_s3_bucket_policy.p"))


def test_policy_reading():
    g = _graph()
    doc = g.policy(g.get("St", "aws_kms_key.key").get("policy"))
    assert doc["Statement"][0]["Principal"] == {"Service": "logs.amazonaws.com"}
    assert doc["Statement"][0]["Resource"] == "${aws_s3_bucket.b.arn}"
    json_doc = g.policy(g.get("St", "aws_s3_bucket_policy.p").get("policy"))
    assert json_doc["Statement"][0]["Resource"] == "${aws_s3_bucket.b.arn}/*"
    data_doc = g.policy("${data.aws_iam_policy_document.doc.json}", "St")
    assert data_doc["Statement"][0]["Principal"] == {"Service": ["logs.amazonaws.com"]}
    assert data_doc["Statement"][0]["Action"] == ["s3:GetObject"]
    # unknown, never guessed
    assert g.policy('${templatefile("p.json", {})}') is None
    assert g.policy('${jsonencode(merge(local.a, {"b" = 1}))}') is None
    assert g.policy("{not json") is None
    assert g.policy(None) is None


def test_read_hcl():
    assert read_hcl('{"a" = 1, b = [true, null, "x${y.z}"], "c" = {"d" = -2.5}}') == {
        "a": 1, "b": [True, None, "x${y.z}"], "c": {"d": -2.5}}
    assert read_hcl('{"a" = upper("x)"), "b" = 2}') == {"a": '${upper("x)")}', "b": 2}
    assert read_hcl('{"a" = 1') is None


def test_odd_input_never_raises():
    g = TerraformGraph.from_stacks({"A": {"resource": {"aws_x": {"y": None}, "bad": []},
                                          "provider": {"aws": {"region": "us-east-1"}}},
                                    "B": "not a dict"})
    assert [r.address for r in g.resources] == ["aws_x.y"]
    assert g.providers[0].region == "us-east-1"
    assert g.resolve(None) == [] and g.resolve(42) == []


def _ctx(tmp_path: Path, files: dict[str, str], stack: dict) -> ReviewContext:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    index, _ = load_schema()
    ctx = ReviewContext(load(str(tmp_path)), index, config=ReviewConfig())
    ctx.synth = SynthOutcome(status="ok", stacks={"St": stack})
    return ctx


def test_locate_maps_to_the_construct_call(tmp_path):
    code = ('from cdktf_cdktf_provider_aws.kms_key import KmsKey\n'
            'from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\n\n\n'
            'def build(scope):\n'
            '    S3Bucket(scope, "app-key", bucket="x")\n'
            '    KmsKey(scope, "app-key")\n'
            '    for i in range(2):\n'
            '        S3Bucket(scope, f"b{i}")\n')
    ctx = _ctx(tmp_path, {"lib/stack.py": code}, STACK)
    graph = ctx.tfjson
    assert locate(ctx, graph.get("St", "aws_kms_key.key")) == ("lib/stack.py", 7)
    # no literal construct id "b" in the source: the stack's JSON
    assert locate(ctx, graph.get("St", "aws_s3_bucket.b")) == (SYNTH_FILE, 1)
