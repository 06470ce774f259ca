"""Support lifecycles: Lambda runtimes (lambda_runtimes.yaml) and engine versions (engine_versions.yaml)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

from iac_review.knowledge.base import as_date, entries

# Terraform type -> (the argument naming the engine, or None with the engine it always is;
# the argument holding the version; the engine when the argument is left out).
# Source: the provider's argument references of each resource (hashicorp/aws 6.x).
VERSIONED_RESOURCES = {
    "aws_db_instance": ("engine", "engine_version", None),
    "aws_rds_cluster": ("engine", "engine_version", None),
    "aws_rds_global_cluster": ("engine", "engine_version", None),
    "aws_elasticache_replication_group": ("engine", "engine_version", "redis"),
    "aws_elasticache_cluster": ("engine", "engine_version", None),
    "aws_mq_broker": ("engine_type", "engine_version", None),
    "aws_eks_cluster": (None, "version", "kubernetes"),
}

# How far ahead an end of support is worth a warning.
WARN_AHEAD = datetime.timedelta(days=180)


@dataclass(frozen=True)
class RuntimeLifecycle:
    runtime: str
    deprecated: datetime.date | None
    block_create: datetime.date | None
    block_update: datetime.date | None
    source: str
    version: str


@dataclass(frozen=True)
class EngineLifecycle:
    service: str
    engine: str
    major: str
    end_of_standard: datetime.date | None
    end_of_extended: datetime.date | None   # None: no Extended Support for this version
    source: str
    version: str

    def covers(self, version: str) -> bool:
        return version == self.major or version.startswith(self.major + ".")


@lru_cache(maxsize=1)
def _runtimes() -> dict[str, RuntimeLifecycle]:
    return {e["runtime"]: RuntimeLifecycle(e["runtime"], as_date(e.get("deprecated")),
                                           as_date(e.get("block_create")),
                                           as_date(e.get("block_update")), e["source"], e["version"])
            for e in entries("lambda_runtimes")}


def runtime_lifecycle(runtime: str) -> RuntimeLifecycle | None:
    return _runtimes().get(runtime)


@lru_cache(maxsize=1)
def _engines() -> tuple[EngineLifecycle, ...]:
    return tuple(EngineLifecycle(e["service"], e["engine"], str(e["major"]),
                                 as_date(e.get("end_of_standard_support")),
                                 as_date(e.get("end_of_extended_support")), e["source"], e["version"])
                 for e in entries("engine_versions"))


def engine_lifecycle(engine: str, version: str) -> EngineLifecycle | None:
    """The lifecycle entry covering an engine's version string (the longest matching major)."""
    matches = [e for e in _engines() if e.engine.lower() == engine.lower() and e.covers(version)]
    return max(matches, key=lambda e: len(e.major), default=None)
