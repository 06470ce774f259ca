"""An engine, Kubernetes or Lambda runtime version other than the one the prompt names.

What it finds:
    A version the prompt requires ("Aurora PostgreSQL 15.4", "EKS 1.30", a
    Lambda "Python 3.12 runtime"; "3.11+" is a minimum) while every literal
    version the code gives for that engine or runtime is another one. Versions
    the code computes are not judged. The finding quotes the prompt line.

Why it matters:
    The version is part of the specification: features, drivers and the
    support calendar differ between versions, and reviewers treat another
    version as an unmet requirement.

Example:
        PROMPT.md: "Use Aurora PostgreSQL 15.4 for the orders database"
        RdsCluster(self, "orders", engine="aurora-postgresql", engine_version="14.6", ...)

Use instead:
        RdsCluster(self, "orders", engine="aurora-postgresql", engine_version="15.4", ...)

Fix safety:
    No automatic fix: the version can constrain other settings (parameter group family).

References:
    https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/AuroraPostgreSQL.Updates.html
"""
from __future__ import annotations

from typing import Iterator

from iac_review.analysis.prompt_checks import prompt_file, prompt_origin, quote, unmet
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta


class RequiredVersionDiffers(Rule):
    meta = RuleMeta(
        id="PRM002",
        name="required-version-differs",
        category="architecture_or_requirement_mismatch",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="An engine or runtime version other than the one the prompt names",
        why="Models write the version they saw most often, not the one the prompt asks for.",
        impact="Compliance: the specification is not met; dependent settings may not match.",
        docs="https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.VersionMgmt.html",
        training_value="Use the exact versions the prompt specifies.",
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for check in unmet(ctx, "version"):
            requirement = check.requirement
            yield self.finding(
                ctx, prompt_file(ctx), requirement.line,
                f"the prompt requires {requirement.label} (line {requirement.line}: "
                f"\"{quote(check)}\"), but the code {check.evidence}",
                origin=prompt_origin(ctx, requirement.line),
                fix=f"use {requirement.label} as the prompt says",
            )
