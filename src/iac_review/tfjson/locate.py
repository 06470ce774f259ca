"""From a synthesized resource back to the model's code: the construct call that made it.

Rules over cdk.tf.json report at the construct call (file and line) when one
matches the resource's construct id, else at ``cdk.tf.json`` itself.
"""
from __future__ import annotations

import ast

from iac_review.tfjson.graph import SYNTH_FILE, Resource


def locate(ctx, resource: Resource) -> tuple[str, int]:
    """Where the model wrote the construct behind ``resource``.

    The construct call whose literal construct id equals the resource's
    construct id (last segment of its construct path) and whose class has the
    resource's Terraform type; when there is not exactly one such call, the
    stack's ``cdk.tf.json`` at line 1.
    """
    call = find_call(ctx, resource)
    if call is not None:
        return call.path, call.line
    return SYNTH_FILE, 1


def find_call(ctx, resource: Resource):
    """The one construct call behind ``resource``, or None."""
    table = ctx.memo("tfjson_calls_by_id", _calls_by_id)
    candidates = table.get((resource.construct_id, resource.type), [])
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        # calls whose schema type is unknown (no index) still match by id alone
        loose = table.get((resource.construct_id, None), [])
        if len(loose) == 1:
            return loose[0]
    return None


def _calls_by_id(ctx) -> dict[tuple[str, str | None], list]:
    table: dict[tuple[str, str | None], list] = {}
    for call in ctx.calls:
        node = call.construct_id
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            table.setdefault((node.value, call.tf_type), []).append(call)
    return table


def report(rule, ctx, resource: Resource, message: str, **kwargs):
    """A finding of ``rule`` at the model's construct call behind ``resource``.

    Without one, the finding points at the stack's cdk.tf.json (line 1) and the
    message names the stack.
    """
    path, line = locate(ctx, resource)
    if path == SYNTH_FILE:
        message = f"[stack {resource.stack}] {message}"
    return rule.finding(ctx, path, line, message, **kwargs)


def label(resource: Resource) -> str:
    """How messages name a resource: its address and construct id when they differ."""
    if resource.construct_id != resource.name:
        return f"`{resource.address}` (construct \"{resource.construct_id}\")"
    return f"`{resource.address}`"
