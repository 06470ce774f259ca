"""State backend rules.

This package module holds the backend facts the rules of the family share
(rule modules hold exactly one rule each): the project's stack classes, its
backend constructs and its ``add_override("terraform.backend...")`` calls.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cached_property

from iac_review.analysis.modules import ParsedModule
from iac_review.analysis.strings import literal_text
from iac_review.knowledge.backend import REMOTE_BACKEND_CLASSES, REMOTE_BACKEND_TYPES
from iac_review.analysis.expressions import call_name
from iac_review.analysis.project_facts import ProjectFacts, project_facts

STACK_BASE = "TerraformStack"


@dataclass(frozen=True)
class StackClass:
    module: ParsedModule
    node: ast.ClassDef


@dataclass(frozen=True)
class BackendUse:
    module: ParsedModule
    node: ast.Call
    kind: str                    # a backend class name, or "override"
    remote: bool


@dataclass(frozen=True)
class Override:
    module: ParsedModule
    node: ast.Call
    path: str                    # "terraform.backend.s3.use_lockfile"
    value: ast.AST | None


def backend_facts(ctx) -> "BackendFacts":
    """The BackendFacts of a review context, shared by the backend rules."""
    return ctx.memo("backend_facts", lambda c: BackendFacts(project_facts(c)))


class BackendFacts:
    def __init__(self, facts: ProjectFacts):
        self.facts = facts

    @cached_property
    def _scan(self) -> tuple[list[StackClass], list[BackendUse], list[Override]]:
        scan = self.facts.scan
        backends: list[BackendUse] = []
        overrides: list[Override] = []
        for module, node in scan.module_calls:
            name = call_name(node.func)
            if name in REMOTE_BACKEND_CLASSES or name == "LocalBackend":
                backends.append(BackendUse(module, node, name, name in REMOTE_BACKEND_CLASSES))
            elif name == "add_override" and node.args:
                path = literal_text(node.args[0])
                if path and path.startswith("terraform.backend"):
                    value = node.args[1] if len(node.args) > 1 else None
                    overrides.append(Override(module, node, path, value))
                    backends.append(BackendUse(module, node, "override",
                                               _remote_override(path, value)))
        return _stacks(scan.class_defs), backends, overrides

    @property
    def stacks(self) -> list[StackClass]:
        return self._scan[0]

    @property
    def backends(self) -> list[BackendUse]:
        return self._scan[1]

    @property
    def overrides(self) -> list[Override]:
        return self._scan[2]

    @cached_property
    def required_version(self) -> str | None:
        """The Terraform version constraint the project declares (an override of
        ``terraform.required_version``), when it is a literal; None otherwise."""
        for _module, node in self.facts.scan.module_calls:
            if call_name(node.func) != "add_override" or len(node.args) < 2:
                continue
            path, value = literal_text(node.args[0]), node.args[1]
            if path == "terraform" and isinstance(value, ast.Dict):
                value = next((v for k, v in zip(value.keys, value.values, strict=True)
                              if k is not None and literal_text(k) == "required_version"), None)
            elif path != "terraform.required_version":
                continue
            text = literal_text(value) if value is not None else None
            if text:
                return text
        return None

    def stack_of(self, module: ParsedModule, node: ast.AST) -> ast.ClassDef | None:
        """The stack class whose body holds ``node``, if any."""
        stack_nodes = {id(s.node) for s in self.stacks}
        current = module.parent(node)
        while current is not None:
            if isinstance(current, ast.ClassDef) and id(current) in stack_nodes:
                return current
            current = module.parent(current)
        return None


def _base_name(base: ast.AST) -> str | None:
    if isinstance(base, ast.Name):
        return base.id
    if isinstance(base, ast.Attribute):
        return base.attr
    return None


def _stacks(classes: list[tuple[ParsedModule, ast.ClassDef]]) -> list[StackClass]:
    """Classes deriving from TerraformStack, directly or through project classes."""
    stack_names = {STACK_BASE}
    changed = True
    while changed:
        changed = False
        for _, node in classes:
            if node.name not in stack_names and any(_base_name(b) in stack_names
                                                    for b in node.bases):
                stack_names.add(node.name)
                changed = True
    return [StackClass(m, n) for m, n in classes
            if n.name != STACK_BASE and any(_base_name(b) in stack_names for b in n.bases)]


def _remote_override(path: str, value: ast.AST | None) -> bool:
    parts = path.split(".")
    if len(parts) >= 3:
        return parts[2] in REMOTE_BACKEND_TYPES
    if isinstance(value, ast.Dict):
        return any(isinstance(k, ast.Constant) and k.value in REMOTE_BACKEND_TYPES
                   for k in value.keys)
    return value is not None
