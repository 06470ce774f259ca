"""Region literal in a stack that takes its region as a parameter.

What it finds:
    In a project whose stack receives its region (an `aws_region` / `region`
    parameter, `kwargs.get("aws_region")`, an `AWS_REGION` variable it reads,
    or an `AwsProvider(region=<variable>)`), region names written into stack
    code anyway: inside ARNs (`arn:aws:logs:us-east-1:...`), service
    principals and endpoints (`logs.us-east-1.amazonaws.com`,
    `com.amazonaws.us-east-1.s3`), `region=` arguments of resources and of a
    provider without `alias`, and availability-zone literals (`us-east-1a`).
    Default values, `os.getenv("AWS_REGION", "us-east-1")` fallbacks,
    comparisons, dict keys, per-region tables and the S3 backend's region are
    not reported. One finding per file and region, listing the lines. In any
    project, availability zones spelled as the region plus a letter
    (`f"{aws_region}a"`) are reported once per file.

Why it matters:
    Deployed to any other region, these strings still point at the first
    one: KMS key policies name the wrong CloudWatch Logs principal (log
    groups fail to use the key), IAM policies grant ARNs that do not match
    the resources, endpoints and AZs do not exist (deploy fails).

Example:
        Principal={"Service": "logs.us-east-1.amazonaws.com"}   # stack takes aws_region

Use instead:
        Principal={"Service": f"logs.{aws_region}.amazonaws.com"}

Fix safety:
    No automatic fix: the replacement variable depends on the code around it.

References:
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/region
"""
from __future__ import annotations

import ast
import re
from typing import Iterator

from iac_review.analysis.strings import pieces
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.regions import ALL_REGIONS, find_regions
from iac_review.analysis.string_sites import AZ_KEYS, region_source, string_sites
from iac_review.analysis.expressions import call_name, idents, short
from iac_review.analysis.project_facts import ProjectFacts, project_facts

_IN_ARN = re.compile(r"arn:aws(?:-cn|-us-gov)?:[a-z0-9-]+:([a-z0-9-]+):")
_IN_HOST = re.compile(r"(?:\.|^)([a-z]{2}(?:-gov)?-[a-z]+-\d+)\.amazonaws\.com|"
                      r"com\.amazonaws\.([a-z]{2}(?:-gov)?-[a-z]+-\d+)\.")
_REGION_KEYS = frozenset({"region", "aws_region"})
_NOT_RESOURCES = frozenset({"S3Backend", "getenv", "get"})
_MAX_LINES = 6
_MAYBE_REGION = re.compile(r"(?:us|eu|ap|sa|ca|me|af|il|mx|cn)-[a-z]+-\d")


class HardcodedRegion(Rule):
    meta = RuleMeta(
        id="HC002",
        name="hardcoded-region",
        category="hardcoded_account_arn_or_id",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="Region literal in a stack that takes its region as a parameter",
        why=("Models parameterise the provider's region but copy region names into "
             "ARNs, service principals, endpoints and availability zones from examples."),
        impact=("Deployability: in any other region, policies and references point at the "
                "first region; AZs and endpoints do not exist and deploy fails."),
        docs="https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/region",
        training_value=("When the region is a parameter, every ARN, principal, endpoint and "
                        "AZ must be built from it (or from DataAwsRegion / "
                        "DataAwsAvailabilityZones)."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        facts = project_facts(ctx)
        yield from self._zone_letters(ctx, facts)
        param = region_source(facts, ctx)
        if param is None:
            return
        stack_paths = {c.path for c in ctx.calls}
        constructs = frozenset(c.class_name for c in ctx.calls) - _NOT_RESOURCES
        for module in facts.modules:
            if module.path not in stack_paths:
                continue
            groups: dict[str, list[tuple[int, int, str]]] = {}
            for site in string_sites(facts, module):
                if not _MAYBE_REGION.search(site.text) or site.excluded:
                    continue
                for region, shown in _regions(site, constructs):
                    groups.setdefault(region, []).append(
                        (site.line, site.node.col_offset + 1, shown))
            for region, hits in groups.items():
                hits.sort()
                lines = sorted({line for line, _, _ in hits})
                listed = ", ".join(str(n) for n in lines[:_MAX_LINES])
                if len(lines) > _MAX_LINES:
                    listed += ", ..."
                line, column, shown = hits[0]
                count = f"{len(hits)} places" if len(hits) > 1 else "1 place"
                yield self.finding(
                    ctx, module.path, line,
                    f"region {region} hardcoded in {count} (line{'s' if len(lines) > 1 else ''} "
                    f"{listed}; e.g. `{shown}`) although the project takes its region from "
                    f"`{param}`: deployed to another region these still name {region}, so "
                    f"policies, principals and references do not match the resources and "
                    f"AZs / endpoints do not exist",
                    column=column,
                    fix=(f"build the text from `{param}` (e.g. f\"logs.{{{param}}}.amazonaws.com\") "
                         f"or DataAwsRegion(self, \"current\").name; for zones use "
                         f"DataAwsAvailabilityZones"),
                )


    def _zone_letters(self, ctx, facts: ProjectFacts) -> Iterator[Finding]:
        """Availability zones spelled as the region plus a letter (one finding per file)."""
        code = {m.path for m in facts.modules}
        hits: dict[str, list[tuple[object, str, ast.AST]]] = {}
        for call in ctx.calls:
            if call.path not in code:
                continue
            for key in sorted(AZ_KEYS & set(call.keywords)):
                value = facts.resolve(call.module, call.arg_node(key))
                elements = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
                hits.setdefault(call.path, []).extend(
                    (call, key, e) for e in elements if _region_plus_letter(e))
        for path, found in hits.items():
            if not found:
                continue
            call, key, element = found[0]
            lines = sorted({e.lineno for _, _, e in found})
            listed = ", ".join(str(n) for n in lines[:_MAX_LINES]) + (
                ", ..." if len(lines) > _MAX_LINES else "")
            yield self.finding(
                ctx, path, element.lineno,
                f"{call.class_name} `{key}` {short(element)} builds the zone name from the "
                f"region plus a letter (line{'s' if len(lines) > 1 else ''} {listed}): it "
                f"assumes those zones exist and are open to the account (us-west-1 and "
                f"ap-northeast-1, for example, do not offer every letter to every account), "
                f"so deploy can fail with an unsupported availability zone",
                column=element.col_offset + 1,
                fix=("use the names DataAwsAvailabilityZones(self, \"azs\", state=\"available\") "
                     "returns (Fn.element(azs.names, i))"),
            )


def _region_plus_letter(expr: ast.AST) -> bool:
    parts = pieces(expr)
    if not parts or len(parts) < 2 or parts[0].expr is None:
        return False
    if not any("region" in name.lower() for name in idents(parts[0].expr)):
        return False
    rest = parts[1:]
    if len(rest) == 1 and rest[0].expr is None:
        return bool(re.fullmatch(r"[a-f]", rest[0].text))
    if len(rest) == 1 and isinstance(rest[0].expr, ast.Subscript):
        target = rest[0].expr.value
        return isinstance(target, ast.Constant) and isinstance(target.value, str) \
            and bool(re.fullmatch(r"[a-f]+", target.value))
    return False



def _regions(site, constructs: frozenset[str]) -> list[tuple[str, str]]:
    """(region, shown text) for each reportable region use in a string site."""
    text = site.text
    keys = set(site.keys)
    found: list[tuple[str, str]] = []
    if set(site.calls) & _NOT_RESOURCES or keys & ALL_REGIONS:
        return found        # backend / env fallback, or an entry of a per-region table
    for match in _IN_ARN.finditer(text):
        if match.group(1) in ALL_REGIONS:
            found.append((match.group(1), text[match.start():][:70]))
    for match in _IN_HOST.finditer(text):
        region = match.group(1) or match.group(2)
        if region in ALL_REGIONS:
            found.append((region, text[:70]))
    stripped = text.strip()
    first_key = site.keys[0] if site.keys else ""
    if not found and stripped in ALL_REGIONS and first_key in _REGION_KEYS and site.calls \
            and site.calls[0] in constructs and not _aliased_provider(site):
        found.append((stripped, f"{first_key}=\"{stripped}\""))
    if not found and keys & AZ_KEYS:
        for region, _, zone in find_regions(stripped):
            if zone and stripped[:-1] == region:
                found.append((region, stripped))
    return found


def _aliased_provider(site) -> bool:
    """A provider with `alias` is a deliberate second region."""
    node = site.module.parent(site.node)
    while node is not None and not isinstance(node, ast.Call):
        node = site.module.parent(node)
    if node is None or call_name(node.func) != "AwsProvider":
        return False
    return any(kw.arg == "alias" for kw in node.keywords)
