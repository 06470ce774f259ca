"""A rule that stays silent only because of a setting says so, with the setting under which it would not."""
from __future__ import annotations

from iac_review.api import ReviewConfig, review

STACK = '''\
from cdktf import S3Backend, TerraformStack


class BillingStack(TerraformStack):
    def __init__(self, scope, construct_id, state_bucket):
        super().__init__(scope, construct_id)
        S3Backend(self, bucket=state_bucket, key="billing.tfstate", region="us-east-1")
        self.add_override("terraform.backend.s3.use_lockfile", True)
'''


def _settings_notes(tmp_path, **config) -> list[str]:
    (tmp_path / "lib").mkdir(exist_ok=True)
    (tmp_path / "lib" / "tap_stack.py").write_text(STACK, encoding="utf-8")
    result = review([str(tmp_path)], ReviewConfig(**config)).inputs[0]
    return [n.reason for n in result.not_evaluated if n.stage == "settings"]


def test_an_option_valid_only_from_a_terraform_version_says_which(tmp_path):
    notes = _settings_notes(tmp_path, terraform_version="1.10")
    (note,) = [n for n in notes if n.startswith("BKD002")]
    assert "`use_lockfile` at lib/tap_stack.py:8" in note and "needs Terraform >= 1.10.0" in note
    assert "--terraform-version" in note


def test_no_note_when_the_rule_reports(tmp_path):
    assert not [n for n in _settings_notes(tmp_path, terraform_version="1.9") if n.startswith("BKD002")]


def test_rules_switched_off_by_a_setting_are_named(tmp_path):
    notes = _settings_notes(tmp_path, terraform_version="1.10", harness_params=(),
                            disabled_rules=frozenset({"SEC001"}))
    assert any(n.startswith("CTR002: not checked") and "--no-harness" in n for n in notes)
    assert any(n.startswith("SEC001 is turned off") for n in notes)
