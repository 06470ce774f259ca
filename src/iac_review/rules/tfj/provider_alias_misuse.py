"""Second-region setup that puts nothing in the second region.

What it finds:
    In the synthesized Terraform JSON: an aliased provider (a second region)
    that no resource or data source uses (`provider = "aws.<alias>"`); a
    DynamoDB `replica` in the table's own provider region; and a resource
    whose physical name names a region other than the region of the
    provider that creates it (a "-us-west-2" bucket created in us-east-1).

Why it matters:
    Multi-region and disaster-recovery designs need resources bound to the
    aliased provider; without it every "replica" is created in the primary
    region, so the stack deploys but the second region is empty. A replica
    in the table's own region fails at deploy.

Example:
        AwsProvider(self, "aws", region="us-east-1")
        AwsProvider(self, "dr", region="us-west-2", alias="dr")
        S3Bucket(self, "replica", bucket=f"data-replica-us-west-2-{suffix}")

Use instead:
        dr = AwsProvider(self, "dr", region="us-west-2", alias="dr")
        S3Bucket(self, "replica", bucket=f"data-replica-us-west-2-{suffix}", provider=dr)

Fix safety:
    No automatic fix: which resources belong to the second region is a design decision.

References:
    https://developer.hashicorp.com/terraform/language/providers/configuration#alias-multiple-provider-configurations
"""
from __future__ import annotations

import re
from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.names import name_args
from iac_review.knowledge.regions import is_region
from iac_review.tfjson.graph import SYNTH_FILE, TerraformGraph
from iac_review.tfjson.locate import label, report

# A region word inside a name ("data-us-west-2-dev"); hyphens may surround it.
_REGION_WORD = re.compile(r"(?<![a-z0-9])((?:us-gov|us|eu|ap|sa|ca|me|af|il|mx|cn)-[a-z]+-\d+)"
                          r"(?![a-z0-9])")


def _regions(text: str) -> set[str]:
    return {m.group(1) for m in _REGION_WORD.finditer(text.lower()) if is_region(m.group(1))}


class ProviderAliasMisuse(Rule):
    meta = RuleMeta(
        id="TFJ004",
        name="provider-alias-misuse",
        category="region_or_multi_region_misconfig",
        default_severity=Severity.HIGH,
        stage="tfjson",
        summary="Second-region setup that puts nothing in the second region",
        why=("Models declare a second AwsProvider for DR or replication and then forget "
             "`provider=` on the resources meant for it."),
        impact=("Reliability: the second region stays empty (no DR); replicas in the "
                "primary region fail to deploy."),
        docs="https://developer.hashicorp.com/terraform/language/providers/configuration"
             "#alias-multiple-provider-configurations",
        training_value=("Every resource of a second region needs provider=<aliased provider>; "
                        "an alias no resource uses is a missing region."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        graph: TerraformGraph | None = ctx.tfjson
        if graph is None:
            return
        used = {(r.stack, r.provider) for r in graph.resources if r.provider}
        for provider in graph.providers:
            if provider.alias is None or (provider.stack, provider.ref) in used:
                continue
            default = graph.default_provider(provider.stack, provider.type)
            where = f" (region {provider.region})" if provider.region else ""
            primary = f" in {default.region}" if default and default.region else ""
            yield self.finding(
                ctx, SYNTH_FILE, 1,
                f"[stack {provider.stack}] provider `{provider.ref}`{where} is declared but no "
                f"resource uses it: everything is created by the default provider{primary}, so "
                f"the second region is empty",
                fix=f"pass provider=<the {provider.alias} AwsProvider> to the resources of that "
                    f"region, or remove the alias",
                severity=Severity.MEDIUM)
        for table in graph.of_type("aws_dynamodb_table"):
            provider = graph.provider_of(table)
            region = provider.region if provider else None
            for block in table.blocks("replica"):
                if region and block.get("region_name") == region:
                    yield report(
                        self, ctx, table,
                        f"DynamoDB table {label(table)} has a replica in {region}, the region "
                        f"of its own provider: a replica must be in another region and the "
                        f"deploy fails",
                        fix="set the replica's region_name to the second region")
        for resource in graph.resources:
            if resource.mode != "resource":
                continue
            provider = graph.provider_of(resource)
            region = provider.region if provider else None
            if not region or "${" in region:
                continue
            for entry in name_args(resource.type):
                value = resource.get(entry.arg)
                if not isinstance(value, str):
                    continue
                named = _regions(value)
                others = sorted(named - {region})
                if len(others) != 1 or region in named:
                    continue
                yield report(
                    self, ctx, resource,
                    f"{label(resource)} is named `{value}` for {others[0]} but is created by "
                    f"provider `{provider.ref}` in {region}",
                    fix=f"create it with the {others[0]} provider (provider=...) or rename it",
                    severity=Severity.MEDIUM)
