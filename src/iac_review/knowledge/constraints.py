"""Argument combinations the provider or the AWS API refuses (argument_constraints.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from iac_review.knowledge.base import KnowledgeError, entries

KINDS = ("conflicts", "exactly_one_of", "at_least_one_of", "required_with", "requires")


@dataclass(frozen=True)
class Condition:
    """`{set: name}`, or `{argument: name, equals|contains|in: value, default: value}`."""
    argument: str
    test: str                     # "set", "equals", "contains" or "in" (one of a list)
    value: object = None
    default: object = None


@dataclass(frozen=True)
class Requirement:
    """What must hold when the condition does: arguments set, or one argument's value."""
    set: tuple[str, ...] = ()
    argument: str | None = None
    equals: object = None
    default: object = None        # the value when the argument is left out (None: unknown/absent)


@dataclass(frozen=True)
class ArgumentConstraint:
    resource: str
    kind: str
    arguments: tuple[str, ...]
    block: str | None
    why: str
    source: str
    enforced_by: str              # "provider" (plan fails) or "aws_api" (apply fails)
    truthy: bool = False
    when: Condition | None = None
    require: Requirement | None = None

    @property
    def fails_at(self) -> str:
        return "plan" if self.enforced_by == "provider" else "apply"


def _condition(raw: dict) -> Condition:
    if "set" in raw:
        return Condition(str(raw["set"]), "set")
    test = next(t for t in ("equals", "contains", "in") if t in raw)
    value = tuple(raw[test]) if test == "in" else raw[test]
    return Condition(str(raw["argument"]), test, value, raw.get("default"))


def _requirement(raw: dict) -> Requirement:
    if "set" in raw:
        return Requirement(set=tuple(raw["set"]))
    return Requirement(argument=str(raw["argument"]), equals=raw.get("equals"), default=raw.get("default"))


def _constraint(entry: dict) -> ArgumentConstraint:
    kind = entry.get("kind")
    if kind not in KINDS:
        raise KnowledgeError(f"argument_constraints.yaml: unknown kind {kind!r} in {entry}")
    return ArgumentConstraint(
        resource=entry["resource"], kind=kind, arguments=tuple(entry.get("arguments") or ()),
        block=entry.get("block"), why=entry.get("why", ""), source=entry["source"],
        enforced_by=entry.get("enforced_by", "aws_api"), truthy=bool(entry.get("truthy")),
        when=_condition(entry["when"]) if entry.get("when") else None,
        require=_requirement(entry["require"]) if entry.get("require") else None,
    )


@lru_cache(maxsize=1)
def _by_resource() -> dict[str, tuple[ArgumentConstraint, ...]]:
    table: dict[str, list[ArgumentConstraint]] = {}
    for entry in entries("argument_constraints"):
        constraint = _constraint(entry)
        table.setdefault(constraint.resource, []).append(constraint)
    return {k: tuple(v) for k, v in table.items()}


def constraints_for(resource_type: str | None) -> tuple[ArgumentConstraint, ...]:
    """The constraints on one Terraform resource type (none for None)."""
    return _by_resource().get(resource_type or "", ())
