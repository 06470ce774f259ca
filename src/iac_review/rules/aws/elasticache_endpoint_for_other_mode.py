"""ElastiCache endpoint attribute that the replication group's cluster mode never sets.

What it finds:
    Reads of `configuration_endpoint_address` from an `ElasticacheReplicationGroup`
    whose cluster mode is off (no `cluster_mode="enabled"`, at most one node
    group, no `cluster.on` parameter group), and reads of
    `primary_endpoint_address` or `reader_endpoint_address` from a group whose
    cluster mode is on. Groups whose mode the code computes are left alone.

Why it matters:
    The provider sets `configuration_endpoint_address` only in cluster mode and
    the primary and reader endpoints only outside it. The other one is empty:
    the output, environment variable or parameter built from it is an empty
    string, and every client that connects through it fails at run time.

Example:
        cache = ElasticacheReplicationGroup(self, "sessions", replication_group_id="sessions",
                                            node_type="cache.t4g.small", num_cache_clusters=2, ...)
        TerraformOutput(self, "redis_endpoint", value=cache.configuration_endpoint_address)

Use instead:
        TerraformOutput(self, "redis_endpoint", value=cache.primary_endpoint_address)

Fix safety:
    No automatic fix: the cluster mode itself may be the mistake.

References:
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#attribute-reference
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.references import assigned_name, referenced_name
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta

_CLUSTER_ONLY = {"configuration_endpoint_address"}
_NON_CLUSTER_ONLY = {"primary_endpoint_address", "reader_endpoint_address"}


class ElasticacheEndpointForOtherMode(Rule):
    meta = RuleMeta(
        id="AWS013",
        name="elasticache-endpoint-for-other-mode",
        category="wrong_attribute_or_resource_reference",
        default_severity=Severity.HIGH,
        stage="static",
        summary="ElastiCache endpoint attribute that the group's cluster mode never sets",
        why=("Models read the configuration endpoint they remember from cluster-mode examples "
             "from a group they created without cluster mode (or the reverse)."),
        impact="Reliability: the endpoint is empty; every client of the cache fails to connect.",
        docs="https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/"
             "elasticache_replication_group#attribute-reference",
        training_value="Cluster mode decides which endpoint exists: configuration vs primary/reader.",
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        groups = {}
        for call in ctx.calls_of_type("aws_elasticache_replication_group"):
            name = assigned_name(call) if call.kind == "resource" else None
            if name:
                groups.setdefault(name, []).append(call)
        if not groups:
            return
        for module in ctx.modules:
            if module.tree is None:
                continue
            for node in module.walk():
                if not (isinstance(node, ast.Attribute)
                        and node.attr in _CLUSTER_ONLY | _NON_CLUSTER_ONLY):
                    continue
                owners = groups.get(referenced_name(node) or "", [])
                if len(owners) != 1:
                    continue   # unknown, or two groups of one name: not judged
                group = owners[0]
                mode = _cluster_mode(group)
                if mode is None or (node.attr in _CLUSTER_ONLY) == mode:
                    continue
                wanted = "primary_endpoint_address" if node.attr in _CLUSTER_ONLY \
                    else "configuration_endpoint_address"
                yield self.finding(
                    ctx, module.path, node.lineno,
                    f"`{node.attr}` of {group.label(with_class=True)} is empty: the group runs "
                    f"{'with' if mode else 'without'} cluster mode, where the provider sets only "
                    f"`{wanted}`{' (and reader_endpoint_address)' if not mode else ''}",
                    column=node.col_offset + 1,
                    fix=f"read `{wanted}`, or change the group's cluster mode",
                )


def _cluster_mode(call) -> bool | None:
    """True when cluster mode is on, False when off, None when the code computes it."""
    mode = call.arg("cluster_mode")
    if call.has("cluster_mode"):
        if not (isinstance(mode, ast.Constant) and isinstance(mode.value, str)):
            return None
        return mode.value.lower() in ("enabled", "compatible")
    groups = call.arg("num_node_groups")
    if call.has("num_node_groups"):
        if not (isinstance(groups, ast.Constant) and isinstance(groups.value, int)):
            return None
        if groups.value > 1:
            return True
    family = call.arg("parameter_group_name")
    if call.has("parameter_group_name"):
        if not (isinstance(family, ast.Constant) and isinstance(family.value, str)):
            return None
        if "cluster.on" in family.value:
            return True
    elif call.has("num_node_groups"):
        return None   # one shard and the default parameter group: either mode is possible
    return False
