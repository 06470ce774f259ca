"""Rule base class and metadata.

A rule lives in its own module under ``iac_review.rules.<family>`` and carries
its metadata in a ``RuleMeta``: everything the runner needs to know about it
(its stage, whether it needs the provider schema, whether its findings predict
a synth failure, whether it can be fixed). Rules detect; the runner applies
``--severity`` overrides to what they report.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar, Iterator, Protocol

from iac_review.core.finding import Finding, Location, Origin, Severity
from iac_review.core.repair import Repair

if TYPE_CHECKING:  # pragma: no cover
    from iac_review.core.workspace import Project


class RuleContext(Protocol):
    """What every rule can rely on; the runner passes a richer context (stages.context)."""

    project: "Project"

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
    # The binding rules resolve names against the provider schema index; they
    # are skipped (and the review says so) when the provider is not installed.
    needs_index: bool = False
    # A Critical finding of this rule means "cdktf synth stops here" (an
    # ImportError, a binding TypeError, ...): synthesis confirms or contradicts it.
    predicts_synth_failure: bool = False


class Rule:
    """Base class: subclasses set ``meta`` and implement ``check``."""

    meta: ClassVar[RuleMeta]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:  # pragma: no cover
        raise NotImplementedError

    def finding(self, ctx: RuleContext, path: str, line: int, message: str, *,
                column: int = 1, fix: str | None = None, evidence: str | None = None,
                severity: Severity | None = None, confidence: float = 1.0,
                origin: Origin | None = None, breaks_synth: bool | None = None,
                repair: Repair | None = None, docs: str | None = None,
                end_line: int | None = None) -> Finding:
        """Build a finding at a project location, mapped back to markdown.

        ``severity`` is the rule's own verdict for this case (None: its default);
        ``breaks_synth`` defaults to the rule's prediction for a Critical finding.
        """
        meta = self.meta
        severity = severity or meta.default_severity
        if breaks_synth is None:
            breaks_synth = meta.predicts_synth_failure and severity == Severity.CRITICAL
        return Finding(
            rule_id=meta.id,
            rule_name=meta.name,
            category=meta.category,
            severity=severity,
            message=message,
            location=Location(path, line, column, end_line),
            origin=origin or ctx.project.origin(path, line),
            stage=meta.stage,
            input=ctx.project.input,
            evidence=evidence,
            fix=fix,
            confidence=confidence,
            breaks_synth=breaks_synth,
            repair=_declared(repair, meta.fix),
            docs=docs,
        )


def _declared(repair: Repair | None, safety: str) -> Repair | None:
    """The repair with the rule's declared safety; none from a rule that declares no fix."""
    if repair is None or safety not in ("safe", "unsafe"):
        return None
    return replace(repair, safe=safety == "safe" and repair.safe)


class IssueRule(Rule):
    """A rule that reports the shared-analysis issues of the kinds it owns.

    The binding analysis walks the schema once for all binding rules; each
    rule owns one anti-pattern (one or a few issue kinds) and its metadata.
    """

    kinds: ClassVar[tuple[str, ...]] = ()

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for issue in ctx.issues_of(*self.kinds):
            severity = Severity.parse(issue.severity) if issue.severity else None
            yield self.finding(ctx, issue.path, issue.line, issue.message, column=issue.column,
                               fix=issue.fix, severity=severity, breaks_synth=issue.breaks_synth,
                               repair=issue.repair, end_line=issue.end_line)


class ProblemRule(Rule):
    """A rule that reports the loader's ``InputProblem`` records carrying its id.

    Input problems usually sit in the markdown itself (no extracted file), so
    the problem's own origin is used when it has one.
    """

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for problem in ctx.project.problems:
            if problem.rule_id == self.meta.id:
                yield self.finding(ctx, problem.path, problem.line, problem.message,
                                   evidence=problem.evidence, origin=problem.origin)
