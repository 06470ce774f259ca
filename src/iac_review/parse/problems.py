"""Turn the loader's ``InputProblem`` records into findings for the input rules.

``Rule.finding`` maps a project location back to markdown through the
extracted files; an input problem usually sits in the markdown itself (no
extracted file), so its own ``origin`` is used instead.
"""
from __future__ import annotations

from typing import Iterator

from iac_review.core.finding import Finding, Location
from iac_review.core.rule import Rule


def problem_findings(rule: Rule, ctx) -> Iterator[Finding]:
    meta = rule.meta
    project = ctx.project
    for problem in project.problems:
        if problem.rule_id != meta.id:
            continue
        yield Finding(
            rule_id=meta.id,
            rule_name=meta.name,
            category=meta.category,
            severity=ctx.severity_for(meta),
            message=problem.message,
            location=Location(problem.path, problem.line),
            origin=problem.origin or project.origin(problem.path, problem.line),
            stage=meta.stage,
            input=project.input,
            evidence=problem.evidence,
        )
