"""Single object given where the schema wants a list of blocks.

What it finds:
    A dict or struct object passed for a field whose schema type is a list of blocks.

Why it matters:
    The jsii runtime rejects the value and synthesis stops.

Example:
        S3BucketLifecycleConfigurationRule(
            id="expire", status="Enabled",
            expiration=S3BucketLifecycleConfigurationRuleExpiration(days=90))

Use instead:
        S3BucketLifecycleConfigurationRule(
            id="expire", status="Enabled",
            expiration=[S3BucketLifecycleConfigurationRuleExpiration(days=90)])

Fix safety:
    Safe: wrapping the value in a one-element list is what the schema asks for.

References:
    https://developer.hashicorp.com/terraform/cdktf/concepts/resources
"""
from iac_review.core.finding import Severity
from iac_review.core.rule import IssueRule, RuleMeta


class SingleObjectForListBlock(IssueRule):
    kinds = ('single_for_list',)
    meta = RuleMeta(
        id='SCH008',
        name='single-object-for-list-block',
        category='nested_block_list_vs_object',
        default_severity=Severity.CRITICAL,
        stage="static",
        summary='Single object given where the schema wants a list of blocks',
        why=(
            'Blocks that appear at most once in AWS docs (S3 lifecycle `expiration`, '
            "`filter`, `transition`) are still lists in this provider's schema."
        ),
        impact=(
            "Deployability: synth fails with 'Unable to deserialize value ... Value is "
            "not an array'."
        ),
        docs='https://developer.hashicorp.com/terraform/cdktf/concepts/resources',
        training_value=(
            'Nesting mode comes from the provider schema: list blocks need a list even '
            'for one element.'
        ),
        fix='safe',
        needs_index=True,
        predicts_synth_failure=True,
    )
