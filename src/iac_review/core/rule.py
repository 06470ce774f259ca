"""Rule base class and metadata.

A rule lives in its own module under ``iac_review.rules.<stage>`` and carries
its metadata in a ``RuleMeta``. Rules detect; profiles (``--severity``) may
change the severity a finding is reported with.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Iterator

from iac_review.core.finding import Finding, Location, Origin, Severity

if TYPE_CHECKING:  # pragma: no cover
    from iac_review.stages.context import ReviewContext

FIX_KINDS = ("none", "safe", "unsafe")
DOCSTRING_SECTIONS = ("What it finds", "Why it matters", "Example", "Use instead",
                      "Fix safety", "References")


@dataclass(frozen=True)
class RuleMeta:
    id: str                 # stable, never reused: SCH001, CDK001, INP001 ...
    name: str               # kebab-case name of the anti-pattern
    category: str           # id from the failure taxonomy
    default_severity: Severity
    stage: str              # "input", "static", "synth", "tfjson", "tests"
    summary: str            # one line
    why: str                # root cause
    impact: str             # cost / security / deployability
    docs: str               # authoritative URL
    training_value: str     # one sentence for the report
    fix: str = "none"       # none / safe / unsafe
    # Why the rule reports the severity it does, when a reviewer might expect
    # another (shown beside a human analysis that rated the defect differently).
    severity_note: str = ""


class Rule:
    """Base class: subclasses set ``meta`` and implement ``check``."""

    meta: ClassVar[RuleMeta]

    def check(self, ctx: "ReviewContext") -> Iterator[Finding]:  # pragma: no cover
        raise NotImplementedError

    def finding(self, ctx: "ReviewContext", path: str, line: int, message: str, *,
                column: int = 1, fix: str | None = None, evidence: str | None = None,
                severity: Severity | None = None, confidence: float = 1.0,
                origin: Origin | None = None) -> Finding:
        """Build a finding at a project location, mapped back to markdown."""
        meta = self.meta
        return Finding(
            rule_id=meta.id,
            rule_name=meta.name,
            category=meta.category,
            severity=severity or ctx.severity_for(meta),
            message=message,
            location=Location(path, line, column),
            origin=origin or ctx.project.origin(path, line),
            stage=meta.stage,
            input=ctx.project.input,
            evidence=evidence,
            fix=fix,
            confidence=confidence,
        )


class IssueRule(Rule):
    """A rule that reports the shared-analysis issues of the kinds it owns.

    The binding analysis walks the schema once for all binding rules; each
    rule owns one anti-pattern (one or a few issue kinds) and its metadata.
    """

    kinds: ClassVar[tuple[str, ...]] = ()

    def check(self, ctx: "ReviewContext") -> Iterator[Finding]:
        for issue in ctx.issues_of(*self.kinds):
            severity = None
            if issue.severity and self.meta.id not in ctx.severity_overrides:
                severity = Severity.parse(issue.severity)
            yield self.finding(ctx, issue.path, issue.line, issue.message,
                               column=issue.column, fix=issue.fix, severity=severity)


class ProblemRule(Rule):
    """A rule that reports the loader's ``InputProblem`` records carrying its id.

    Input problems usually sit in the markdown itself (no extracted file), so
    the problem's own origin is used when it has one.
    """

    def check(self, ctx: "ReviewContext") -> Iterator[Finding]:
        for problem in ctx.project.problems:
            if problem.rule_id == self.meta.id:
                yield self.finding(ctx, problem.path, problem.line, problem.message,
                                   evidence=problem.evidence, origin=problem.origin)
