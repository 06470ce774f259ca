"""A component the prompt requires that the code does not declare.

What it finds:
    AWS components the task's prompt names in a requirement (a list item, or a
    sentence that says must / create / deploy / configure ...), none of whose
    resource types the code declares: "Configure AWS Backup plan with daily
    backups" and no `BackupPlan`. Optional sections, hints and background are
    not read; a component named after "no" / "without" is not required. The
    finding quotes the prompt line. High when the prompt says must / required
    or lists it under a mandatory heading, else Medium.

Why it matters:
    A required component left out fails the task whatever the quality of the
    rest: reviewers rate it Critical or High, and integration tests that look
    for it fail.

Example:
        PROMPT.md: "6. Configure AWS Backup plan with daily backups and 7-day retention for Aurora"
        (the stack creates the Aurora cluster and no backup plan)

Use instead:
        BackupVault, BackupPlan (a daily rule, delete_after=7) and a BackupSelection of the cluster.

Fix safety:
    No automatic fix: the component has to be designed.

References:
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs
"""
from __future__ import annotations

from typing import Iterator

from iac_review.analysis.prompt_checks import prompt_file, prompt_origin, quote, unmet
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta


class RequiredComponentMissing(Rule):
    meta = RuleMeta(
        id="PRM001",
        name="required-component-missing",
        category="required_component_missing",
        default_severity=Severity.HIGH,
        stage="static",
        summary="A component the prompt requires that the code does not declare",
        why="Long prompts list many components; models drop some, often the last ones or the operational ones.",
        impact="Completeness: the task is not done; tests that look for the component fail.",
        docs="https://registry.terraform.io/providers/hashicorp/aws/latest/docs",
        training_value="Every component a prompt requires must appear in the code.",
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for check in unmet(ctx, "component"):
            requirement = check.requirement
            yield self.finding(
                ctx, prompt_file(ctx), requirement.line,
                f"the prompt requires {requirement.subject} (line {requirement.line}: "
                f"\"{quote(check)}\"), but the code {check.evidence}",
                severity=None if requirement.strong else Severity.MEDIUM,
                origin=prompt_origin(ctx, requirement.line),
                fix=f"add the {requirement.subject} the prompt asks for",
            )
