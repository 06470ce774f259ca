"""Reading requirements from a prompt: what counts, what does not, and where each came from."""
from iac_review.analysis.prompt_text import read_requirements

PROMPT = """# Orders platform

## Background
The team uses SQS today and wants to move off it.

## Mandatory Requirements
1. Create an **Aurora PostgreSQL 15.4** cluster for orders
2. Lambda handlers run on the Python 3.12 runtime
3. Tag every resource with `CostCenter: orders` and `Owner: platform`
4. Retain application logs for 30 days
5. Do not use a NAT gateway; use VPC endpoints instead

```python
S3Bucket(self, "example")
```

## Optional Enhancements
- Add Step Functions for refunds

If a dashboard is needed, keep it small.
"""


def _by_kind(requirements, kind):
    return {r.subject: r for r in requirements if r.kind == kind}


def test_components_come_from_required_units_only():
    components = _by_kind(read_requirements(PROMPT), "component")
    assert "Aurora cluster" in components and "Lambda function" in components
    assert "VPC endpoint" in components
    # background, code blocks, optional sections, conditions and negations bind nothing
    for absent in ("SQS queue", "S3 bucket", "Step Functions state machine", "CloudWatch dashboard",
                   "NAT gateway"):
        assert absent not in components, absent


def test_each_requirement_keeps_its_line_and_words():
    aurora = _by_kind(read_requirements(PROMPT), "component")["Aurora cluster"]
    assert aurora.line == 7 and aurora.quote == "Create an Aurora PostgreSQL 15.4 cluster for orders"
    assert aurora.strong   # under a "Mandatory" heading


def test_versions_tags_and_retention():
    requirements = read_requirements(PROMPT)
    versions = _by_kind(requirements, "version")
    assert versions["aurora-postgresql"].value == "15.4"
    assert "postgres" not in versions            # the Aurora match is not read twice
    assert versions["python runtime"].value == "3.12" and not versions["python runtime"].minimum
    tags = _by_kind(requirements, "tag")
    assert tags["CostCenter"].value == "orders" and tags["Owner"].value == "platform"
    (retention,) = [r for r in requirements if r.kind == "retention"]
    assert (retention.subject, retention.value) == ("logs", "30")


def test_minimum_versions():
    (python,) = [r for r in read_requirements("- Lambda functions need Python 3.11 or higher")
                 if r.kind == "version"]
    assert python.minimum and python.value == "3.11"


def test_prose_without_a_mandate_and_empty_text_give_nothing():
    assert read_requirements("The old system ran on EC2 and RDS.") == []
    assert read_requirements("") == []


def _components(text):
    return [r.subject for r in read_requirements(text) if r.kind == "component"]


def test_components_another_component_refers_to_are_not_required():
    assert _components("- Create a CloudWatch dashboard showing RDS metrics and Lambda invocations") == \
        ["CloudWatch dashboard"]
    assert _components("- Implement IAM roles for ECS, Lambda and backup services") == ["IAM role"]
    # a new mandate verb after the reference starts a clause of its own
    assert _components("- Create an S3 bucket for logs and deploy a Lambda function") == \
        ["S3 bucket", "Lambda function"]


def test_alternatives_identifiers_and_existing_resources():
    assert _components("- Connect the VPCs with VPC peering or PrivateLink") == ["VPC", "VPC peering or VPC endpoint"]
    assert _components("- Enable the rds-instance-public-access-check Config rule") == ["AWS Config"]
    assert _components("- Secrets must be read from existing Secrets Manager entries") == []
    assert _components("- Create the Aurora MySQL cluster (RDS)") == ["Aurora cluster"]


def test_what_is_forbidden_exemplified_or_for_later_is_not_required():
    assert _components("- GuardDuty should NOT be created by the stack") == []
    assert _components("- Store state in an S3 backend with locking") == []
    assert _components("- Keep the design open to support a future load balancer") == []
    assert _components("- Name resources with the suffix, e.g. a Lambda function `orders-{suffix}`") == []


def test_only_real_tag_keys_are_read():
    tags = [r for r in read_requirements(
        "- Tagging: All resources must be tagged with `Owner: data-team` and Environment: Production\n"
        "- Tag names follow the pattern Example: `myresource-dev`") if r.kind == "tag"]
    assert {(t.subject, t.value) for t in tags} == {("Owner", "data-team"), ("Environment", "Production")}


def test_a_component_that_owns_an_auxiliary_one_is_not_required():
    assert _components("- ALB tier security group (web tier)") == ["security group"]
    assert _components("- Create a Lambda execution role with least privilege") == ["IAM role"]
    assert _components("- Deploy the Lambda function in a VPC") == ["Lambda function", "VPC"]


def test_items_nested_under_examples_are_examples():
    text = ("## Requirements\n- Name every resource with the suffix\n- Examples:\n"
            "  - Lambda Function: `fn-${suffix}`\n  - DynamoDB Table: `table-${suffix}`\n"
            "- Create an SQS queue for orders\n")
    assert _components(text) == ["SQS queue"]


def test_where_a_thing_is_reached_from_and_what_a_task_acts_on_are_references():
    assert _components("- Configure a private API endpoint accessible only from within the VPC") == []
    assert _components("- Create a Lambda to copy parameters from /dev to /prod in Parameter Store") == \
        ["Lambda function"]
    assert _components("- Migrate the data from on-premises PostgreSQL to Aurora") == ["Aurora cluster"]


def test_rewrite_rules_and_labelled_illustrations_ask_only_for_their_instruction():
    text = ("## Requirements\n- `deletionProtection: true` (RDS, DynamoDB) → Use `deletionProtection: false`\n"
            "- Use a current runtime version\n  - CORRECT: `synthetics.Runtime.SYNTHETICS_NODEJS_PUPPETEER_7_0`\n"
            "  - WRONG: a CloudWatch Synthetics canary on runtime 5.1\n"
            "- The Step Functions state machine runs validate → store → notify\n")
    assert [r.subject for r in read_requirements(text) if r.kind == "component"] == \
        ["Step Functions state machine"]


def test_bare_tag_items_under_a_tagging_lead_are_tags():
    text = ("### Resource Tagging\n\nAll resources must include these tags:\n"
            "- Environment=Production\n- DisasterRecovery=Enabled\n\n### Networking\n"
            "Subnets:\n- Public=2\n")
    tags = {(r.subject, r.value) for r in read_requirements(text) if r.kind == "tag"}
    assert tags == {("Environment", "Production"), ("DisasterRecovery", "Enabled")}


def test_an_s3_lifecycle_is_not_a_log_retention():
    text = ("## Requirements\n- S3 bucket for application logs with 90-day retention lifecycle\n"
            "- Set up CloudWatch Log Groups with 30-day retention\n")
    kept = [(r.subject, r.value) for r in read_requirements(text) if r.kind == "retention"]
    assert kept == [("logs", "30")]
