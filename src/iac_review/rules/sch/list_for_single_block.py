"""List given where the schema wants one block.

What it finds:
    A list passed for a field whose schema type is one struct.

Why it matters:
    Synthesis stops with a type error.

Example:
        S3Bucket(self, "logs", bucket=name, lifecycle_rule=[{"enabled": True, "expiration": [{"days": 90}]}])

Use instead:
        S3Bucket(self, "logs", bucket=name, lifecycle_rule=[{"enabled": True, "expiration": {"days": 90}}])

Fix safety:
    Safe when the list has one element: it is unwrapped.

References:
    https://developer.hashicorp.com/terraform/cdktf/concepts/resources
"""
from iac_review.core.finding import Severity
from iac_review.core.rule import IssueRule, RuleMeta


class ListForSingleBlock(IssueRule):
    kinds = ('list_for_single',)
    meta = RuleMeta(
        id='SCH009',
        name='list-for-single-block',
        category='nested_block_list_vs_object',
        default_severity=Severity.CRITICAL,
        stage="static",
        summary='List given where the schema wants one block',
        why=(
            'Models wrap single blocks in lists because other blocks of the same resource'
            ' are lists, or because HCL allows repeated block syntax.'
        ),
        impact=(
            "Deployability: Python's type check (TypeError) or node's 'Value is not an "
            "object' at synth."
        ),
        docs='https://developer.hashicorp.com/terraform/cdktf/concepts/resources',
        training_value='Single nested blocks take one struct or dict, never a list.',
        fix='safe',
        needs_index=True,
        predicts_synth_failure=True,
    )
