"""CloudWatch namespaces whose metrics exist only per resource (metric_dimensions.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from iac_review.knowledge.base import entries


@dataclass(frozen=True)
class PerResourceNamespace:
    namespace: str
    dimensions: tuple[str, ...]      # one of these identifies the resource
    aggregates: frozenset[str]       # metrics also published without dimensions
    source: str


@lru_cache(maxsize=1)
def per_resource_namespaces() -> dict[str, PerResourceNamespace]:
    return {e["namespace"]: PerResourceNamespace(e["namespace"], tuple(e["dimensions"]),
                                                 frozenset(e.get("aggregates") or ()), e["source"])
            for e in entries("metric_dimensions")}
