"""Suppression that matches no finding.

What it finds:
    An `# iac-review: ignore[...]` comment, or one of the rules in its
    brackets, that covered no finding in this review although the rule ran: the
    code was fixed, the finding moved, or the id is mistyped. An id that no
    rule has is reported too. A rule that did not run (turned off, or a synth
    rule in a review without synthesis) is never called unused.

Why it matters:
    A stale suppression waits to hide the next real finding on its line, and a
    mistyped id suppresses nothing while looking as if it did.

Example:
        region = "us-east-1"  # iac-review: ignore[HC002, NM002] region of the legacy account

Use instead:
        region = "us-east-1"  # iac-review: ignore[HC002] region of the legacy account

Fix safety:
    Safe: the repair removes the selectors that matched nothing (the whole
    comment when none matched). No finding appears or disappears.

References:
    https://docs.astral.sh/ruff/rules/unused-noqa/
"""
from __future__ import annotations

from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.repair import Repair
from iac_review.core.rule import Rule, RuleMeta


class UnusedSuppression(Rule):
    meta = RuleMeta(
        id="SUP002",
        name="unused-suppression",
        category="code_quality_lint",
        default_severity=Severity.LOW,
        stage="suppressions",
        summary="Suppression that matches no finding",
        why="The code changed under the comment, or the rule id in it is wrong.",
        impact="Maintainability: a stale suppression hides the next real finding on its line.",
        docs="https://docs.astral.sh/ruff/rules/unused-noqa/",
        training_value="Suppressions name exactly the findings they accept, and go when those do.",
        fix="safe",
    )

    def check(self, ctx) -> Iterator[Finding]:
        review = getattr(ctx, "suppressions", None)
        ran = getattr(ctx, "rules_ran", frozenset())
        for item in review.honored if review else ():
            unknown = review.unknown[item]
            idle = [s for s, ids in review.rules[item].items()
                    if s not in review.used[item] and ids & ran]
            if not unknown and not idle:
                continue
            parts = []
            if idle:
                parts.append(f"{_names(idle)} matched no finding")
            if unknown:
                parts.append(f"{_names(unknown)} {'is' if len(unknown) == 1 else 'are'} no rule "
                             "id, prefix or name")
            keep = [s for s in item.selectors if s not in idle and s not in unknown]
            yield self.finding(ctx, item.file, item.line, column=item.column,
                               message=
                               f"unused suppression: {' and '.join(parts)} (`{item.text}`)",
                               fix=_fix_text(item, keep), repair=_repair(item, keep))


def _names(selectors: list[str]) -> str:
    return ", ".join(f"`{s}`" for s in selectors)


def _rewritten(item, keep: list[str]) -> str:
    if not keep:
        return ""
    kind = "ignore-file" if item.whole_file else "ignore"
    return f"# iac-review: {kind}[{', '.join(keep)}] {item.reason}".rstrip()


def _fix_text(item, keep: list[str]) -> str:
    new = _rewritten(item, keep)
    return f"write `{new}`" if new else "remove the comment"


def _repair(item, keep: list[str]) -> Repair:
    return Repair.make("replace_comment", item.file, item.line, old=item.text, new=_rewritten(item, keep))
