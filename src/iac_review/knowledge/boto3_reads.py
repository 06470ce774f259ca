"""Which Terraform resource types a boto3 client operation reads (boto3_reads.yaml)."""
from __future__ import annotations

from functools import lru_cache

from iac_review.knowledge.base import entries


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, str], tuple[str, ...]]:
    table: dict[tuple[str, str], tuple[str, ...]] = {}
    for entry in entries("boto3_reads"):
        for operation in entry["operations"]:
            table[(entry["service"], operation)] = tuple(entry["resources"])
    return table


def resources_read(service: str, operation: str) -> tuple[str, ...]:
    """The resource types one of which ``boto3.client(service).operation(...)`` reads; () when unknown."""
    return _table().get((service, operation), ())


def all_resource_types() -> set[str]:
    return {t for types in _table().values() for t in types}
