"""A task's own tap.py is the harness the stack must accept (CTR002, CTR007), not an assumed
contract."""
import pytest

from iac_review.api import ReviewConfig, review

FENCE = "```"
ANSWER = f"""# Answer

## lib/tap_stack.py

{FENCE}python
from cdktf import TerraformStack


class TapStack(TerraformStack):
    def __init__(self, scope, construct_id, environment_suffix="dev"):
        super().__init__(scope, construct_id)
{FENCE}
"""


def _ctr002(tmp_path, tap_py):
    task = tmp_path / "task"
    (task / "lib").mkdir(parents=True)
    (task / "lib" / "MODEL_RESPONSE.md").write_text(ANSWER)
    (task / "tap.py").write_text(tap_py)
    result = review([str(task)], ReviewConfig())
    return [f for f in result.findings if f.rule_id == "CTR002"]


@pytest.mark.parametrize("tap_py", [
    "from cdktf import App\nfrom lib.tap_stack import TapStack\napp = App()\nTapStack(app, 'tap')\n",
    "from cdktf import App\nfrom lib.tap_stack import TapStack\napp = App()\n"
    "TapStack(app, 'tap', environment_suffix='pr1')\n",
])
def test_a_call_the_stack_accepts_leaves_only_the_standard_contract_at_medium(tmp_path, tap_py):
    (finding,) = _ctr002(tmp_path, tap_py)
    assert finding.severity.value == "Medium"
    assert "which the stack accepts, but the pipeline's standard tap.py calls" in finding.message


def test_an_entry_that_builds_no_stack_itself_is_not_judged(tmp_path):
    assert _ctr002(tmp_path, "from lib.tap_stack import TapStack\nprint(TapStack)\n") == []


def test_what_the_task_entry_passes_and_the_stack_rejects_is_reported_with_its_line(tmp_path):
    (finding,) = _ctr002(tmp_path, "from cdktf import App\nfrom lib.tap_stack import TapStack\n"
                                   "app = App()\nTapStack(app, 'tap', region='eu-west-1')\n")
    assert "the task's tap.py (line 4) calls `TapStack(app, ..., region=...)`" in finding.message
    assert "unexpected keyword argument `region`" in finding.message
    assert finding.severity.value == "Critical"


def test_a_stack_the_task_entry_imports_and_the_answer_lacks_is_reported(tmp_path):
    (finding,) = _ctr002(tmp_path, "from cdktf import App\nfrom lib.app_stack import AppStack\n"
                                   "app = App()\nAppStack(app, 'tap')\n")
    assert "imports `AppStack` from `lib.app_stack`, but the answer has no `lib/app_stack.py`" \
        in finding.message


WRAPPING = f"""# Answer

## lib/tap_stack.py

{FENCE}python
from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider


class TapStack(TerraformStack):
    def __init__(self, scope, construct_id, **kwargs):
        super().__init__(scope, construct_id)
        default_tags = kwargs.get("default_tags", {{}})
        AwsProvider(self, "aws", region="us-east-1", default_tags=[default_tags])
{FENCE}
"""


@pytest.mark.parametrize("passed, reported", [
    ("[{'tags': {'Team': 'a'}}]", True),     # the entry point passes the list itself
    ("{'tags': {'Team': 'a'}}", False),      # one block: wrapping it is right
])
def test_a_list_the_task_entry_passes_is_not_wrapped_again(tmp_path, passed, reported):
    task = tmp_path / "task"
    (task / "lib").mkdir(parents=True)
    (task / "lib" / "MODEL_RESPONSE.md").write_text(WRAPPING)
    (task / "tap.py").write_text("from cdktf import App\nfrom lib.tap_stack import TapStack\n"
                                 f"app = App()\ntags = {passed}\nTapStack(app, 'tap', default_tags=tags)\n")
    found = [f for f in review([str(task)], ReviewConfig()).findings if f.rule_id == "CTR007"]
    assert bool(found) is reported
    if reported:
        assert "`default_tags=[default_tags]` wraps `default_tags` in a list" in found[0].message

