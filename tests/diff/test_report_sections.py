"""MODEL_FAILURES.md against an IDEAL_RESPONSE: unexplained changes are listed, items ordered."""
from __future__ import annotations

from iac_review.api import ReviewConfig, review
from iac_review.reporters import markdown

FENCE = "```"

MODEL = f"""# Answer

## lib/tap_stack.py

{FENCE}python
from constructs import Construct
from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning


class TapStack(TerraformStack):
    def __init__(self, scope: Construct, id: str):
        super().__init__(scope, id)
        bucket = S3Bucket(self, "data", bucket="data-123456789012")
        S3BucketVersioning(self, "data-versioning", bucket=bucket.id,
                           versioning_configuration={{"status": "Enabled"}})
        self.bucket = bucket
        self.region = "us-east-1"
        self.owner = "data-team"
        self.stage = "draft"
        self.note = "first draft"
{FENCE}
"""

IDEAL = MODEL.replace("S3BucketVersioning", "S3BucketVersioningA").replace(
    "id: str", "construct_id: str").replace("(scope, id)", "(scope, construct_id)").replace(
    '"first draft"', '"reviewed"')


def _report(tmp_path, model: str = MODEL, ideal: str = IDEAL) -> str:
    """MODEL_FAILURES.md of a task with this model answer and this IDEAL_RESPONSE."""
    lib = tmp_path / "task" / "lib"
    lib.mkdir(parents=True)
    (lib / "MODEL_RESPONSE.md").write_text(model)
    (lib / "IDEAL_RESPONSE.md").write_text(ideal)
    return markdown.render(review([str(tmp_path / "task")], ReviewConfig()))


def test_unexplained_ideal_changes_are_listed_with_their_code(tmp_path):
    text = _report(tmp_path)
    section = text.split("## Other changes in the IDEAL_RESPONSE", 1)[1].split("## Summary", 1)[0]
    assert "1 by none of them" in section
    assert '-         self.note = "first draft"' in section
    assert '+         self.note = "reviewed"' in section
    # the A-suffix rename of the call is explained by the import finding, so not listed
    assert "S3BucketVersioningA(self" not in section


def test_fix_comes_from_the_ideal_construct(tmp_path):
    text = _report(tmp_path)
    item = text.split("jsii `A` suffix", 1)[1].split("**Root Cause**", 1)[0]
    assert "S3BucketVersioningA" in item.split("**IDEAL_RESPONSE Fix**", 1)[1]


def test_items_ordered_by_severity_then_category(tmp_path):
    _report(tmp_path)
    items = markdown.build_items(review([str(tmp_path / "task")], ReviewConfig()).findings)
    keys = [(-i.severity.rank, i.category) for i in items]
    assert keys == sorted(keys) and len(items) >= 2


def test_same_input_same_bytes(tmp_path):
    assert _report(tmp_path) == markdown.render(review([str(tmp_path / "task")], ReviewConfig()))


def test_a_defect_the_ideal_shares_is_said_to_be_shared_and_no_ideal_code_is_shown(tmp_path):
    # both buckets lack a public access block; the ideal changed the bucket's construct (its
    # name) but kept the defect, so its code is no fix for it
    ideal = IDEAL.replace('bucket="data-123456789012"', 'bucket="data-210987654321"')
    text = _report(tmp_path, MODEL, ideal)
    item = text.split("no `S3BucketPublicAccessBlock`", 1)[1].split("**Root Cause**", 1)[0]
    fix = item.split("**IDEAL_RESPONSE Fix**", 1)[1]
    assert "The IDEAL_RESPONSE has the same defect (lib/tap_stack.py:" in fix
    assert "data-210987654321" not in fix
    # the A-suffix finding the ideal fixed still shows the ideal's code
    fixed = text.split("jsii `A` suffix", 1)[1].split("**Root Cause**", 1)[0]
    assert "same defect" not in fixed and "S3BucketVersioningA" in fixed


def test_an_ideal_that_shows_an_excerpt_is_not_said_to_remove_what_it_leaves_out(tmp_path):
    # the ideal shows the imports and the class line only ("# ... as before"): its silence about
    # the bucket is no removal, and it cannot be said to share the bucket's defects either
    head = MODEL.split("class TapStack")[0].replace("S3BucketVersioning", "S3BucketVersioningA")
    excerpt = (head.replace("from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket",
                            "from cdktf_cdktf_provider_aws.dynamodb_table import DynamodbTable")
               + "class TapStack(TerraformStack):\n    # ... as before\n"
               + "        DynamodbTable(self, \"t\", name=\"t\", hash_key=\"k\")\n")
    text = _report(tmp_path, MODEL, excerpt + f"{FENCE}\n")
    assert "removed this code" not in text
    item = text.split("no `S3BucketPublicAccessBlock`", 1)[1].split("**Root Cause**", 1)[0]
    assert "same defect" not in item


TWO_BUCKETS = f"""# Answer

## lib/tap_stack.py

{FENCE}python
from constructs import Construct
from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket


class TapStack(TerraformStack):
    def __init__(self, scope: Construct, construct_id: str):
        super().__init__(scope, construct_id)
        S3Bucket(self, "logs", bucket_prefix="logs-", force_destroy=True)
        S3Bucket(self, "data", bucket_prefix="data-", force_destroy=True)
{FENCE}
"""


def test_an_ideal_that_keeps_the_defect_in_some_places_is_said_to_keep_it_there(tmp_path):
    # the ideal gives the logs bucket its companions and leaves the data bucket as it was
    ideal = TWO_BUCKETS.replace(
        "from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\n",
        "from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\n"
        "from cdktf_cdktf_provider_aws.s3_bucket_public_access_block import S3BucketPublicAccessBlock\n"
        "from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (\n"
        "    S3BucketServerSideEncryptionConfigurationA, S3BucketServerSideEncryptionConfigurationRuleA,\n"
        "    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA)\n"
    ).replace(
        '        S3Bucket(self, "logs", bucket_prefix="logs-", force_destroy=True)\n',
        '        logs = S3Bucket(self, "logs", bucket_prefix="logs-", force_destroy=True)\n'
        '        S3BucketPublicAccessBlock(self, "logs-pab", bucket=logs.id, block_public_acls=True,\n'
        '                                  block_public_policy=True, ignore_public_acls=True,\n'
        '                                  restrict_public_buckets=True)\n'
        '        S3BucketServerSideEncryptionConfigurationA(self, "logs-sse", bucket=logs.id, rule=[\n'
        '            S3BucketServerSideEncryptionConfigurationRuleA(\n'
        '                apply_server_side_encryption_by_default=(\n'
        '                    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(\n'
        '                        sse_algorithm="AES256")))])\n')
    text = _report(tmp_path, TWO_BUCKETS, ideal)
    item = text.split("no `S3BucketPublicAccessBlock`", 1)[1].split("**Root Cause**", 1)[0]
    assert "The IDEAL_RESPONSE keeps this defect in some places (lib/tap_stack.py:" in item
