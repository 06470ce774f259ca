"""The engine and engine version a database, cache or cluster resource call states.

One reading for every rule and check that judges engine versions (the
lifecycle rule, the prompt's version requirements): the engine comes from its
argument, or the resource type's default (EKS has no engine argument).
"""
from __future__ import annotations

from dataclasses import dataclass

from iac_review.analysis.strings import literal_text
from iac_review.knowledge.lifecycles import VERSIONED_RESOURCES


@dataclass(frozen=True)
class EngineVersion:
    engine: str | None       # None: computed (a parameter, a variable)
    version: str | None      # None: computed or not set
    engine_computed: bool
    version_computed: bool


def engine_version(call) -> EngineVersion | None:
    """The engine and version of a versioned resource call; None for other calls."""
    table = VERSIONED_RESOURCES.get(call.tf_type or "")
    if table is None or call.kind != "resource":
        return None
    engine_arg, version_arg, default = table
    stated = bool(engine_arg) and call.has(engine_arg)
    engine = literal_text(call.arg(engine_arg)) if stated else default
    version = literal_text(call.arg(version_arg))
    return EngineVersion(engine, version, stated and engine is None,
                         version is None and call.has(version_arg))
