"""Default `AwsProvider` region differs from the task's required region.

What it finds:
    For a task that names its region (`metadata.json` `region`, or a
    `lib/AWS_REGION` file among the project files), the region the stack's
    default `AwsProvider` (the one without `alias`) will use when nothing
    overrides it: a literal `region=`, the default of the stack parameter it
    comes from (`aws_region: str = "us-west-2"`, `kwargs.get("aws_region",
    "us-west-2")`), an `os.environ.get("AWS_REGION", "us-west-2")` fallback, or
    the value the project's own entry point passes to the stack. It reports
    when no default provider is in the required region. Aliased providers for
    other regions (DR, replication) are fine; when every provider is aliased,
    one of them must be in the required region. Tasks without a region, and
    providers whose region cannot be read statically, are not reported; nor
    is a provider in a region the task's prompt itself names (the prompt is
    what the answer was asked to follow).

Why it matters:
    Terraform creates every resource of the default provider in that region:
    the deployment lands in the wrong region, regional quotas, AMIs, zones and
    endpoints differ, and the task's tests (which look in the required region)
    find nothing. Reviewers treat a wrong region as a near-fatal defect.

Example:
        # metadata.json: "region": "eu-west-1"
        aws_region = kwargs.get("aws_region", "us-east-1")
        AwsProvider(self, "aws", region=aws_region)

Use instead:
        aws_region = kwargs.get("aws_region", "eu-west-1")
        AwsProvider(self, "aws", region=aws_region)

Fix safety:
    No automatic fix: the region may also be spelled in other places (zones,
    ARNs, endpoints) that must change with it.

References:
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs#region
"""
from __future__ import annotations

from typing import Iterator

from iac_review.analysis.provider_regions import default_providers, prompt_regions, provider_regions, \
    required_region
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta


class ProviderRegionMismatch(Rule):
    meta = RuleMeta(
        id="REG001",
        name="provider-region-mismatch",
        category="region_or_multi_region_misconfig",
        default_severity=Severity.HIGH,
        stage="static",
        summary="Default `AwsProvider` region differs from the task's required region",
        why=("Models default the provider to us-east-1 (or copy a region from an example) "
             "instead of the region the task states."),
        impact=("Deployability: the stack deploys to the wrong region; tests, quotas, zones and "
                "endpoints of the required region do not match."),
        docs="https://registry.terraform.io/providers/hashicorp/aws/latest/docs#region",
        training_value=("The default provider's region (and every default value that feeds it) "
                        "must be the region the task requires."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        required = required_region(ctx)
        if required is None:
            return
        region, stated = required
        providers = default_providers(provider_regions(ctx))
        if not providers:
            return
        if any(p.region == region or p.region is None for p in providers):
            return
        asked = prompt_regions(ctx) or frozenset()
        if any(p.region in asked for p in providers):
            return   # the answer follows its prompt; the harness's region file says otherwise
        first = providers[0]
        others = sorted({p.region for p in providers if p.region})
        shown = ", ".join(others)
        node = first.node if first.node is not None else first.call.node
        kind = "default AwsProvider" if first.is_default else "AwsProvider (every provider has an alias)"
        yield self.finding(
            ctx, first.call.path, node.lineno,
            f"{kind} deploys to {shown} (region from {first.via}) but the task requires "
            f"{region} ({stated}): every resource of this provider is created in the wrong "
            f"region at deploy, and the task's tests look for them in {region}",
            column=node.col_offset + 1,
            fix=f"make the provider's region default to \"{region}\" (keep it overridable by the "
                f"aws_region parameter / AWS_REGION)",
        )
