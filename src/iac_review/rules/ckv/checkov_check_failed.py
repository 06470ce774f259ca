"""Synthesized resource that fails an allow-listed checkov check.

What it finds:
    Resources of the synthesized Terraform JSON that fail one of the checkov
    checks in `iac_review.knowledge.checkov.CHECKS`: public S3 ACLs and
    policies, Lambda or SQS access for any principal, public Redshift / MQ,
    network ACLs open to SSH or RDP, missing encryption on ElastiCache,
    Redshift, DAX, Kinesis, SNS and EBS, CloudTrail without log validation,
    AdministratorAccess attachments, trust policies for any principal,
    credentials in the provider, Lambda environment or user data, and a few
    observability gaps the reviewers ask for. One finding per failed check per
    resource, at the model's construct call; its category and severity come
    from the allow-list. Checks the static rules already report from the Python
    source (SEC001-SEC009, AWS005) are not repeated. When checkov is not
    installed or cannot parse a stack, nothing is reported and the review lists
    checkov as not evaluated.

Why it matters:
    checkov sees the values the program actually produced (through loops,
    helpers and variables the static rules cannot follow), so a setting that
    deploys insecurely is caught even when the Python hides it.

Example:
        KinesisStream(self, "events", name=f"events-{suffix}", shard_count=1)

Use instead:
        KinesisStream(self, "events", name=f"events-{suffix}", shard_count=1,
                      encryption_type="KMS", kms_key_id="alias/aws/kinesis")

Fix safety:
    No automatic fix: the right key, principal or exception is a design decision.

References:
    https://www.checkov.io/5.Policy%20Index/terraform.html
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.checkov import check_for
from iac_review.tfjson.checkov_run import checkov_for
from iac_review.tfjson.graph import SYNTH_FILE
from iac_review.tfjson.locate import label, report


class CheckovCheckFailed(Rule):
    meta = RuleMeta(
        id="CKV001",
        name="checkov-check-failed",
        category="security_hardening_missing",
        default_severity=Severity.MEDIUM,
        stage="tfjson",
        summary="Synthesized resource that fails an allow-listed checkov check",
        why=("Models leave security settings at insecure provider defaults or build them through "
             "helpers and loops; the synthesized JSON shows what would actually deploy."),
        impact=("What each check names: security (public data, unencrypted stores, broad access), "
                "or the logging and monitoring an incident needs."),
        docs="https://www.checkov.io/5.Policy%20Index/terraform.html",
        training_value=("Generated infrastructure should pass the basic security checks of the "
                        "services it uses, whatever code path produced the values."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        run = checkov_for(ctx)
        if run is None or not run.ok:
            return
        graph = ctx.tfjson
        for stack, result in run.stacks.items():
            for failed in result.failed:
                mapped = check_for(failed.check_id)
                if mapped is None:
                    continue
                what = (f"{mapped.why} (checkov {failed.check_id}: {failed.check_name}; "
                        f"category {mapped.category})")
                fix = _fix(failed.check_name)
                wanted = mapped.severity
                resource = graph.get(stack, failed.address) if graph is not None else None
                if resource is not None:
                    finding = report(self, ctx, resource, f"{label(resource)}: {what}; it deploys this way",
                                     fix=fix, severity=wanted)
                else:
                    finding = self._unlocated(ctx, stack, failed.address, what, fix, wanted)
                yield replace(finding, category=mapped.category)

    def _unlocated(self, ctx, stack: str, address: str, what: str, fix: str,
                   wanted: Severity | None) -> Finding:
        path, line = SYNTH_FILE, 1
        if address.startswith("provider."):
            calls = ctx.calls_of("AwsProvider")
            if len(calls) == 1:
                path, line = calls[0].path, calls[0].line
        prefix = f"[stack {stack}] " if path == SYNTH_FILE else ""
        return self.finding(ctx, path, line, f"{prefix}`{address}`: {what}", fix=fix, severity=wanted)


def _fix(check_name: str) -> str:
    text = check_name.strip().rstrip(".")
    if text.lower().startswith("ensure "):
        text = text[len("ensure "):]
        return f"make sure {text[:1].lower()}{text[1:]}"
    return f"address: {text}"
