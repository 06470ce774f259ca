"""Required argument or block key missing.

What it finds:
    Resource, data source and struct calls, and dicts for nested blocks, that do not
    give every required field of the schema. Calls with `**kwargs` are not judged.

Why it matters:
    The program stops at synth with a TypeError or a jsii deserialization error.

Example:
        DynamodbTable(self, "table", hash_key="pk", attribute=[{"name": "pk", "type": "S"}])

Use instead:
        DynamodbTable(self, "table", name=f"orders-{suffix}", hash_key="pk", attribute=[{"name": "pk", "type": "S"}])

Fix safety:
    No automatic fix: the value has to be chosen by a person.

References:
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs
"""
from iac_review.core.finding import Severity
from iac_review.core.rule import IssueRule, RuleMeta


class MissingRequiredArgument(IssueRule):
    kinds = ('missing_required',)
    meta = RuleMeta(
        id='SCH005',
        name='missing-required-argument',
        category='schema_argument_invalid_or_missing',
        default_severity=Severity.CRITICAL,
        stage="static",
        summary='Required argument or block key missing',
        why=(
            'Models omit arguments that the provider requires, or spell them in a form '
            'that is dropped, so the schema sees them as absent.'
        ),
        impact=(
            "Deployability: TypeError (missing keyword-only argument) or 'Missing "
            "required properties' at synth."
        ),
        docs='https://registry.terraform.io/providers/hashicorp/aws/latest/docs',
        training_value=(
            'Required arguments come from the provider schema; a resource call must give '
            'every one of them.'
        ),
        fix='none',
        needs_index=True,
        predicts_synth_failure=True,
    )
