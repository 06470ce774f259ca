"""Sample code several test modules share (tests/ is on pytest's pythonpath)."""

# A stack with one finding of HC001 (a fixed account id) at line 9; "{comment}" ends that line.
ACCOUNT_STACK_TEMPLATE = """\
from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.iam_role import IamRole


class TapStack(TerraformStack):
    def __init__(self, scope, construct_id):
        super().__init__(scope, construct_id)
        IamRole(self, "role", name="svc", assume_role_policy="{}",
                permissions_boundary="arn:aws:iam::123456789012:policy/b"){comment}
"""

ACCOUNT_STACK = ACCOUNT_STACK_TEMPLATE.replace("{comment}", "")


def account_stack_with(comment: str) -> str:
    """ACCOUNT_STACK with ``comment`` (or any text) after its line 9."""
    return ACCOUNT_STACK_TEMPLATE.replace("{comment}", comment)
