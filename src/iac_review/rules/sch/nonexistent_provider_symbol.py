"""Provider module or class that does not exist in the installed provider.

What it finds:
    Imports or module-attribute uses of `cdktf_cdktf_provider_aws` modules or classes
    that the installed provider does not define. The message names the module where the
    class does exist, the nearest name, or an over-applied `A` suffix.

Why it matters:
    The program fails on import, so nothing is synthesized or deployed.

Example:
        from cdktf_cdktf_provider_aws.lambda_event_source_mapping import LambdEventSourceMapping

Use instead:
        from cdktf_cdktf_provider_aws.lambda_event_source_mapping import LambdaEventSourceMapping

Fix safety:
    Unsafe: the suggested name is the closest match and must be checked by a person.
    A name that extends an existing class (`Wafv2WebAclRuleStatement` next to
    `Wafv2WebAclRule`) names a nested block the provider has no class for, not a
    misspelling of the shorter class: it is not renamed.

References:
    https://pypi.org/project/cdktf-cdktf-provider-aws/
"""
from iac_review.core.finding import Severity
from iac_review.core.rule import IssueRule, RuleMeta


class NonexistentProviderSymbol(IssueRule):
    kinds = ('missing_module', 'missing_name')
    meta = RuleMeta(
        id='SCH002',
        name='nonexistent-provider-symbol',
        category='provider_symbol_nonexistent',
        default_severity=Severity.CRITICAL,
        stage="static",
        summary='Provider module or class that does not exist in the installed provider',
        why=(
            'Models invent module and class names from AWS CDK, CloudFormation or older '
            'provider versions, or import a class from the wrong module.'
        ),
        impact='Deployability: ModuleNotFoundError or ImportError at synth.',
        docs='https://pypi.org/project/cdktf-cdktf-provider-aws/',
        training_value=(
            'Provider symbols must exist in the pinned provider version; the generated '
            'package is the source of truth.'
        ),
        fix='unsafe',
        needs_index=True,
        predicts_synth_failure=True,
    )
