"""S3 lifecycle rule with neither `filter` nor `prefix`.

What it finds:
    Rules of `S3BucketLifecycleConfiguration` (typed
    `S3BucketLifecycleConfigurationRule(...)` or dicts in the `rule=[...]` list,
    also through local variables and list comprehensions) that set neither
    `filter` nor `prefix`.

Why it matters:
    The provider requires exactly one of them: today `plan` and `apply` print
    "Invalid Attribute Combination ... This will be an error in a future version
    of the provider", and a provider upgrade turns the warning into a failed plan.
    An empty filter is the explicit way to apply a rule to every object.

Example:
        S3BucketLifecycleConfiguration(self, "archive", bucket=bucket.id, rule=[
            S3BucketLifecycleConfigurationRule(id="archive", status="Enabled", transition=[...]),
        ])

Use instead:
        S3BucketLifecycleConfiguration(self, "archive", bucket=bucket.id, rule=[
            S3BucketLifecycleConfigurationRule(
                id="archive", status="Enabled", transition=[...],
                filter=[S3BucketLifecycleConfigurationRuleFilter(prefix="")],
            ),
        ])

Fix safety:
    Safe: an empty-prefix filter selects every object, which is what a rule
    without a filter already does.

References:
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_lifecycle_configuration
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.strings import template
from iac_review.analysis.values import list_elements
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta

_RULE_STRUCT = "S3BucketLifecycleConfigurationRule"
_CONFIG = ("S3BucketLifecycleConfiguration", "S3BucketLifecycleConfigurationA")


class LifecycleRuleWithoutFilter(Rule):
    meta = RuleMeta(
        id="AWS006",
        name="lifecycle-rule-without-filter",
        category="schema_argument_invalid_or_missing",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="S3 lifecycle rule with neither `filter` nor `prefix`",
        why=("Older provider versions and the inline `lifecycle_rule` block accepted rules without a "
             "filter; models keep writing them for `aws_s3_bucket_lifecycle_configuration`."),
        impact="Deployability: a provider warning on every plan now, a failed plan after a provider upgrade.",
        docs="https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_lifecycle_configuration",
        training_value=("Every `aws_s3_bucket_lifecycle_configuration` rule needs exactly one of `filter` or "
                        "`prefix`; an empty filter means all objects."),
        fix="safe",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for call in ctx.calls_of(*_CONFIG):
            if call.kind == "struct" or call.has_spread:
                continue
            value = call.arg("rule")
            elements = list_elements(value) if value is not None else None
            for number, element in enumerate(elements or []):
                written = element
                element = call.value(element)
                if not isinstance(element, ast.Dict):
                    continue  # typed rules are checked below, wherever they are written
                keys = {k.value for k in element.keys if isinstance(k, ast.Constant)}
                if None in element.keys or keys & {"filter", "prefix"} or "status" not in keys:
                    continue  # a **spread may bring the filter; without status it is no rule
                rule_id = _rule_id(element)
                yield self._report(ctx, call.path, written, rule_id, number)
        for rule in ctx.calls_of(_RULE_STRUCT):
            if rule.has_spread or rule.node.args or rule.has("filter") or rule.has("prefix"):
                continue
            rule_id = rule.arg("id")
            text = template(rule_id) if rule_id is not None else None
            yield self._report(ctx, rule.path, rule.node, text, None)

    def _report(self, ctx, path: str, node: ast.AST, rule_id: str | None, number: int | None) -> Finding:
        name = f'"{rule_id}"' if rule_id else (f"#{number + 1}" if number is not None else "")
        message = (f"S3 lifecycle rule {name} has neither `filter` nor `prefix`: the provider warns on every "
                   f"plan (\"Invalid Attribute Combination\", an error in a future provider version); add "
                   f"an empty filter to apply the rule to all objects").replace("rule  has", "rule has")
        return self.finding(ctx, path, node.lineno, message, column=node.col_offset + 1,
                            fix='add `filter=[S3BucketLifecycleConfigurationRuleFilter(prefix="")]` '
                                '(or `"filter": [{"prefix": ""}]` in a dict rule)')


def _rule_id(element: ast.Dict) -> str | None:
    for key, value in zip(element.keys, element.values, strict=True):
        if isinstance(key, ast.Constant) and key.value == "id":
            return template(value)
    return None
