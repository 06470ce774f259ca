"""bench/corpus_eval.py on a two-task corpus of our own."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "corpus_eval.py"

ZONE_ANSWER = '''# Answer

## lib/dns_stack.py

```python
from cdktf import TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.route53_zone import Route53Zone
from constructs import Construct


class DnsStack(TerraformStack):
    def __init__(self, scope: Construct, construct_id: str, environment_suffix: str = "dev"):
        super().__init__(scope, construct_id)
        zone = Route53Zone(self, "zone", name=f"orders-{environment_suffix}.example.com")
        CloudwatchLogGroup(self, "audit", name="/orders/audit", retention_in_days=2555)
        TerraformOutput(self, "zone_id", value=zone.zone_id)
```
'''

LIFECYCLE_ANSWER = '''# Answer

## lib/storage_stack.py

```python
from cdktf import TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import (
    S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule)
from constructs import Construct


class StorageStack(TerraformStack):
    def __init__(self, scope: Construct, construct_id: str, environment_suffix: str = "dev"):
        super().__init__(scope, construct_id)
        bucket = S3Bucket(self, "data", bucket_prefix="data-", force_destroy=True)
        S3BucketLifecycleConfiguration(self, "expiry", bucket=bucket.id, rule=[
            S3BucketLifecycleConfigurationRule(id="expire", status="Enabled")])
        TerraformOutput(self, "bucket", value=bucket.bucket)
```
'''


def _label(number: int, category: str, detectability: str = "static", grounded: bool = True,
           scope: bool = True) -> str:
    return json.dumps({"id": f"L{number}", "title": f"label {number}", "severity": "High",
                       "category": category, "detectability": detectability, "grounded": grounded,
                       "in_detector_scope": scope})


@pytest.fixture(scope="module")
def corpus_eval():
    spec = importlib.util.spec_from_file_location("corpus_eval", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    zone = root / "TaskA"
    (zone / "lib").mkdir(parents=True)
    (zone / "lib" / "MODEL_RESPONSE.md").write_text(ZONE_ANSWER, encoding="utf-8")
    (zone / "metadata.json").write_text('{"platform": "cdktf", "language": "py"}', encoding="utf-8")
    (zone / "labels.jsonl").write_text("\n".join([
        _label(1, "reserved_or_example_domain"),                  # static, recalled
        _label(2, "reserved_lambda_env_var"),                     # static, not recalled
        _label(3, "invalid_enum_or_range_value", "plan"),         # counted for information only
        _label(4, "required_component_missing", "judgement", scope=False),  # not counted
        "not json",
        "",
    ]) + "\n", encoding="utf-8")
    storage = root / "TaskB"
    (storage / "lib").mkdir(parents=True)
    (storage / "lib" / "MODEL_RESPONSE.md").write_text(LIFECYCLE_ANSWER, encoding="utf-8")
    (storage / "labels.jsonl").write_text(_label(5, "missing_stack_outputs", grounded=False) + "\n",
                                          encoding="utf-8")
    (root / "notes").mkdir()  # not a task folder
    return root


def test_rows_and_recall(corpus_eval, corpus):
    rows = corpus_eval.evaluate(corpus)
    assert [r.task for r in rows] == ["TaskA", "TaskB"]
    task_a, task_b = rows
    recalled = {lb.id: task_a.recalled(lb) for lb in task_a.labels}
    assert recalled["L1"] is True and recalled["L2"] is False and recalled["L3"] is True
    numbers = corpus_eval.summary(rows)
    assert numbers["static"] == {"labels": 2, "recalled": 1}
    assert numbers["all_detectability"] == {"labels": 3, "recalled": 2}
    assert numbers["per_category"]["reserved_or_example_domain"] == {"labels": 1, "recalled": 1}
    # TaskB's lifecycle finding has no label of its category: unlabelled, not a false positive
    assert any(f.rule_id == "AWS006" for f in task_b.unlabelled())
    assert numbers["unlabelled"]["AWS006"]["findings"] == 1


def test_markdown_report(corpus_eval, corpus):
    text = corpus_eval.render(corpus_eval.evaluate(corpus), "model")
    assert "## Static review against the human labels (2 tasks, source: model)" in text
    assert "| `reserved_or_example_domain` | 1 | 1 | 100% | - | AWS003 |" in text
    assert "| `reserved_lambda_env_var` | 1 | 0 | 0% |" in text
    assert "| **all static** | **2** | **1** | **50%** | | |" in text
    assert "Overall static recall: 1/2 (50%)." in text
    assert "not automatically a false positive" in text
    assert "| AWS006 | `schema_argument_invalid_or_missing` | 1 | 1 |" in text


def test_main_writes_json(corpus_eval, corpus, tmp_path, capsys):
    out = tmp_path / "eval.json"
    assert corpus_eval.main([str(corpus), "--terraform-version", "1.9", "--json", str(out)]) == 0
    assert "Overall static recall" in capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["terraform_version"] == "1.9"
    rows = {row["task"]: row for row in data["tasks"]}
    assert rows["TaskA"]["findings_by_rule"]["AWS003"] == 1
    assert rows["TaskA"]["findings_by_rule"]["AWS007"] == 1
    assert [lb["recalled"] for lb in rows["TaskA"]["labels"]] == [True, False, True, False]
    assert rows["TaskB"]["unlabelled_by_rule"]["AWS006"] == 1


def test_main_rejects_a_missing_corpus(corpus_eval, tmp_path, capsys):
    assert corpus_eval.main([str(tmp_path / "absent")]) == 2
    assert "not a directory" in capsys.readouterr().err
