"""A published provider package the index lacks is never a defect: the review says it was not checked."""
from __future__ import annotations

from iac_review.api import ReviewConfig, review

CODE = '''\
from cdktf_cdktf_provider_google.storage_bucket import StorageBucket
from cdktf_cdktf_provider_random.password import Password


def build(scope):
    StorageBucket(scope, "assets", not_an_argument=1)
    Password(scope, "db", length=16)
'''


def test_uninstalled_provider_is_not_evaluated(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "lib" / "storage.py").write_text(CODE, encoding="utf-8")
    result = review([str(tmp_path)], ReviewConfig()).inputs[0]
    assert not result.internal_errors
    assert not [f for f in result.findings if f.rule_id.startswith("SCH")]
    notes = [n.reason for n in result.not_evaluated if n.stage == "static"]
    assert len(notes) == 1
    assert "`cdktf_cdktf_provider_google` (imported at lib/storage.py:1)" in notes[0]
    assert "pip install cdktf-cdktf-provider-google==16.12.1" in notes[0]
