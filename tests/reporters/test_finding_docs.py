"""A finding's own documentation page, when it has one, is what the report cites."""
from iac_review.api import ReviewConfig, review
from iac_review.reporters import markdown

STACK = '''from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket


class LogsStack(TerraformStack):
    def __init__(self, scope, construct_id, environment_suffix):
        super().__init__(scope, construct_id)
        S3Bucket(self, "logs", bucket_prefix=f"logs-{environment_suffix}-")
'''


def test_the_report_cites_the_page_of_the_resource_the_finding_is_about(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "tap_stack.py").write_text(STACK)
    result = review([str(tmp_path)], ReviewConfig())
    (teardown,) = [f for f in result.findings if f.rule_id == "AWS002"]
    assert teardown.docs.endswith("/docs/resources/s3_bucket")
    text = markdown.render(result)
    assert f"**AWS Documentation Reference**: {teardown.docs}" in text
