"""snake_case key in a dict inside a list of nested blocks.

What it finds:
    Keys of a dict literal inside a list given for repeated nested blocks that are the
    Python (snake_case) name of a field whose JSON name differs.

Why it matters:
    Human reviewers gave contradictory advice about dict key case; the mechanism is
    position-dependent and this rule follows it.

Example:
        RouteTable(self, "rt", vpc_id=vpc.id, route=[{"cidr_block": "0.0.0.0/0", "gateway_id": igw.id}])

Use instead:
        RouteTable(self, "rt", vpc_id=vpc.id, route=[RouteTableRoute(cidr_block="0.0.0.0/0", gateway_id=igw.id)])

Fix safety:
    Safe: renaming the key to its camelCase JSON name keeps the meaning; using the
    struct class is the cleaner manual fix.

References:
    https://aws.github.io/jsii/user-guides/lib-user/language-specific/python/
"""
from iac_review.core.finding import Severity
from iac_review.core.rule import IssueRule, RuleMeta


class SnakeCaseKeyInListDict(IssueRule):
    kinds = ('snake_key',)
    meta = RuleMeta(
        id='SCH007',
        name='snake-case-key-in-list-dict',
        category='dict_key_case_mismatch',
        default_severity=Severity.CRITICAL,
        stage="static",
        summary='snake_case key in a dict inside a list of nested blocks',
        why=(
            'Dicts inside a list are handed to node unconverted, where field names are '
            'camelCase; snake_case keys that differ from the camelCase name are not '
            'recognised.'
        ),
        impact=(
            "Deployability and correctness: a required field fails synth with 'Missing "
            "required properties'; an optional one is silently dropped (a route with "
            'every field null, a security group rule without ports).'
        ),
        docs='https://aws.github.io/jsii/user-guides/lib-user/language-specific/python/',
        training_value=(
            'Inside lists, plain dicts keep JSON (camelCase) names; the typed struct '
            'classes avoid the trap everywhere.'
        ),
        fix='safe',
        needs_index=True,
        predicts_synth_failure=True,
    )
