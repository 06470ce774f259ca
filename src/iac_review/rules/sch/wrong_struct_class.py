"""Nested block given a struct object of another block's class.

What it finds:
    A typed struct object passed for a nested block whose schema wants a
    different struct class, for example the web ACL's visibility config class
    where a rule's visibility config is expected, or a backup rule's lifecycle
    class inside a copy action.

Why it matters:
    The Python binding type-checks every struct argument, so synthesis stops
    with a TypeError; the two classes often have the same fields, which makes
    the mistake easy to miss in review.

Example:
        Wafv2WebAclRule(name="rate", priority=1,
                        visibility_config=Wafv2WebAclVisibilityConfig(
                            cloudwatch_metrics_enabled=True, metric_name="rate",
                            sampled_requests_enabled=True))

Use instead:
        Wafv2WebAclRule(name="rate", priority=1,
                        visibility_config=Wafv2WebAclRuleVisibilityConfig(
                            cloudwatch_metrics_enabled=True, metric_name="rate",
                            sampled_requests_enabled=True))

Fix safety:
    Unsafe: the expected class usually has the same fields, but this must be
    checked before the class is swapped.

References:
    https://aws.github.io/jsii/user-guides/lib-user/language-specific/python/
"""
from iac_review.core.finding import Severity
from iac_review.core.rule import IssueRule, RuleMeta


class WrongStructClass(IssueRule):
    kinds = ("wrong_struct",)
    meta = RuleMeta(
        id="SCH011",
        name="wrong-struct-class",
        category="provider_symbol_nonexistent",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="Nested block given a struct object of another block's class",
        why=(
            "Each nested block has its own generated struct class, named after the full "
            "path of the block; models reuse the class of a similar block elsewhere in "
            "the resource or in another resource."
        ),
        impact="Deployability: TypeError from the binding's type check at synth.",
        docs="https://aws.github.io/jsii/user-guides/lib-user/language-specific/python/",
        training_value=(
            "In CDKTF Python, the struct class of a nested block is specific to its "
            "position in the schema; a look-alike class from another block is rejected."
        ),
        fix="unsafe",
        needs_index=True,
        predicts_synth_failure=True,
    )
