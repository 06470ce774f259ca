"""The project facts the name, hardcoding and backend rules share.

Which identifiers carry the environment suffix or a globally unique part,
how a name expression resolves, and which resource calls are the project's
own. Reading single expressions is in ``analysis/expressions.py``.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import cached_property

from iac_review.analysis.expressions import (LOOKUPS, STR_METHODS, call_name, code_modules, enclosing_class, idents,
                                             is_self_attr, resource_type, string_idents, terraform_refs)
from iac_review.analysis.modules import ParsedModule
from iac_review.analysis.strings import pieces
from iac_review.analysis.values import Assignments, follow
from iac_review.knowledge.names import name_args

# Words that make an identifier carry the deployment's identity: the
# environment suffix and its usual spellings (environment, env, stage,
# workspace), and identifiers derived from the stack id.
SUFFIX_WORDS = ("suffix", "env", "stage", "workspace")
SUFFIX_NAMES = frozenset({"construct_id", "stack_id", "stack_name", "id", "ns", "namespace"})
# Words that make an identifier globally unique (S3 names): the account id,
# a random or generated token.
UNIQUE_WORDS = ("account", "caller", "random", "uuid", "unique", "hex", "hash", "digest",
                "nonce", "timestamp")
UNIQUE_NAMES = frozenset()

# Parameter names / environment variables that show a project has an environment suffix.
SUFFIX_PARAMS = frozenset({"environment", "env", "environment_name", "env_name", "stage"})
SUFFIX_ENV_VARS = frozenset({"ENVIRONMENT_SUFFIX", "ENV_SUFFIX", "ENVIRONMENT", "ENV", "STAGE"})

_PLAIN_BUILTINS = frozenset({"str", "int", "len", "range", "enumerate"})



@dataclass
class _Scan:
    assignments: list[tuple[str, ast.AST]] = field(default_factory=list)
    self_attrs: dict[tuple[int, str], list[ast.AST]] = field(default_factory=dict)
    functions: dict[str, list[ast.FunctionDef]] = field(default_factory=dict)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    class_defs: list[tuple[ParsedModule, ast.ClassDef]] = field(default_factory=list)
    calls: list[ast.Call] = field(default_factory=list)
    module_calls: list[tuple[ParsedModule, ast.Call]] = field(default_factory=list)
    dicts: list[tuple[ParsedModule, ast.Dict]] = field(default_factory=list)
    dict_items: list[tuple[str, ast.AST]] = field(default_factory=list)
    loops: list[tuple[ParsedModule, ast.For]] = field(default_factory=list)
    strings: dict[str, list[ast.AST]] = field(default_factory=dict)
    params: set[str] = field(default_factory=set)
    env_reads: set[str] = field(default_factory=set)


def project_facts(ctx) -> "ProjectFacts":
    """The ProjectFacts of a review, shared by the name, hardcoding and backend rules."""
    return ctx.memo("project_facts", lambda c: ProjectFacts(c.modules, c.calls))


class ProjectFacts:
    """Facts about the project's application code, computed on first use
    from one walk over each module."""

    def __init__(self, modules: list[ParsedModule], calls=()):
        self.modules = code_modules(modules)
        self.memo: dict[str, object] = {}      # other families' per-project results
        self._tables: dict[str, Assignments] = {}
        for call in calls:     # the construct collector already built these
            if call.assignments is not None:
                self._tables.setdefault(call.path, call.assignments)

    @cached_property
    def scan(self) -> _Scan:
        scan = _Scan()
        for module in self.modules:
            strings: list[ast.AST] = []
            scan.strings[module.path] = strings
            for node in module.walk():
                if isinstance(node, ast.Constant):
                    if isinstance(node.value, str):
                        strings.append(node)
                elif isinstance(node, ast.JoinedStr):
                    strings.append(node)
                elif isinstance(node, ast.Call):
                    scan.calls.append(node)
                    scan.module_calls.append((module, node))
                    name = call_name(node.func)
                    if name in ("get", "getenv") and node.args and isinstance(
                            node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                        scan.env_reads.add(node.args[0].value)
                elif isinstance(node, ast.Dict):
                    scan.dicts.append((module, node))
                    for key, value in zip(node.keys, node.values, strict=True):
                        if isinstance(key, ast.Constant) and isinstance(key.value, str):
                            scan.dict_items.append((key.value, value))
                elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                    self._assignment(module, node, scan)
                elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    scan.functions.setdefault(node.name, []).append(node)
                    args = node.args
                    for arg in args.posonlyargs + args.args + args.kwonlyargs:
                        scan.params.add(arg.arg)
                elif isinstance(node, ast.ClassDef):
                    scan.classes.setdefault(node.name, node)
                    scan.class_defs.append((module, node))
                elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) \
                        and isinstance(node.slice.value, str):
                    scan.env_reads.add(node.slice.value)
                elif isinstance(node, ast.For):
                    scan.loops.append((module, node))
        return scan

    @staticmethod
    def _assignment(module: ParsedModule, node: ast.AST, scan: _Scan) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        value = node.value
        if value is None:
            return
        for target in targets:
            if isinstance(target, ast.Name):
                scan.assignments.append((target.id, value))
            elif isinstance(target, ast.Attribute):
                scan.assignments.append((target.attr, value))
                if is_self_attr(target):
                    owner = enclosing_class(module, node)
                    if owner is not None:
                        scan.self_attrs.setdefault((id(owner), target.attr), []).append(value)

    def table(self, module: ParsedModule) -> Assignments:
        """The module's local assignments (shared with the construct collector)."""
        table = self._tables.get(module.path)
        if table is None:
            table = self._tables[module.path] = Assignments.collect(module)
        return table

    # -- does the project have an environment suffix at all? -----------------
    @cached_property
    def suffix_sources(self) -> list[str]:
        """Where the environment suffix comes from (parameters, env vars); empty: none."""
        scan = self.scan
        found = sorted(p for p in scan.params if "suffix" in p.lower() or p in SUFFIX_PARAMS)
        found += sorted(k for k in scan.env_reads
                        if k in SUFFIX_ENV_VARS or "suffix" in k.lower())
        return found

    @property
    def has_suffix(self) -> bool:
        return bool(self.suffix_sources)

    # -- carriers ---------------------------------------------------------------
    @cached_property
    def suffix_carriers(self) -> frozenset[str]:
        return self._carriers(SUFFIX_WORDS, SUFFIX_NAMES)

    @cached_property
    def unique_carriers(self) -> frozenset[str]:
        return self._carriers(UNIQUE_WORDS, UNIQUE_NAMES)

    @cached_property
    def _edges(self) -> list[tuple[str, frozenset[str]]]:
        """(receiver, identifiers its string value is built from) for every flow of a
        value into a name: assignments, dict items, arguments of project classes and
        functions, function results."""
        scan = self.scan
        project = set(scan.classes) | set(scan.functions)
        pairs: list[tuple[str, ast.AST]] = list(scan.assignments) + list(scan.dict_items)
        for call in scan.calls:
            if call_name(call.func) not in project:
                continue
            pairs.extend((kw.arg, kw.value) for kw in call.keywords if kw.arg)
            pairs.extend(zip(self._positional_params(call), call.args, strict=False))
        for name, defs in scan.functions.items():
            for fn in defs:
                for node in ast.walk(fn):
                    if isinstance(node, ast.Return) and node.value is not None:
                        pairs.append((name, node.value))
        edges = []
        for target, value in pairs:
            found = string_idents(value, project)
            if found:
                edges.append((target, frozenset(found)))
        return edges

    def _carriers(self, words: tuple[str, ...], names: frozenset[str]) -> frozenset[str]:
        """Identifiers that carry a word's meaning through string values (to a fixed
        point). Construct objects (``KmsKey(self, f"key-{suffix}")``) do not carry names."""
        derived: set[str] = set()
        matched: dict[str, bool] = {}

        def match(name: str) -> bool:
            hit = matched.get(name)
            if hit is None:
                hit = matched[name] = _matches(name, words, names)
            return hit

        edges = [(t, ids) for t, ids in self._edges if not match(t)]
        for _ in range(6):
            before = len(derived)
            for target, found in edges:
                if target not in derived and any(match(n) or n in derived for n in found):
                    derived.add(target)
            if len(derived) == before:
                break
        return frozenset(derived)

    def _positional_params(self, call: ast.Call) -> list[str]:
        """Parameter names of a project class / function for positional arguments."""
        name = call_name(call.func)
        if name is None or not call.args:
            return []
        scan = self.scan
        fn: ast.FunctionDef | None = None
        if name in scan.classes:
            fn = next((b for b in scan.classes[name].body if isinstance(b, ast.FunctionDef)
                       and b.name == "__init__"), None)
        elif name in scan.functions and len(scan.functions[name]) == 1:
            fn = scan.functions[name][0]
        if fn is None:
            return []
        params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
        if params and params[0] in ("self", "cls"):
            params = params[1:]
        return params

    # -- resolving a name expression ------------------------------------------
    def resolve(self, module: ParsedModule, expr: ast.AST, depth: int = 0) -> ast.AST:
        """Follow local names and ``self.x`` attributes to the assigned value."""
        while depth < 6:
            depth += 1
            if isinstance(expr, ast.Name):
                target = follow(expr, module, self.table(module))
                if target is expr:
                    return expr
                expr = target
            elif is_self_attr(expr):
                owner = enclosing_class(module, expr)
                values = self.scan.self_attrs.get((id(owner), expr.attr)) if owner else None
                if not values or len(values) != 1 or values[0] is expr:
                    return expr
                expr = values[0]
            else:
                return expr
        return expr

    def status(self, module: ParsedModule, expr: ast.AST, kind: str) -> str:
        """``ok`` (carries the word), ``missing`` (certainly does not) or ``unknown``.

        ``kind`` is "suffix" or "unique".
        """
        words, names, derived = ((SUFFIX_WORDS, SUFFIX_NAMES, self.suffix_carriers)
                                 if kind == "suffix"
                                 else (UNIQUE_WORDS, UNIQUE_NAMES, self.unique_carriers))

        def carries(node: ast.AST) -> bool:
            return any(_matches(n, words, names) or n in derived for n in idents(node))

        value = self.resolve(module, expr)
        if carries(value):
            return "ok"
        parts = pieces(value)
        if parts is None:
            if _is_str_method_call(value):
                return self.status(module, value.func.value, kind)
            return "unknown"
        unknown = False
        for part in parts:
            if part.expr is None:
                # a Terraform interpolation in the text ("${random_id.x.hex}")
                for inner in terraform_refs(part.text):
                    if any(_matches(n, words, names) for n in re.findall(r"\w+", inner)):
                        return "ok"
                    unknown = True
                continue
            target = self.resolve(module, part.expr)
            if carries(target):
                return "ok"
            if target is not part.expr and pieces(target) is not None:
                inner = self.status(module, target, kind)
                if inner == "ok":
                    return "ok"
                unknown = unknown or inner == "unknown"
            elif _opaque(target):
                unknown = True      # a call whose result we cannot read
        return "unknown" if unknown else "missing"

    def suffix_hint(self, module: ParsedModule, node: ast.AST) -> str:
        """The suffix identifier to suggest in a fix, as seen from ``node``."""
        owner = enclosing_class(module, node)
        if owner is not None:
            for key, _ in self.scan.self_attrs.items():
                if key[0] == id(owner) and "suffix" in key[1]:
                    return f"self.{key[1]}"
        function = module.enclosing_function(node)
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for arg in function.args.args + function.args.kwonlyargs:
                if "suffix" in arg.arg:
                    return arg.arg
        return "environment_suffix"


def _matches(name: str, words: tuple[str, ...], names: frozenset[str]) -> bool:
    lowered = name.lower()
    return name in names or any(word in lowered for word in words)


def _is_str_method_call(expr: ast.AST) -> bool:
    return (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute)
            and expr.func.attr in STR_METHODS)


def _opaque(expr: ast.AST) -> bool:
    """Whether an expression holds a call whose result we cannot read (lookups such
    as ``kwargs.get("x")`` / ``os.getenv("X")`` are inputs, not opaque)."""
    for node in ast.walk(expr):
        if isinstance(node, ast.Call):
            name = call_name(node.func)
            if name not in STR_METHODS and name not in _PLAIN_BUILTINS \
                    and name not in LOOKUPS:
                return True
    return False


def own_resource_calls(ctx, facts: "ProjectFacts"):
    """Resource calls (or calls of unknown provider classes) in the project's own code."""
    code = {m.path for m in facts.modules}
    for call in ctx.calls:
        if call.path in code and call.kind in ("resource", "unknown"):
            yield call


def physical_name_args(ctx, facts: "ProjectFacts"):
    """(call, terraform type, name-table entry, value node) for every physical-name
    argument of the project's own resource calls, in call order (NM001, NM003, NM004)."""
    for call in own_resource_calls(ctx, facts):
        tf_type = resource_type(call)
        for entry in name_args(tf_type):
            node = call.arg_node(entry.arg)
            if entry.physical and node is not None:
                yield call, tf_type, entry, node
