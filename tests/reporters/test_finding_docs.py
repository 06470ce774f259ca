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


ZONES_AND_CERTIFICATE = '''from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.acm_certificate import AcmCertificate
from cdktf_cdktf_provider_aws.subnet import Subnet


class WebStack(TerraformStack):
    def __init__(self, scope, construct_id, vpc_id):
        super().__init__(scope, construct_id)
        Subnet(self, "a", vpc_id=vpc_id, cidr_block="10.0.1.0/24", availability_zone="eu-west-1a")
        Subnet(self, "b", vpc_id=vpc_id, cidr_block="10.0.2.0/24", availability_zone="eu-west-1b")
        AcmCertificate(self, "cert", domain_name="app.example.com", validation_method="DNS")
'''


def test_zone_names_and_certificates_cite_the_page_of_what_they_are(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "tap_stack.py").write_text(ZONES_AND_CERTIFICATE)
    result = review([str(tmp_path)], ReviewConfig())
    docs = {f.rule_id: f.docs for f in result.findings if f.rule_id in ("HC005", "AWS003")}
    assert docs["HC005"].endswith("/working-with-az-ids.html")   # not the OIDC thumbprint page
    assert docs["AWS003"].endswith("/acm/latest/userguide/dns-validation.html")
