"""IAM policy statements as the code writes them, whatever the form.

A statement reaches AWS from a dict given to `json.dumps` / `Fn.jsonencode` /
`policy=`, from a JSON string literal, or from a `DataAwsIamPolicyDocument`
(statements as dicts or `DataAwsIamPolicyDocumentStatement` calls).
``policy_statements`` gives each one, with its effect, its literal actions
and resources, and whether it names a principal (a resource policy).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Iterator

from iac_review.analysis.strings import template
from iac_review.analysis.values import Assignments, follow
from iac_review.parse import json_text

_MARKERS = ("Statement", "DataAwsIamPolicyDocument")


@dataclass(frozen=True)
class PolicyStatement:
    path: str
    node: ast.AST                 # where to report: the actions, or the JSON string
    allow: bool
    actions: tuple[str, ...]      # the literal actions (computed ones left out)
    resources: tuple[str, ...]    # the literal resources (computed ones left out)
    has_principal: bool           # a resource policy (key, bucket, queue policy ...)
    # The resources with each formatted part of an f-string as "{}" ("arn:aws:s3:::logs-*-{}").
    resource_templates: tuple[str, ...] = ()
    condition_keys: tuple[str, ...] = ()  # the context keys of its Condition, lower case


def policy_statements(ctx) -> list[PolicyStatement]:
    """Every IAM policy statement of the project whose actions and resources the code shows."""
    return ctx.memo("policy_statements", _collect)


def _collect(ctx) -> list[PolicyStatement]:
    found: list[PolicyStatement] = []
    for module in ctx.modules:
        if module.tree is None or not any(m in module.source.text for m in _MARKERS):
            continue
        calls = [c for c in ctx.calls if c.path == module.path]
        assignments = calls[0].assignments if calls and calls[0].assignments else Assignments.collect(module)
        seen: set[int] = set()
        for node in module.walk():
            if isinstance(node, ast.Dict):
                for statement in _document_statements(node, module, assignments):
                    if id(statement) not in seen:
                        seen.add(id(statement))
                        found.extend(_dict_statement(module, statement, assignments))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and '"Statement"' in node.value:
                found.extend(_json_string(module, node))
        for call in calls:
            if call.class_name == "DataAwsIamPolicyDocumentStatement":
                found.extend(_typed_statement(call))
            elif call.class_name == "DataAwsIamPolicyDocument":
                found.extend(_document_call(call))
    return found


def _dict_statement(module, statement: ast.Dict, assignments) -> Iterator[PolicyStatement]:
    items = _items(statement)
    effect = follow(items["Effect"], module, assignments) if "Effect" in items else None
    actions = _strings(items.get("Action"), module, assignments)
    resources = _strings(items.get("Resource"), module, assignments)
    if actions is None or resources is None:
        return
    allow = isinstance(effect, ast.Constant) and effect.value == "Allow"
    yield PolicyStatement(module.path, items["Action"], allow, tuple(actions), tuple(resources),
                          "Principal" in items,
                          _templates(items.get("Resource"), module, assignments),
                          _condition_keys(items.get("Condition"), module, assignments))


def _json_string(module, node: ast.Constant) -> Iterator[PolicyStatement]:
    text = node.value.strip()
    if not text.startswith("{"):
        return
    try:
        document = json_text.loads(text)
    except ValueError:
        return
    statements = document.get("Statement") if isinstance(document, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        return
    for statement in statements:
        if not isinstance(statement, dict):
            continue
        actions, resources = _json_list(statement.get("Action")), _json_list(statement.get("Resource"))
        if actions is None or resources is None:
            continue
        condition = statement.get("Condition")
        keys = tuple(k.lower() for block in condition.values() if isinstance(block, dict)
                     for k in block) if isinstance(condition, dict) else ()
        yield PolicyStatement(module.path, node, statement.get("Effect") == "Allow", tuple(actions),
                              tuple(resources), "Principal" in statement, tuple(resources), keys)


def _document_call(call) -> Iterator[PolicyStatement]:
    value = call.arg("statement")
    if value is None:
        return
    elements = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
    for element in elements:
        element = call.value(element)
        if not isinstance(element, ast.Dict):
            continue  # typed statements are calls of their own
        items = _items(element)
        effect = _strings(items.get("effect"), call.module, call.assignments)
        if "effect" in items and effect is None:
            continue
        actions = _strings(items.get("actions"), call.module, call.assignments)
        resources = _strings(items.get("resources"), call.module, call.assignments)
        if actions is None or resources is None:
            continue
        yield PolicyStatement(call.path, items["actions"], effect in (None, ["Allow"]), tuple(actions),
                              tuple(resources), "principals" in items,
                              _templates(items.get("resources"), call.module, call.assignments),
                              _variables(items.get("condition"), call))


def _typed_statement(call) -> Iterator[PolicyStatement]:
    effect = _strings(call.arg("effect"), call.module, call.assignments) if call.has("effect") else None
    if call.has("effect") and effect is None:
        return
    actions = _strings(call.arg("actions"), call.module, call.assignments)
    resources = _strings(call.arg("resources"), call.module, call.assignments)
    if actions is None or resources is None:
        return
    yield PolicyStatement(call.path, call.arg_node("actions"), effect in (None, ["Allow"]), tuple(actions),
                          tuple(resources), call.has("principals"),
                          _templates(call.arg("resources"), call.module, call.assignments),
                          _variables(call.arg("condition"), call))


def _document_statements(node: ast.Dict, module, assignments) -> list[ast.Dict]:
    """Statement dicts of a policy document dict (one with a "Statement" key)."""
    value = _items(node).get("Statement")
    if value is None:
        return []
    value = follow(value, module, assignments)
    elements = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
    found = []
    for element in elements:
        element = follow(element, module, assignments)
        if isinstance(element, ast.Dict):
            found.append(element)
    return found


def _items(node: ast.Dict) -> dict[str, ast.AST]:
    return {k.value: v for k, v in zip(node.keys, node.values, strict=True)
            if isinstance(k, ast.Constant) and isinstance(k.value, str)}


def _strings(value: ast.AST | None, module, assignments) -> list[str] | None:
    """A literal string or list of strings (non-literal elements are left out); None when unknown."""
    if value is None:
        return None
    if assignments is not None:
        value = follow(value, module, assignments)
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [value.value]
    if isinstance(value, (ast.List, ast.Tuple)):
        out = []
        for element in value.elts:
            if assignments is not None:
                element = follow(element, module, assignments)
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                out.append(element.value)
        return out
    return None


def _templates(value: ast.AST | None, module, assignments) -> tuple[str, ...]:
    """Every string of a resource value, f-strings with their formatted parts as "{}"."""
    if value is None:
        return ()
    if assignments is not None:
        value = follow(value, module, assignments)
    elements = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
    out = []
    for element in elements:
        if assignments is not None:
            element = follow(element, module, assignments)
        text = template(element)
        if text is not None:
            out.append(text)
    return tuple(out)


def _condition_keys(value: ast.AST | None, module, assignments) -> tuple[str, ...]:
    """The context keys of a Condition dict ({"StringEquals": {"s3:ResourceAccount": ...}})."""
    if value is None:
        return ()
    if assignments is not None:
        value = follow(value, module, assignments)
    if not isinstance(value, ast.Dict):
        return ()
    keys = []
    for block in value.values:
        if assignments is not None:
            block = follow(block, module, assignments)
        if isinstance(block, ast.Dict):
            keys.extend(k.value.lower() for k in block.keys
                        if isinstance(k, ast.Constant) and isinstance(k.value, str))
    return tuple(keys)


def _variables(value: ast.AST | None, call) -> tuple[str, ...]:
    """The `variable` of each condition of a policy-document statement (dicts or typed calls)."""
    if value is None:
        return ()
    value = call.value(value)
    elements = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
    keys = []
    for element in elements:
        element = call.value(element)
        variable = None
        if isinstance(element, ast.Dict):
            variable = _items(element).get("variable")
        elif isinstance(element, ast.Call):
            variable = next((k.value for k in element.keywords if k.arg == "variable"), None)
        if isinstance(variable, ast.Constant) and isinstance(variable.value, str):
            keys.append(variable.value.lower())
    return tuple(keys)


def _json_list(value) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return None
