"""Argument or block key that the resource's schema does not define.

What it finds:
    Keyword arguments of provider resources, data sources and structs, and keys of dicts
    given for nested blocks, that the installed provider's schema does not define (with
    the nearest valid name).

Why it matters:
    Python raises TypeError on an unexpected keyword; a key inside a list-of-blocks dict
    is ignored without a word, which is worse.

Example:
        KmsAlias(self, "alias", alias="alias/app", target_key_id=key.id)

Use instead:
        KmsAlias(self, "alias", name="alias/app", target_key_id=key.id)

Fix safety:
    Unsafe: the suggestion is the nearest name in the schema and may not be what was
    meant.

References:
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs
"""
from iac_review.core.finding import Severity
from iac_review.core.rule import IssueRule, RuleMeta


class UnknownArgument(IssueRule):
    kinds = ('unknown_argument', 'ignored_key')
    meta = RuleMeta(
        id='SCH004',
        name='unknown-argument',
        category='schema_argument_invalid_or_missing',
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="Argument or block key that the resource's schema does not define",
        why=(
            'Models carry argument names over from CloudFormation, AWS CDK or other '
            'resources (`KmsAlias(alias=...)`, `replica_region=`), or misspell them.'
        ),
        impact=(
            'Deployability: TypeError at synth for keyword arguments and dict keys '
            'expanded into a struct; inside a list of blocks an unknown key is silently '
            'dropped, so the setting never reaches AWS.'
        ),
        docs='https://registry.terraform.io/providers/hashicorp/aws/latest/docs',
        training_value=(
            'Every argument must exist in the provider schema of the pinned version; '
            'did-you-mean suggestions come from that schema.'
        ),
        fix='unsafe',
        needs_index=True,
        predicts_synth_failure=True,
    )
