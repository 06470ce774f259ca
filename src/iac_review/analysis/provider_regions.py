"""Which region each AwsProvider of the project uses, and which region the task wants.

Shared by the region rules (REG001 mismatch with the task, REG002 literal region):
the provider's `region=` followed to a literal through locals, parameter defaults,
`os.environ.get` fallbacks and attributes; the required region from the task's
`lib/AWS_REGION` or `metadata.json`; the regions the prompt names.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from iac_review.analysis.modules import ParsedModule
from iac_review.analysis.project import project_model
from iac_review.analysis.resources import ResourceCall
from iac_review.analysis.strings import literal_text
from iac_review.analysis.values import Assignments, follow
from iac_review.knowledge.regions import find_regions, is_region
from iac_review.parse.reading import read_text

_PROVIDER = "AwsProvider"
_ENV_READERS = frozenset({"getenv", "environ"})
_MAX_DEPTH = 6


# --------------------------------------------------------------------------- shared facts
# Shared with REG002 (region_hardcoded_in_stack). It belongs in
# analysis/provider_regions.py; kept here because this family may not add shared
# modules (see the report).

@dataclass(frozen=True)
class ProviderRegion:
    """Where one `AwsProvider` takes its region from."""

    call: ResourceCall
    aliased: bool
    source: str            # literal, parameter, environment, absent, unknown
    region: str | None     # the region it deploys to when nothing overrides it
    via: str               # how it was read, for messages
    node: ast.AST | None   # the region argument as written
    in_stack: str          # ``source`` read from the stack code alone (entry point ignored)

    @property
    def is_default(self) -> bool:
        return not self.aliased


def provider_regions(ctx) -> list[ProviderRegion]:
    """Every `AwsProvider` of the stack code (test files excluded), in file order."""
    return ctx.memo("provider_regions", _provider_regions)


def default_providers(regions: list[ProviderRegion]) -> list[ProviderRegion]:
    """The providers resources use without `provider=`: the unaliased ones, else (all
    aliased) every provider, since then each resource picks one explicitly."""
    unaliased = [r for r in regions if r.is_default]
    return unaliased or regions


def _provider_regions(ctx) -> list[ProviderRegion]:
    model = project_model(ctx)
    tests = set(model.tests)
    out = []
    for call in ctx.calls_of(_PROVIDER):
        if call.path in tests or call.kind not in ("provider", "unknown"):
            continue
        aliased = call.has("alias") and not _is_none(call.arg_node("alias"))
        node = call.arg_node("region")
        if node is None:
            source, region, via = ("unknown", None, "`**kwargs`") if call.has_spread else \
                ("absent", None, "no `region=`")
            in_stack = source
        else:
            source, region, via = _Resolver(ctx, call).resolve(node)
            in_stack = _Resolver(ctx, call, use_entry=False).resolve(node)[0]
        out.append(ProviderRegion(call, aliased, source, region, via, node, in_stack))
    return out


class _Resolver:
    """Reads the region an expression stands for when nothing overrides it."""

    def __init__(self, ctx, call: ResourceCall, use_entry: bool = True,
                 module: ParsedModule | None = None, assignments: Assignments | None = None):
        self.ctx = ctx
        self.call = call
        self.use_entry = use_entry
        self.module = module or call.module
        self.assignments = assignments or call.assignments or Assignments({})

    def resolve(self, expr: ast.AST, depth: int = 0) -> tuple[str, str | None, str]:
        if depth > _MAX_DEPTH:
            return "unknown", None, ast.unparse(expr)[:60]
        value = follow(expr, self.module, self.assignments)
        shown = ast.unparse(value)[:60]
        text = literal_text(value)
        if text is not None:
            return "literal", text, f"\"{text}\""
        if isinstance(value, ast.Constant) and value.value is None:
            return "absent", None, "None"
        if isinstance(value, ast.Call):
            return self._call(value, shown, depth)
        if isinstance(value, ast.BoolOp) and isinstance(value.op, ast.Or) and value.values:
            first = self.resolve(value.values[0], depth + 1)
            last = self.resolve(value.values[-1], depth + 1)
            if first[0] in ("parameter", "environment") and last[0] == "literal":
                return first[0], last[1], f"`{shown}`"
            return "unknown", None, f"`{shown}`"
        if isinstance(value, ast.Subscript) and _reads_environ(value.value):
            return "environment", None, f"`{shown}`"
        if isinstance(value, ast.Name):
            return self._parameter(value, shown, depth)
        if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) \
                and value.value.id == "self":
            return self._self_attribute(value, shown, depth)
        return "unknown", None, f"`{shown}`"

    def _call(self, value: ast.Call, shown: str, depth: int) -> tuple[str, str | None, str]:
        func = value.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) \
            else None
        if name not in ("get", "getenv"):
            return "unknown", None, f"`{shown}`"
        env = name == "getenv" or (isinstance(func, ast.Attribute) and _reads_environ(func.value))
        source = "environment" if env else "parameter"
        default = value.args[1] if len(value.args) > 1 else next(
            (kw.value for kw in value.keywords if kw.arg == "default"), None)
        if source == "parameter" and value.args:
            passed = self._passed_by_entry(literal_text(value.args[0]), depth)
            if passed is not None:
                return passed
        if default is None:
            return source, None, f"`{shown}`"
        resolved = self.resolve(default, depth + 1)
        if resolved[0] == "literal":
            return source, resolved[1], f"`{shown}`"
        return resolved[0] if resolved[0] != "absent" else source, resolved[1], f"`{shown}`"

    def _parameter(self, name: ast.Name, shown: str, depth: int) -> tuple[str, str | None, str]:
        func = self.module.enclosing_function(name)
        args = getattr(func, "args", None)
        if not isinstance(args, ast.arguments):
            return "unknown", None, f"`{shown}`"
        positional = args.posonlyargs + args.args
        defaults: dict[str, ast.AST | None] = {a.arg: None for a in positional + args.kwonlyargs}
        for arg, default in zip(positional[len(positional) - len(args.defaults):], args.defaults,
                                strict=False):
            defaults[arg.arg] = default
        for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=False):
            defaults[arg.arg] = default
        if name.id not in defaults:
            return "unknown", None, f"`{shown}`"
        if getattr(func, "name", None) == "__init__":
            passed = self._passed_by_entry(name.id, depth)
            if passed is not None:
                return passed
        default = defaults[name.id]
        if default is None:
            return "parameter", None, f"parameter `{name.id}`"
        resolved = self.resolve(default, depth + 1)
        region = resolved[1] if resolved[0] == "literal" else None
        return "parameter", region, f"parameter `{name.id}` (default `{ast.unparse(default)[:40]}`)"

    def _self_attribute(self, attr: ast.Attribute, shown: str, depth: int) -> tuple[str, str | None, str]:
        cls = self.module.parent(self.module.enclosing_function(attr))
        if not isinstance(cls, ast.ClassDef):
            return "unknown", None, f"`{shown}`"
        values = []
        for node in ast.walk(cls):
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Attribute) and target.attr == attr.attr \
                            and isinstance(target.value, ast.Name) and target.value.id == "self" \
                            and node.value is not None:
                        values.append(node.value)
        if len(values) != 1:
            return "unknown", None, f"`{shown}`"
        source, region, via = self.resolve(values[0], depth + 1)
        return source, region, via if source != "literal" else f"`{shown}` = {via}"

    def _passed_by_entry(self, key: str | None, depth: int) -> tuple[str, str | None, str] | None:
        """What the project's own entry point passes for a stack parameter, when it passes it."""
        if not key or not self.use_entry:
            return None
        cls = self._stack_class()
        if cls is None:
            return None
        for stack_call in project_model(self.ctx).stack_calls:
            if stack_call.in_test or stack_call.stack.node is not cls:
                continue
            kw = next((k for k in stack_call.node.keywords if k.arg == key), None)
            if kw is None:
                continue
            module = stack_call.module
            assignments = self.ctx.memo(f"provider_regions:assignments:{module.path}",
                                        lambda _c, m=module: Assignments.collect(m))
            resolver = _Resolver(self.ctx, self.call, False, module, assignments)
            source, region, via = resolver.resolve(kw.value, depth + 1)
            if source in ("literal", "environment") or region:
                return source, region, f"`{key}={ast.unparse(kw.value)[:50]}` in {stack_call.path}"
            return None
        return None

    def _stack_class(self) -> ast.ClassDef | None:
        node = self.module.parent(self.module.enclosing_function(self.call.node))
        return node if isinstance(node, ast.ClassDef) else None


def _reads_environ(expr: ast.AST) -> bool:
    return (isinstance(expr, ast.Attribute) and expr.attr in _ENV_READERS) or \
        (isinstance(expr, ast.Name) and expr.id in _ENV_READERS)


def _is_none(expr: ast.AST | None) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is None


def prompt_regions(ctx) -> frozenset[str] | None:
    """Regions the task's prompt names (availability zones excluded); None without a prompt."""
    return ctx.memo("provider_regions:prompt", _prompt_regions)


def _prompt_regions(ctx) -> frozenset[str] | None:
    text = ctx.project.prompt_text
    if text is None:
        return None
    return frozenset(region for region, _, zone in find_regions(text) if not zone)


def required_region(ctx) -> tuple[str, str] | None:
    """(region, where it is stated) the task requires, or None."""
    return ctx.memo("provider_regions:required", _required_region)


def _required_region(ctx) -> tuple[str, str] | None:
    text = _aws_region_file(ctx)
    if text is not None and is_region(text):
        return text, "lib/AWS_REGION"
    metadata = ctx.project.metadata
    region = metadata.get("region") if isinstance(metadata, dict) else None
    if isinstance(region, str) and is_region(region.strip()):
        return region.strip(), "metadata.json"
    return None


def _aws_region_file(ctx) -> str | None:
    """The harness's ``lib/AWS_REGION``: a project file (from an answer), else the task
    folder's own file (the loader does not collect files without a suffix)."""
    source = ctx.project.files.get("lib/AWS_REGION")
    if source is not None:
        return source.text.strip()
    if not ctx.project.task_dir:
        return None
    root = Path(ctx.project.task_dir)
    text = read_text(root / "lib" / "AWS_REGION", "lib/AWS_REGION", 64, [], root=root)
    return text.strip() if text is not None else None


# --------------------------------------------------------------------------- the rule
