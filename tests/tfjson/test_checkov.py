"""checkov in-process on synthesized JSON: normalisation, addresses, not-evaluated paths."""
from __future__ import annotations

import copy
import socket

import pytest

from iac_review.knowledge.checkov import CHECKS, COVERED_BY_STATIC
from iac_review.parse.loader import load
from iac_review.stages.context import ReviewContext
from iac_review.synth.outcome import SynthOutcome
from iac_review.tfjson import checkov_run
from iac_review.tfjson.checkov_run import checkov_status, run_checkov
from iac_review.tfjson.normalize import normalize_for_checkov

OPEN_SSH = {
    "terraform": {"required_version": ">= 1.5",
                  "required_providers": {"aws": {"source": "aws", "version": "6.25.0"}}},
    "provider": {"aws": [{"region": "us-east-1"}]},
    "resource": {"aws_security_group": {"web": {
        "//": {"metadata": {"path": "TapStack/web", "uniqueId": "web"}},
        "name": "web", "vpc_id": "vpc-1",
        "ingress": [{"cidr_blocks": ["0.0.0.0/0"], "from_port": 22, "to_port": 22, "protocol": "tcp",
                     "description": None, "ipv6_cidr_blocks": None, "self": None}]}}},
}


def test_normalize_drops_nulls_and_required_version_without_touching_input():
    before = copy.deepcopy(OPEN_SSH)
    out = normalize_for_checkov(OPEN_SSH)
    assert OPEN_SSH == before
    assert "required_version" not in out["terraform"]
    assert out["terraform"]["required_providers"] == before["terraform"]["required_providers"]
    ingress = out["resource"]["aws_security_group"]["web"]["ingress"][0]
    assert "description" not in ingress and "self" not in ingress
    assert ingress["cidr_blocks"] == ["0.0.0.0/0"]


def test_normalize_odd_input():
    assert normalize_for_checkov(None) == {}
    assert normalize_for_checkov({"terraform": "x", "a": [None, 1]}) == {"a": [1]}


def test_allow_list_is_consistent():
    from iac_review.rules import get_rule
    assert len(CHECKS) >= 25
    assert not set(CHECKS) & set(COVERED_BY_STATIC)
    for rule_id in set(COVERED_BY_STATIC.values()):
        assert get_rule(rule_id) is not None, rule_id


def test_missing_checkov_is_not_evaluated(monkeypatch):
    monkeypatch.setattr(checkov_run, "_load", lambda: None)
    run = run_checkov({"S": OPEN_SSH})
    assert not run.ok and "not installed" in run.not_evaluated_reason
    assert run.stacks == {}


def test_status_without_synth(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("")
    ctx = ReviewContext(load(str(tmp_path)), None)
    assert "no synthesized" in checkov_status(ctx)


checkov = pytest.importorskip("checkov")


def test_open_ssh_found_despite_required_version_and_nulls():
    run = run_checkov({"TapStack": OPEN_SSH})
    assert run.ok, run.not_evaluated_reason
    assert run.version
    failed = {(f.check_id, f.address) for f in run.stacks["TapStack"].failed}
    assert ("CKV_AWS_24", "aws_security_group.web") in failed


def test_python_check_records_get_the_full_address():
    # checkov names Python-check records "resource.<name>"; the type is recovered.
    doc = {"resource": {"aws_kinesis_stream": {"events": {"name": "e", "shard_count": 1}},
                        "aws_sns_topic": {"events": {"name": "e"}}}}
    failed = {(f.check_id, f.address) for f in run_checkov({"S": doc}).stacks["S"].failed}
    assert ("CKV_AWS_43", "aws_kinesis_stream.events") in failed
    assert ("CKV_AWS_26", "aws_sns_topic.events") in failed
    assert not any(address.startswith("resource.") for _, address in failed)


def test_unparseable_stack_is_not_a_pass():
    run = run_checkov({"Good": OPEN_SSH, "Bad": {"resource": {"aws_s3_bucket": {"x": "not a block"}}}})
    assert not run.ok
    assert "Bad" in run.not_evaluated_reason
    assert run.stacks["Bad"].parse_errors == ["Bad/cdk.tf.json"]


def test_no_network_is_attempted(monkeypatch):
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network disabled in test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a) or (_ for _ in ()).throw(
        socket.gaierror("no dns in test")))
    run = run_checkov({"S": OPEN_SSH})
    assert run.ok and attempts == []


def test_rule_reports_allow_listed_checks_with_their_category(tmp_path):
    from iac_review.rules.ckv.checkov_check_failed import CheckovCheckFailed
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("")
    ctx = ReviewContext(load(str(tmp_path)), None)
    ctx.synth = SynthOutcome(status="ok", stacks={"S": {"resource": {
        "aws_kinesis_stream": {"events": {"name": "e", "shard_count": 1}},
        "aws_iam_role": {"r": {"assume_role_policy": '{"Statement":[{"Effect":"Allow",'
                                                      '"Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}'}}}}})
    findings = list(CheckovCheckFailed().check(ctx))
    by_category = {f.category: f for f in findings}
    assert set(by_category) == {"security_hardening_missing", "iam_overly_permissive"}
    assert by_category["iam_overly_permissive"].severity.value == "High"
    assert by_category["security_hardening_missing"].location.file == "cdk.tf.json"
    assert checkov_status(ctx) is None
