"""The prompt's requirements, as read and judged, reach the JSON and Markdown reports."""
from iac_review.api import ReviewConfig, review
from iac_review.cli.main import main
from iac_review.reporters import json_, markdown

STACK = '''from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.dynamodb_table import DynamodbTable


class OrdersStack(TerraformStack):
    def __init__(self, scope, construct_id):
        super().__init__(scope, construct_id)
        DynamodbTable(self, "orders", name="orders", hash_key="id", billing_mode="PAY_PER_REQUEST",
                      attribute=[{"name": "id", "type": "S"}])
'''
PROMPT = "## Requirements\n- Create a DynamoDB table for orders.\n- Publish order events to an SNS topic.\n"


def _project(tmp_path, prompt_in_project=True):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "tap_stack.py").write_text(STACK)
    if prompt_in_project:
        (tmp_path / "lib" / "PROMPT.md").write_text(PROMPT)
    return tmp_path


def test_json_lists_every_requirement_with_its_status(tmp_path):
    result = review([str(_project(tmp_path))], ReviewConfig())
    (entry,) = json_.to_dict(result)["inputs"]
    statuses = {(r["subject"], r["status"], r["line"]) for r in entry["requirements"]}
    assert ("DynamoDB table", "met", 2) in statuses and ("SNS topic", "unmet", 3) in statuses


def test_markdown_has_a_requirements_table(tmp_path):
    text = markdown.render(review([str(_project(tmp_path))], ReviewConfig()))
    assert "### Prompt Requirements" in text
    assert "| SNS topic | 3 | unmet | declares none of aws_sns_topic |" in text


def test_prompt_option_reads_a_prompt_from_elsewhere(tmp_path, capsys):
    (tmp_path / "p").mkdir()
    project = _project(tmp_path / "p", prompt_in_project=False)
    prompt = tmp_path / "task-prompt.md"
    prompt.write_text(PROMPT)
    code = main(["check", str(project), "--prompt", str(prompt), "--format", "json"])
    out = capsys.readouterr().out
    assert code == 1 and '"rule_id": "PRM001"' in out and '"file": "task-prompt.md"' in out


def test_markdown_quotes_the_prompt_line_of_a_prompt_finding(tmp_path):
    text = markdown.render(review([str(_project(tmp_path))], ReviewConfig()))
    assert "# lib/PROMPT.md - Line 3\n- Publish order events to an SNS topic." in text
