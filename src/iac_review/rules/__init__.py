"""Rules, one module each, in one folder per id prefix; and their discovery.

Rules are found by walking this package: every module holds exactly one
``Rule`` subclass. Nothing registers itself on import.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import lru_cache

from iac_review.core.rule import Rule


@lru_cache(maxsize=1)
def all_rules() -> tuple[type[Rule], ...]:
    found: list[type[Rule]] = []
    for info in pkgutil.walk_packages(__path__, __name__ + "."):
        if info.ispkg:
            continue
        module = importlib.import_module(info.name)
        classes = [obj for _, obj in inspect.getmembers(module, inspect.isclass)
                   if issubclass(obj, Rule) and obj is not Rule
                   and obj.__module__ == module.__name__]
        if len(classes) != 1:
            raise RuntimeError(f"{info.name} must define exactly one rule, found {len(classes)}")
        found.append(classes[0])
    ids = [r.meta.id for r in found]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RuntimeError(f"duplicate rule ids: {sorted(duplicates)}")
    return tuple(sorted(found, key=lambda r: r.meta.id))


def rules_for_stage(stage: str) -> list[type[Rule]]:
    return [r for r in all_rules() if r.meta.stage == stage]


def get_rule(rule_id: str) -> type[Rule] | None:
    for rule in all_rules():
        if rule.meta.id == rule_id.upper() or rule.meta.name == rule_id:
            return rule
    return None
