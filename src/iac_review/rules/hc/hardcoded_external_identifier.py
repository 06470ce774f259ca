"""Identifier that pins the stack to one account, region or date.

What it finds:
    Literal identifiers of things the stack does not create and that only
    exist in one account, one region or at one point in time:
    - OIDC provider thumbprints (40 hex digits under `thumbprint_list` or a
      variable named `*thumbprint*`),
    - Lambda layer ARNs with a fixed version
      (`arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:38`),
    - AMI ids (`ami-0abc1234...`),
    - subnet, VPC and security group ids (`subnet-0abc1234`, `vpc-...`, `sg-...`),
    - availability zones written out as region plus letter (`"us-east-1a"`)
      where the region rule (HC002) does not already report them.
    Default values, fallbacks, comparisons and dict keys are not reported,
    nor strings the account-id rule (HC001) reports.

Why it matters:
    AMI ids and layer ARNs are regional (and AMIs are retired and replaced);
    subnet / VPC / security group ids exist in one account only; a zone
    letter may not be offered to another account. Deployed anywhere else the
    plan fails with "not found" / "InvalidAMIID" / "unsupported availability
    zone". OIDC thumbprints change when the identity provider rotates its
    certificate, and AWS no longer uses them for the common providers: a
    literal is stale configuration that looks like security.

Example:
        IamOpenidConnectProvider(self, "oidc", url=issuer, client_id_list=["sts.amazonaws.com"],
                                 thumbprint_list=["9f3e1c0d2b4a69788776655443322110ffeeddcc"])

Use instead:
        cert = DataTlsCertificate(self, "oidc-cert", url=issuer)
        IamOpenidConnectProvider(self, "oidc", url=issuer, client_id_list=["sts.amazonaws.com"],
                                 thumbprint_list=[cert.certificates.get(0).sha1_fingerprint])

Fix safety:
    No automatic fix: the replacement is a data source (DataAwsAmi,
    DataTlsCertificate, DataAwsSubnets, DataAwsAvailabilityZones) or a
    parameter, chosen by the code around it.

References:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc_verify-thumbprint.html
"""
from __future__ import annotations

import re
from typing import Iterator

from iac_review.analysis.project_facts import project_facts
from iac_review.analysis.string_sites import AZ_KEYS, StringSite, account_ids, region_source, string_sites
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.regions import ALL_REGIONS, find_regions

_THUMBPRINT = re.compile(r"[0-9a-fA-F]{40}")
_LAYER = re.compile(r"arn:aws(?:-cn|-us-gov)?:lambda:[^:\s\"']*:[^:\s\"']*:layer:"
                    r"([A-Za-z0-9_-]+):(\d+)(?![\w{])")
_AMI = re.compile(r"(?<![\w-])ami-[0-9a-f]{8,17}(?![\w-])")
_NETWORK_ID = re.compile(r"(?<![\w-])(subnet|vpc|sg)-[0-9a-f]{8,17}(?![\w-])")
_NETWORK_KIND = {"subnet": "subnet", "vpc": "VPC", "sg": "security group"}
_MAX_SHOWN = 70
# The page that explains why each kind of identifier does not travel (the rule's own docs
# page is the thumbprint one).
_DOCS_BY_KIND = {
    "layer": "https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html",
    "ami": "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/finding-an-ami.html",
    "network": "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/subnets",
    "zone": "https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html",
}


class HardcodedExternalIdentifier(Rule):
    meta = RuleMeta(
        id="HC005",
        name="hardcoded-external-identifier",
        category="hardcoded_account_arn_or_id",
        default_severity=Severity.LOW,
        stage="static",
        summary="Literal thumbprint, layer version, AMI, subnet / VPC / SG id or zone name",
        why=("Models paste identifiers from examples and documentation (an AMI id, a "
             "layer version, an OIDC thumbprint) instead of looking them up at deploy."),
        impact=("Portability: in another account or region the plan fails with "
                "not-found errors; thumbprints and pinned versions go stale."),
        docs="https://docs.aws.amazon.com/IAM/latest/UserGuide/"
             "id_roles_providers_create_oidc_verify-thumbprint.html",
        training_value=("Look identifiers up with data sources (DataAwsAmi, "
                        "DataTlsCertificate, DataAwsSubnets, DataAwsAvailabilityZones) or "
                        "take them as parameters."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        facts = project_facts(ctx)
        stack_paths = {c.path for c in ctx.calls}
        region_param = None
        region_checked = False
        seen: set[tuple[str, str]] = set()
        for module in facts.modules:
            zones: list[tuple[StringSite, str]] = []
            for site in string_sites(facts, module):
                text = site.text
                if len(text) < 8 or len(text) > 4000 or site.excluded:
                    continue
                found = _identifiers(site)
                if not found or account_ids(site):
                    continue        # nothing pinned, or HC001 reports this string
                for kind, value, message, fix in found:
                    if kind == "zone":
                        if not region_checked:
                            region_param, region_checked = region_source(facts, ctx), True
                        if not (region_param is not None and module.path in stack_paths
                                and set(site.keys) & AZ_KEYS):   # else HC002 reports it
                            zones.append((site, value))
                        continue
                    key = (module.path, value)
                    if key in seen:
                        continue
                    seen.add(key)
                    yield self.finding(ctx, module.path, site.line, message,
                                       column=site.node.col_offset + 1, fix=fix,
                                       docs=_DOCS_BY_KIND.get(kind))
            if zones:
                yield self._zones(ctx, module.path, zones)

    def _zones(self, ctx, path: str, zones: list[tuple[StringSite, str]]) -> Finding:
        """One finding per file for written-out availability zones."""
        site = zones[0][0]
        names = list(dict.fromkeys(value for _, value in zones))
        lines = sorted({s.line for s, _ in zones})
        listed = ", ".join(str(n) for n in lines[:6]) + (", ..." if len(lines) > 6 else "")
        shown = ", ".join(f'"{n}"' for n in names[:6]) + (", ..." if len(names) > 6 else "")
        region = " / ".join(dict.fromkeys(n[:-1] for n in names))
        return self.finding(
            ctx, path, site.line,
            f"availability zone{'s' if len(names) > 1 else ''} {shown} written out "
            f"(line{'s' if len(lines) > 1 else ''} {listed}): the stack is tied to {region} "
            f"(in any other region these zones do not exist and deploy fails), and which zone "
            f"letters an account may use differs between accounts",
            column=site.node.col_offset + 1,
            fix=("use DataAwsAvailabilityZones(self, \"azs\", state=\"available\").names "
                 "(Fn.element(azs.names, i))"),
            docs=_DOCS_BY_KIND["zone"])


def _shown(text: str) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN - 3] + "..."


def _identifiers(site: StringSite) -> list[tuple[str, str, str, str]]:
    """(kind, value, message, fix) for each pinned identifier in a string site."""
    text = site.text
    stripped = text.strip()
    found = []
    if _THUMBPRINT.fullmatch(stripped) and any("thumbprint" in k.lower() for k in site.keys):
        found.append((
            "thumbprint", stripped,
            f"OIDC thumbprint {stripped} is a literal: it is the certificate of one point in "
            f"time (it breaks when the provider rotates its certificate) and AWS no longer "
            f"uses thumbprints to trust the common identity providers",
            "read it at deploy time: DataTlsCertificate(self, \"oidc-cert\", url=<issuer>)"
            ".certificates.get(0).sha1_fingerprint (provider hashicorp/tls)"))
    for match in _LAYER.finditer(text):
        found.append((
            "layer", match.group(0),
            f"Lambda layer ARN `{_shown(match.group(0))}` pins version {match.group(2)} of "
            f"layer {match.group(1)}: layer versions are per region (the same number is a "
            f"different build or missing elsewhere) and old versions are retired",
            "take the layer ARN from a parameter or a per-region table the stack documents "
            "(or a DataAwsLambdaLayerVersion lookup for a layer in this account)"))
    for match in _AMI.finditer(text):
        found.append((
            "ami", match.group(0),
            f"AMI id {match.group(0)} is a literal: AMI ids are per region and are "
            f"deregistered over time, so deploy fails with InvalidAMIID.NotFound in any other "
            f"region or once the image is retired",
            "look the image up: DataAwsAmi(self, \"ami\", most_recent=True, owners=[\"amazon\"], "
            "filter=[...]).id or the SSM public parameter via DataAwsSsmParameter"))
    for match in _NETWORK_ID.finditer(text):
        kind = _NETWORK_KIND[match.group(1)]
        found.append((
            "network", match.group(0),
            f"{kind} id {match.group(0)} is a literal: it exists in one account and region "
            f"only, so deploy fails with a not-found error anywhere else",
            f"create the {kind} in the stack or take its id from a parameter / data source "
            f"(DataAwsSubnets, DataAwsVpc, DataAwsSecurityGroup)"))
    if not found and 9 <= len(stripped) <= 16 and not (set(site.keys) & ALL_REGIONS):
        for region, _, zone in find_regions(stripped):
            if zone and stripped[:-1] == region:
                found.append(("zone", stripped, "", ""))
    return found
