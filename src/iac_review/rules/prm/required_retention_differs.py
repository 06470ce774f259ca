"""Log or backup retention other than the days the prompt requires.

What it finds:
    A retention the prompt requires ("retain logs for 30 days", "7-day backup
    retention") while the literal retention of the code's log groups
    (`retention_in_days`, or none: kept forever) or backups
    (`backup_retention_period`, a backup plan's `delete_after`) is another
    number. Computed values are not judged. The finding quotes the prompt line.

Why it matters:
    Retention is a compliance requirement: too short loses data that must be
    kept, too long (or forever) keeps data and cost that must not be.

Example:
        PROMPT.md: "Retain application logs for 30 days"
        CloudwatchLogGroup(self, "app", name=f"/app/{suffix}", retention_in_days=14)

Use instead:
        CloudwatchLogGroup(self, "app", name=f"/app/{suffix}", retention_in_days=30)

Fix safety:
    No automatic fix: the prompt may mean some log groups only.

References:
    https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
"""
from __future__ import annotations

from typing import Iterator

from iac_review.analysis.prompt_checks import prompt_file, prompt_origin, quote, unmet
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta


class RequiredRetentionDiffers(Rule):
    meta = RuleMeta(
        id="PRM004",
        name="required-retention-differs",
        category="architecture_or_requirement_mismatch",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="Log or backup retention other than the prompt requires",
        why="Models pick a conventional retention (7, 14 days) instead of the one the prompt states.",
        impact="Compliance: data kept too short or too long.",
        docs="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html",
        training_value="Retention values come from the requirement, not from habit.",
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for check in unmet(ctx, "retention"):
            requirement = check.requirement
            yield self.finding(
                ctx, prompt_file(ctx), requirement.line,
                f"the prompt requires a {requirement.label} (line {requirement.line}: "
                f"\"{quote(check)}\"), but {check.evidence}",
                origin=prompt_origin(ctx, requirement.line),
                fix=f"set the {requirement.subject} retention to {requirement.value} days",
            )
