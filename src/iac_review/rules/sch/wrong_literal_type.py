"""Literal of the wrong type for the field.

What it finds:
    Literal values (strings, numbers, booleans, dicts, lists, f-strings, json.dumps
    results) whose type differs from the field's schema type, including map values and
    list elements, and struct objects of the wrong class.

Why it matters:
    The value is rejected before any Terraform runs.

Example:
        ElasticacheReplicationGroup(self, "cache", replication_group_id=name,
                                    description="cache", at_rest_encryption_enabled=True)

Use instead:
        ElasticacheReplicationGroup(self, "cache", replication_group_id=name,
                                    description="cache", at_rest_encryption_enabled="true")

Fix safety:
    Unsafe: converting the literal is mechanical, but the intended value must be
    checked.

References:
    https://aws.github.io/jsii/user-guides/lib-user/language-specific/python/
"""
from iac_review.core.finding import Severity
from iac_review.core.rule import IssueRule, RuleMeta


class WrongLiteralType(IssueRule):
    kinds = ('wrong_type',)
    meta = RuleMeta(
        id='SCH010',
        name='wrong-literal-type',
        category='wrong_value_type',
        default_severity=Severity.CRITICAL,
        stage="static",
        summary='Literal of the wrong type for the field',
        why=(
            'Terraform coerces loosely, but the jsii binding type-checks every value: '
            'booleans for string fields (ElastiCache `at_rest_encryption_enabled`), '
            'numbers for strings, strings for numbers, dicts for JSON policy strings.'
        ),
        impact="Deployability: TypeError or 'Unable to deserialize value' at synth.",
        docs='https://aws.github.io/jsii/user-guides/lib-user/language-specific/python/',
        training_value=(
            "CDKTF Python enforces the schema's types at synth; literals must match them "
            'exactly.'
        ),
        fix='unsafe',
        needs_index=True,
        predicts_synth_failure=True,
    )
