"""Default `AwsProvider` built from a literal region.

What it finds:
    A stack whose default `AwsProvider` (the one without `alias`) gets its
    `region=` from a literal: written in the call, or through a local name,
    module constant or `self.` attribute that holds one. When every provider
    has an alias and all of them are literal, the first one is reported when
    the task's prompt names fewer regions than the providers fix. A
    region taken from a parameter, `kwargs`, or the environment (with or
    without a literal fallback) is fine, and so are aliased providers for a
    fixed second region (a DR or replication region the prompt names). Region
    literals inside ARNs and principals are HC002's business.

Why it matters:
    The harness chooses the deployment region (AWS_REGION, the stack's
    `aws_region` parameter); a literal in the provider ignores it, so the same
    code cannot be deployed to another region or account set-up without an
    edit, and the tests' region and the stack's region can silently diverge.

Example:
        AwsProvider(self, "aws", region="us-east-1")

Use instead:
        def __init__(self, scope, construct_id, aws_region: str = "us-east-1", **kwargs):
            ...
            AwsProvider(self, "aws", region=aws_region)

Fix safety:
    No automatic fix: the parameter has to be threaded through the stack's
    signature and the entry point.

References:
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs#region
"""
from __future__ import annotations

from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.analysis.provider_regions import (
    ProviderRegion, prompt_regions, provider_regions,
)


class RegionHardcodedInStack(Rule):
    meta = RuleMeta(
        id="REG002",
        name="region-hardcoded-in-stack",
        category="region_or_multi_region_misconfig",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="Default `AwsProvider` built from a literal region",
        why=("Models copy `AwsProvider(region=\"us-east-1\")` from examples instead of taking the "
             "region from the stack's parameter or the environment."),
        impact=("Portability: the harness's AWS_REGION / aws_region is ignored; deploying to "
                "another region needs a code change."),
        docs="https://registry.terraform.io/providers/hashicorp/aws/latest/docs#region",
        training_value=("The default AwsProvider's region comes from the stack's aws_region "
                        "parameter (or AWS_REGION), never from a literal."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        regions = provider_regions(ctx)
        providers = [r for r in regions if r.is_default]
        extra = ""
        if not providers:
            providers = _fixed_regions_not_asked_for(ctx, regions)
            if not providers:
                return
            named = ", ".join(sorted(prompt_regions(ctx) or ())) or "no region"
            fixed = ", ".join(sorted({p.region for p in providers if p.region}))
            extra = (f" (every AwsProvider has an alias and a literal region: {fixed}, while the "
                     f"prompt names {named})")
        if not all(p.in_stack == "literal" for p in providers):
            return
        first = providers[0]
        node = first.node if first.node is not None else first.call.node
        what = "the default AwsProvider" if first.is_default else "the first AwsProvider"
        yield self.finding(
            ctx, first.call.path, node.lineno,
            f"{what} takes region {first.via}{extra}: the region the harness passes (aws_region "
            f"parameter, AWS_REGION) is ignored, so the stack always deploys to {first.region} "
            f"and cannot be deployed elsewhere without a code change",
            column=node.col_offset + 1,
            fix=("take the region from the stack's aws_region parameter (default "
                 f"\"{first.region}\") or os.environ.get(\"AWS_REGION\", \"{first.region}\") "
                 "and pass it to AwsProvider(region=...)"),
        )


def _fixed_regions_not_asked_for(ctx, regions: list[ProviderRegion]) -> list[ProviderRegion]:
    """All providers aliased and literal, hardcoding more regions than the prompt names.

    A multi-region design whose prompt fixes the regions (primary + DR) is not
    a defect; without a prompt there is no telling, so nothing is reported.
    """
    if not regions or not all(r.in_stack == "literal" and r.region for r in regions):
        return []
    named = prompt_regions(ctx)
    if named is None:
        return []
    fixed = {r.region for r in regions}
    return regions if len(fixed) > len(named & fixed) and len(named) < len(fixed) else []
