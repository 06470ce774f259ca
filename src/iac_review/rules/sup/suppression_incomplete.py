"""Suppression without a reason or without rule ids.

What it finds:
    An `# iac-review: ignore[...]` or `ignore-file[...]` comment that gives no
    reason after its brackets, or that names no rule at all (a bare
    `# iac-review: ignore`). A suppression with rule ids still applies when
    its reason is missing; a bare one suppresses nothing.

Why it matters:
    A suppression hides a finding from every later reader. Without the reason,
    nobody can tell an accepted risk from a silenced mistake, and without rule
    ids a comment would hide defects nobody has seen yet.

Example:
        bucket = S3Bucket(self, "logs", bucket="acme-logs")  # iac-review: ignore[NM002]

Use instead:
        bucket = S3Bucket(self, "logs", bucket="acme-logs")  # iac-review: ignore[NM002] imported, name fixed

Fix safety:
    No automatic fix: only a person can give the reason.

References:
    https://docs.astral.sh/ruff/linter/#error-suppression
"""
from __future__ import annotations

from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta


class SuppressionIncomplete(Rule):
    meta = RuleMeta(
        id="SUP001",
        name="suppression-incomplete",
        category="code_quality_lint",
        default_severity=Severity.MEDIUM,
        stage="suppressions",
        summary="Suppression without a reason or without rule ids",
        why="A finding was silenced without saying why, or with a comment that names no rule.",
        impact="Maintainability: an unexplained suppression hides a defect from every later review.",
        docs="https://docs.astral.sh/ruff/linter/#error-suppression",
        training_value="A suppressed finding carries its rule ids and the reason it is accepted.",
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        review = getattr(ctx, "suppressions", None)
        for item in review.honored if review else ():
            if not item.selectors:
                yield self.finding(ctx, item.file, item.line, column=item.column,
                               message=
                                   f"`{item.text}` names no rule, so it suppresses nothing; "
                                   "name the rules in brackets and give the reason after them",
                                   fix="write `# iac-review: ignore[RULE] reason`")
            elif not item.reason:
                yield self.finding(ctx, item.file, item.line, column=item.column,
                               message=
                                   f"`{item.text}` gives no reason: say after the brackets why "
                                   "the finding is accepted here",
                                   fix=f"`{item.text} <why this is accepted>`")
