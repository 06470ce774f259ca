"""Arguments the provider or the AWS API refuses in combination.

What it finds:
    Resources (and their nested blocks) that break a constraint of the
    knowledge base's `argument_constraints.yaml`: two arguments that exclude
    each other (`launch_type` with `capacity_provider_strategy` on an ECS
    service), a choice of which exactly one must be made (`cache_policy_id`
    or `forwarded_values` in a CloudFront cache behavior), an argument that
    needs another, or a setting that a value of another one requires (a
    Fargate task definition in the `awsvpc` network mode). Only what the code
    shows literally is judged: a value computed at run time is left alone.

Why it matters:
    Each argument is valid for the provider schema, so synth succeeds; the
    provider's own validation stops the plan, or the AWS API refuses the
    call at apply, often after other resources were created.

Example:
        EcsService(self, "api", cluster=cluster.id, task_definition=task.arn,
                   launch_type="FARGATE",
                   capacity_provider_strategy=[{"capacity_provider": "FARGATE_SPOT", "weight": 1}])

Use instead:
        EcsService(self, "api", cluster=cluster.id, task_definition=task.arn,
                   capacity_provider_strategy=[{"capacity_provider": "FARGATE_SPOT", "weight": 1}])

Fix safety:
    No automatic fix: which of the two settings the design meant is a choice.

References:
    https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
    https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CacheBehavior.html
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.blocks import BlockView, block_views
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.constraints import ArgumentConstraint, Condition, constraints_for

_UNKNOWN = object()


class ConflictingArguments(Rule):
    meta = RuleMeta(
        id="AWS009",
        name="conflicting-arguments",
        category="conflicting_or_incompatible_settings",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="Arguments the provider or the AWS API refuses in combination",
        why=("Models combine settings from different generations of an API (forwarded values and cache "
             "policies, launch types and capacity providers) that the schema accepts one at a time."),
        impact="Deployability: the plan or the apply fails although synth succeeds.",
        docs="https://registry.terraform.io/providers/hashicorp/aws/latest/docs",
        training_value=("Know which arguments of a resource exclude or require each other; the schema "
                        "alone does not say."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for call in ctx.calls:
            if call.kind != "resource":
                continue
            for constraint in constraints_for(call.tf_type):
                for view in block_views(call, constraint.block):
                    problem = _violation(constraint, view)
                    if problem is not None:
                        text, at = problem
                        where = f" in `{constraint.block}`" if constraint.block else ""
                        yield self.finding(
                            ctx, call.path, at.lineno,
                            f"{call.label(with_class=True)}{where}: {text}: {constraint.why}; "
                            f"the {constraint.fails_at} fails ({constraint.source})",
                            column=at.col_offset + 1,
                            fix=_advice(constraint), docs=constraint.source,
                        )


def _violation(c: ArgumentConstraint, view: BlockView) -> tuple[str, ast.AST] | None:
    given = [a for a in c.arguments if _is_set(view, a, c.truthy)]
    names = ", ".join(f"`{a}`" for a in c.arguments)
    if c.kind == "conflicts" and len(given) > 1:
        return f"{_both(given)} are set together", view.values[given[1]]
    if c.kind == "exactly_one_of" and len(given) > 1:
        return f"{_both(given)} are set together (exactly one of {names})", view.values[given[1]]
    if c.kind in ("exactly_one_of", "at_least_one_of") and not given and view.complete:
        return f"none of {names} is set", view.node
    if c.kind == "required_with" and given[:1] == [c.arguments[0]] and view.complete:
        missing = [a for a in c.arguments[1:] if a not in given]
        if missing:
            return (f"`{c.arguments[0]}` is set without {_both(missing)}", view.values[c.arguments[0]])
    if c.kind == "requires" and c.when is not None and c.require is not None:
        return _requirement_broken(c, view)
    return None


def _requirement_broken(c: ArgumentConstraint, view: BlockView) -> tuple[str, ast.AST] | None:
    holds = _holds(c.when, view)
    if holds is not True:
        return None
    condition = _describe(c.when)
    anchor = view.values.get(c.when.argument, view.node)
    if c.require.set:
        missing = [a for a in c.require.set if not _is_set(view, a, False)]
        if missing and view.complete:
            return f"with {condition}, {_both(missing)} must be set", anchor
        return None
    wanted, name = c.require.equals, c.require.argument
    actual = _literal(view.values[name]) if view.is_set(name) else c.require.default
    if actual is _UNKNOWN or actual == wanted or (actual is None and not view.complete):
        return None
    shown = "not set" if actual is None else f"`{_show(actual)}`"
    return f"with {condition}, `{name}` must be `{_show(wanted)}` (it is {shown})", \
        view.values.get(name, anchor)


def _holds(condition: Condition, view: BlockView) -> bool | None:
    """Whether the condition holds; None when the code does not say."""
    if condition.test == "set":
        return view.is_set(condition.argument)
    value = _literal(view.values[condition.argument]) if view.is_set(condition.argument) \
        else condition.default
    if value is _UNKNOWN or value is None:
        return None
    if condition.test == "equals":
        return value == condition.value
    if condition.test == "in":
        return value in condition.value
    return isinstance(value, list) and condition.value in value


def _is_set(view: BlockView, name: str, truthy: bool) -> bool:
    if not view.is_set(name):
        return False
    if truthy:
        value = _literal(view.values[name])
        return value is _UNKNOWN or bool(value)
    return True


def _literal(node: ast.AST):
    """A literal's Python value (lists of literals included); _UNKNOWN for anything computed."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple)):
        values = [_literal(e) for e in node.elts]
        return _UNKNOWN if any(v is _UNKNOWN for v in values) else values
    return _UNKNOWN


def _describe(condition: Condition) -> str:
    if condition.test == "set":
        return f"`{condition.argument}` set"
    if condition.test == "in":
        return f"`{condition.argument}` one of {', '.join(f'`{v}`' for v in condition.value)}"
    verb = "=" if condition.test == "equals" else "containing"
    return f"`{condition.argument}` {verb} `{_show(condition.value)}`"


def _show(value) -> str:
    return "true" if value is True else "false" if value is False else str(value)


def _both(names: list[str]) -> str:
    quoted = [f"`{n}`" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _advice(c: ArgumentConstraint) -> str:
    if c.kind == "conflicts":
        return f"keep one of {_both(list(c.arguments))} and remove the other"
    if c.kind == "exactly_one_of":
        return f"set exactly one of {_both(list(c.arguments))}"
    if c.kind == "at_least_one_of":
        return f"set at least one of {_both(list(c.arguments))}"
    if c.kind == "required_with":
        return f"set {_both(list(c.arguments[1:]))} together with `{c.arguments[0]}`, or neither"
    if c.require and c.require.set:
        return f"set {_both(list(c.require.set))}"
    return f"set `{c.require.argument}` to `{_show(c.require.equals)}`" if c.require else ""
