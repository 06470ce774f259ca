"""camelCase key in a dict given for one nested struct.

What it finds:
    Keys of a dict literal, given where the schema wants one struct, that are the
    camelCase (JSON) name of a field whose Python name differs.

Why it matters:
    The struct's constructor rejects the key and synthesis stops.

Example:
        KinesisStream(self, "stream", name="events", stream_mode_details={"streamMode": "ON_DEMAND"})

Use instead:
        KinesisStream(self, "stream", name="events", stream_mode_details={"stream_mode": "ON_DEMAND"})

Fix safety:
    Safe: the key is renamed to the field's Python name; the value is unchanged.

References:
    https://aws.github.io/jsii/user-guides/lib-user/language-specific/python/
"""
from iac_review.core.finding import Severity
from iac_review.core.rule import IssueRule, RuleMeta


class CamelcaseKeyInStructDict(IssueRule):
    kinds = ('camel_key',)
    meta = RuleMeta(
        id='SCH006',
        name='camelcase-key-in-struct-dict',
        category='dict_key_case_mismatch',
        default_severity=Severity.CRITICAL,
        stage="static",
        summary='camelCase key in a dict given for one nested struct',
        why=(
            'A dict passed where one struct is expected is expanded by the Python binding'
            " into the struct's keyword arguments, which are snake_case; models copy "
            'camelCase from CloudFormation and JSON docs.'
        ),
        impact='Deployability: TypeError (unexpected keyword argument) at synth.',
        docs='https://aws.github.io/jsii/user-guides/lib-user/language-specific/python/',
        training_value=(
            'In CDKTF Python a dict for a single nested block is converted with '
            'snake_case keys; only dicts inside lists keep camelCase.'
        ),
        fix='safe',
        needs_index=True,
        predicts_synth_failure=True,
    )
