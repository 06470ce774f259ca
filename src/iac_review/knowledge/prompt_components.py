"""How prompts name AWS components, and the resource types that provide each (prompt_components.yaml)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from iac_review.knowledge.base import entries


@dataclass(frozen=True)
class Component:
    name: str
    pattern: re.Pattern          # every phrase, as one alternation on word boundaries
    types: tuple[str, ...]       # resource types; "data.<type>" for data sources
    arguments: tuple[str, ...]   # or: any resource setting one of these provides it
    # For "Use <component> for ...": IAM actions whose grant shows the workload uses it.
    use_actions: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def components() -> tuple[Component, ...]:
    found = []
    for entry in entries("prompt_components"):
        phrases = "|".join(f"(?:{p})" for p in entry["phrases"])
        found.append(Component(entry["name"], re.compile(rf"\b(?:{phrases})\b", re.IGNORECASE),
                               tuple(entry["types"]), tuple(entry.get("or_arguments") or ()),
                               tuple(entry.get("use_actions") or ())))
    return tuple(found)
