"""IAM policy documents as synthesized: statements, principals, actions.

Documents come from ``jsonencode(...)`` expressions, JSON strings or
``aws_iam_policy_document`` data sources (``TerraformGraph.policy``).
"""
from __future__ import annotations

from typing import Any


def as_dicts(value: Any) -> list[dict]:
    """A block given as one object or as a list of objects, as a list of dicts."""
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def statements(doc: dict | None) -> list[dict]:
    if not isinstance(doc, dict):
        return []
    stmts = doc.get("Statement")
    return as_dicts(stmts)


def _listed(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def principal_services(stmt: dict) -> list[str]:
    """The service principals of a statement; ``["*"]`` for a ``"*"`` principal."""
    principal = stmt.get("Principal")
    if principal == "*":
        return ["*"]
    if not isinstance(principal, dict):
        return []
    services = _listed(principal.get("Service"))
    if "*" in _listed(principal.get("AWS")):
        services.append("*")
    return services


def statement_actions(stmt: dict) -> list[str]:
    return _listed(stmt.get("Action"))


def action_allowed(actions: list[str], wanted: str) -> bool:
    """Whether an action list covers ``wanted`` (``*`` and ``svc:Prefix*`` wildcards)."""
    wanted = wanted.lower()
    for action in actions:
        action = action.lower()
        if action == "*" or action == wanted:
            return True
        if action.endswith("*") and wanted.startswith(action[:-1]):
            return True
    return False


def allows_service(doc: dict | None, matches, actions: tuple[str, ...] = ()) -> bool:
    """Whether an Allow statement names a matching service principal (or ``*``)
    and, together with the other such statements, covers every action in ``actions``."""
    covered: set[str] = set()
    named = False
    for stmt in statements(doc):
        if str(stmt.get("Effect", "Allow")).lower() != "allow":
            continue
        services = principal_services(stmt)
        if not any(s == "*" or matches(s) for s in services):
            continue
        named = True
        acts = statement_actions(stmt)
        covered.update(a for a in actions if action_allowed(acts, a))
    return named and covered >= set(actions)
