"""Taggable resources without tags while the provider sets no default_tags.

What it finds:
    In the synthesized Terraform JSON of a stack, resources whose type takes
    `tags` (per the provider schema) that carry no tags, created by a
    provider without `default_tags`. One finding per stack, with counts per
    resource type.

Why it matters:
    Cost allocation, ownership and cleanup rely on tags; the harness passes
    common tags meant for `default_tags`, and untagged resources are invisible
    to tag-based cost reports and cleanup jobs.

Example:
        AwsProvider(self, "aws", region=aws_region)
        S3Bucket(self, "data", bucket=f"data-{suffix}")

Use instead:
        AwsProvider(self, "aws", region=aws_region, default_tags=[{"tags": default_tags}])
        S3Bucket(self, "data", bucket=f"data-{suffix}")

Fix safety:
    No automatic fix: the tag set is the project's.

References:
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/resource-tagging
"""
from __future__ import annotations

from typing import Iterator

from iac_review.analysis.symbols import PROVIDER
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.tfjson.graph import SYNTH_FILE, TerraformGraph


class ResourcesMissingCommonTags(Rule):
    meta = RuleMeta(
        id="TFJ008",
        name="resources-missing-common-tags",
        category="tagging_issues",
        default_severity=Severity.LOW,
        stage="tfjson",
        summary="Taggable resources without tags while the provider sets no default_tags",
        why=("Models tag a few resources by hand and forget the rest, instead of setting "
             "the provider's default_tags once."),
        impact="Cost allocation and cleanup: untagged resources escape tag-based reports.",
        docs="https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/"
             "resource-tagging",
        training_value="Set common tags once with AwsProvider(default_tags=[{\"tags\": {...}}]).",
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        graph: TerraformGraph | None = ctx.tfjson
        if graph is None or ctx.index is None:
            return
        taggable = ctx.memo("tfjson_taggable_types", _taggable_types)
        for stack in graph.stacks:
            counts: dict[str, int] = {}
            total = 0
            for resource in graph.resources:
                if resource.stack != stack or resource.mode != "resource" \
                        or resource.type not in taggable:
                    continue
                total += 1
                if resource.get("tags") or resource.get("tags_all"):
                    continue
                provider = graph.provider_of(resource)
                if provider is not None and provider.default_tags:
                    continue
                counts[resource.type] = counts.get(resource.type, 0) + 1
            if not counts:
                continue
            untagged = sum(counts.values())
            listed = ", ".join(f"{n} {t}" for t, n in sorted(counts.items(),
                                                              key=lambda kv: (-kv[1], kv[0]))[:6])
            if len(counts) > 6:
                listed += f", and {len(counts) - 6} more types"
            path, line = _provider_call(ctx)
            prefix = f"[stack {stack}] " if path == SYNTH_FILE else ""
            yield self.finding(
                ctx, path, line,
                f"{prefix}{untagged} of {total} taggable resources in stack {stack} have no tags "
                f"and the provider sets no default_tags ({listed})",
                fix='set AwsProvider(default_tags=[{"tags": {...}}]) with the common tags')


def _taggable_types(ctx) -> frozenset[str]:
    found = set()
    for module, _, config, tf_type in ctx.index.construct_classes(PROVIDER):
        if not tf_type or not tf_type.startswith("aws_") or \
                module.removeprefix(PROVIDER + ".").startswith("data_"):
            continue
        if config and "tags" in ctx.index.fields(config):
            found.add(tf_type)
    return frozenset(found)


def _provider_call(ctx) -> tuple[str, int]:
    calls = [c for c in ctx.calls_of("AwsProvider") if not c.has("alias")]
    if len(calls) == 1:
        return calls[0].path, calls[0].line
    return SYNTH_FILE, 1
