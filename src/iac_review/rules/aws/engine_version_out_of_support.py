"""Database, cache, broker or Kubernetes version past (or near) the end of its AWS support.

What it finds:
    A literal engine version on RDS instances and clusters, ElastiCache
    clusters and replication groups, Amazon MQ brokers and EKS clusters, whose
    major version's support calendar (the knowledge base's
    `engine_versions.yaml`) says, on the day of the review: AWS no longer
    offers it (Critical: past the end of Extended Support, or of standard
    support for versions that never had Extended Support), it runs only
    under paid Extended Support (High), or its standard support ends within
    180 days (Low). A version the task's prompt asks for is reported Low, as the
    prompt's choice.

Why it matters:
    AWS refuses to create a version it no longer offers, so the deploy
    fails; under Extended Support every instance is billed an extra charge
    per vCPU-hour until AWS upgrades it by force.

Example:
        DbInstance(self, "db", engine="postgres", engine_version="12.19", ...)

Use instead:
        DbInstance(self, "db", engine="postgres", engine_version="16.4", ...)

Fix safety:
    No automatic fix: a major version upgrade is a migration decision.

References:
    https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support.html
    https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
"""
from __future__ import annotations

from typing import Iterator

from iac_review.analysis.prompt_checks import softened_when_prompt_chose
from iac_review.analysis.engine_versions import engine_version
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.lifecycles import VERSIONED_RESOURCES, WARN_AHEAD, engine_lifecycle

class EngineVersionOutOfSupport(Rule):
    meta = RuleMeta(
        id="AWS010",
        name="engine-version-out-of-support",
        category="invalid_or_unavailable_version",
        default_severity=Severity.HIGH,
        stage="static",
        summary="Engine or Kubernetes version past or near the end of its AWS support",
        why=("Models pin the engine versions of their training data (PostgreSQL 12, MySQL 5.7, "
             "Kubernetes 1.27), which AWS has retired or moved to paid Extended Support since."),
        impact="Deployability and cost: a retired version fails the deploy; Extended Support bills extra.",
        docs="https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support.html",
        training_value="Pick a version from the service's current support calendar.",
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        today = ctx.config.as_of
        for call in ctx.calls_of_type(*VERSIONED_RESOURCES):
            stated = engine_version(call)
            if stated is None or not stated.engine or not stated.version:
                continue
            engine, version = stated.engine, stated.version
            version_arg = VERSIONED_RESOURCES[call.tf_type][1]
            life = engine_lifecycle(engine, version)
            if life is None or life.end_of_standard is None:
                continue
            verdict = _verdict(life, today)
            if verdict is None:
                continue
            severity, text = verdict
            severity, text = softened_when_prompt_chose(ctx, engine.lower(), version, severity, text,
                                                        "version")
            at = call.arg_node(version_arg)
            yield self.finding(
                ctx, call.path, at.lineno,
                f"{call.label(with_class=True)} runs {engine} {version}: {text} "
                f"(as of {today.isoformat()}; {life.version}, {life.source})",
                column=at.col_offset + 1, severity=severity, docs=life.source,
                fix="choose a major version in standard support, and plan the upgrade of existing data",
            )



def _verdict(life, today) -> tuple[Severity, str] | None:
    standard, extended = life.end_of_standard, life.end_of_extended
    if standard <= today and (extended is None or extended <= today):
        gone = extended or standard
        return Severity.CRITICAL, (f"AWS ended support for {life.major} on {gone.isoformat()} and no longer "
                                   "creates it, so the deploy fails")
    if standard <= today:
        return Severity.HIGH, (f"standard support for {life.major} ended on {standard.isoformat()}; it runs "
                               f"only under paid Extended Support until {extended.isoformat()}")
    if standard - today <= WARN_AHEAD:
        return Severity.LOW, f"standard support for {life.major} ends on {standard.isoformat()}"
    return None
