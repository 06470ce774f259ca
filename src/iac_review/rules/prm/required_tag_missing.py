"""A tag the prompt requires that no resource (and no provider default) sets.

What it finds:
    Tag keys a tagging sentence of the prompt names (`Environment: Production`,
    `CostCenter`), when no literal tag dict of the code (resource `tags`,
    provider `default_tags`, variables holding tags) has the key. The finding
    quotes the prompt line.

Why it matters:
    Required tags drive cost allocation, ownership and policy; reviewers check
    them resource by resource.

Example:
        PROMPT.md: "every resource needs to be tagged with `Environment: Production`"
        AwsProvider(self, "aws", region="us-east-1")          # no default_tags

Use instead:
        AwsProvider(self, "aws", region="us-east-1",
                    default_tags=[{"tags": {"Environment": "Production"}}])

Fix safety:
    No automatic fix: where tags belong (provider defaults or per resource) is a choice.

References:
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags-configuration-block
"""
from __future__ import annotations

from typing import Iterator

from iac_review.analysis.prompt_checks import prompt_file, prompt_origin, quote, unmet
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta


class RequiredTagMissing(Rule):
    meta = RuleMeta(
        id="PRM003",
        name="required-tag-missing",
        category="tagging_issues",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="A tag the prompt requires that nothing sets",
        why="Models tag with their own favourite keys and forget the ones the prompt lists.",
        impact="Compliance: cost allocation and ownership policies miss the resources.",
        docs="https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags-configuration-block",
        training_value="Set the required tags once, in the provider's default_tags.",
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for check in unmet(ctx, "tag"):
            requirement = check.requirement
            yield self.finding(
                ctx, prompt_file(ctx), requirement.line,
                f"the prompt requires the {requirement.label} (line {requirement.line}: "
                f"\"{quote(check)}\"), but the code sets no such tag ({check.evidence})",
                origin=prompt_origin(ctx, requirement.line),
                fix=f"add `{requirement.subject}` to the provider's default_tags",
            )
