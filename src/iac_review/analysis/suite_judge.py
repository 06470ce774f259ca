"""Whether one test function checks anything: the reading behind TST001.

A test checks something when an assertion depends on the synthesized
configuration (or on an AWS call, a raised exception, a helper that asserts).
Assertions on the constructed stack object, constants, matchers whose result
is dropped, skips and TODO bodies check nothing; ``verdict`` says which.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from iac_review.analysis.project import project_model
from iac_review.analysis.suite_collection import CollectedTest, SuiteFile, dotted, fixtures

STACK, SYNTH, AWS = "stack", "synth", "aws"
#: calls whose result is the synthesized configuration
_SYNTH_CALLS = frozenset({"synth", "full_synth", "synth_scope", "synth_hcl", "to_terraform"})
#: cdktf's Python matchers: they return a bool and never raise
_MATCHERS = frozenset({
    "to_have_resource", "to_have_resource_with_properties", "to_have_data_source",
    "to_have_data_source_with_properties", "to_have_provider",
    "to_have_provider_with_properties", "to_be_valid_terraform"})
#: assertion methods that raise on a mismatch (AWS CDK's Template, when a test uses it)
_RAISING_METHODS = frozenset({
    "has_resource_properties", "has_resource", "resource_count_is", "has_output",
    "template_matches", "has_mapping", "has_condition", "has_parameter", "all_resources"})
_TRIVIAL_METHODS = frozenset({"assertIsNotNone", "assertTrue", "assertIsInstance"})
_CHECK_NAME = re.compile(r"^_*(assert|check|verify|validate|expect|ensure)")
_SETUP_METHODS = ("setUp", "setUpClass", "setup_method", "setup_class", "setup", "__init__")
_SKIP_CALLS = frozenset({"pytest.skip", "self.skipTest", "cls.skipTest", "pytest.xfail",
                         "unittest.skip", "skip"})
_FAIL_CALLS = frozenset({"pytest.fail", "self.fail", "cls.fail", "fail"})
_SKIP_DECORATORS = frozenset({"pytest.mark.skip", "mark.skip", "unittest.skip", "skip"})
_PLACEHOLDER_RAISES = frozenset({"NotImplementedError", "SkipTest", "unittest.SkipTest"})
_STACK_HINTS = ("stack",)
_SYNTH_HINTS = ("synth", "manifest", "template", "tf_json", "terraform_json")
_MAX_DEPTH = 3


@dataclass
class _Tally:
    meaningful: int = 0
    smoke: int = 0      # a shallow check of the synthesis result, or an AWS call that raises
    trivial: list[str] = field(default_factory=list)    # shown assertion texts
    constant: list[str] = field(default_factory=list)
    matchers: list[str] = field(default_factory=list)   # unasserted matcher names
    constructs_stack: bool = False
    synthesizes: bool = False

    def absorb(self, other: "_Tally") -> None:
        self.meaningful += other.meaningful
        self.smoke += other.smoke
        self.trivial += other.trivial
        self.constant += other.constant
        self.matchers += other.matchers


def _shown(node: ast.AST, limit: int = 60) -> str:
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _body(node) -> list[ast.stmt]:
    """Statements of a function without its docstring."""
    body = list(node.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    return body


def _is_filler(st: ast.stmt) -> bool:
    return isinstance(st, ast.Pass) or (
        isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant))


class _Judge:
    """Reads one test function (and the helpers and fixtures it uses) for checks."""

    def __init__(self, ctx, file: SuiteFile, test: CollectedTest):
        self.ctx = ctx
        self.model = project_model(ctx)
        self.file = file
        self.test = test
        self.fixtures = fixtures(ctx)
        # filled in place: setUp may read what it stored a line earlier (self.stack = X(self.app))
        self.self_env: dict[str, str] = {}
        if test.cls is not None:
            self._class_env(test.cls, self.self_env)
        self.echo: set = set()

    # ----------------------------------------------------------------- what names hold
    def _kind(self, expr: ast.AST, env: dict[str, str]) -> str | None:
        if isinstance(expr, ast.Name):
            return env.get(expr.id)
        if isinstance(expr, ast.Attribute):
            if isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
                return self.self_env.get(expr.attr)
            return self._kind(expr.value, env)
        if isinstance(expr, ast.Subscript):
            return SYNTH if self._kind(expr.value, env) == SYNTH else None
        if isinstance(expr, ast.Call):
            func = expr.func
            name = dotted(func)
            last = name.rsplit(".", 1)[-1]
            if last in _SYNTH_CALLS:
                return SYNTH
            if name in ("json.loads", "json.load", "loads") and expr.args and \
                    self._kind(expr.args[0], env) == SYNTH:
                return SYNTH
            if name in ("Testing.app", "App", "cdktf.App"):
                return STACK
            if name in ("boto3.client", "boto3.resource", "boto3.Session",
                        "boto3.session.Session"):
                return AWS
            if isinstance(func, ast.Attribute) and self._kind(func.value, env) == AWS:
                return AWS      # session.client(...), dynamodb.Table(...), client.describe_x(...)
            if self.model.callee(self.file.path, func) is not None or last.endswith("Stack"):
                return STACK
        return None

    def _bind(self, func, env: dict[str, str], self_env: dict[str, str] | None = None) -> None:
        """Record what the function's assignments put into local names (and self.X)."""
        for node in ast.walk(func):
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            else:
                continue
            kind = self._kind(value, env)
            if kind is None:
                continue
            for target in targets:
                if isinstance(target, ast.Name):
                    env[target.id] = kind
                elif (self_env is not None and isinstance(target, ast.Attribute)
                      and isinstance(target.value, ast.Name)
                      and target.value.id in ("self", "cls")):
                    self_env[target.attr] = kind

    def _class_env(self, cls: ast.ClassDef, out: dict[str, str]) -> None:
        for item in cls.body:
            is_fixture = isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                dotted(d).endswith("fixture") for d in item.decorator_list)
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                    item.name in _SETUP_METHODS or is_fixture):
                local = self._params(item, 0)
                self._bind(item, local, out)
            elif isinstance(item, ast.Assign):
                kind = self._kind(item.value, {})
                for target in item.targets:
                    if kind and isinstance(target, ast.Name):
                        out[target.id] = kind

    def _params(self, func, depth: int) -> dict[str, str]:
        env: dict[str, str] = {}
        for arg in func.args.args + func.args.kwonlyargs:
            if arg.arg in ("self", "cls"):
                continue
            kind = self._fixture_kind(arg.arg, depth)
            if kind:
                env[arg.arg] = kind
        return env

    def _fixture_kind(self, name: str, depth: int) -> str | None:
        fixture = self.fixtures.get(name)
        if fixture is not None and depth < _MAX_DEPTH:
            env = self._params(fixture, depth + 1)
            self._bind(fixture, env)
            kinds = {self._kind(n.value, env) for n in ast.walk(fixture)
                     if isinstance(n, (ast.Return, ast.Yield)) and n.value is not None}
            for kind in (STACK, SYNTH, AWS):
                if kind in kinds:
                    return kind
            return None
        lowered = name.lower()
        if lowered.endswith(("client", "_resource")):
            return AWS
        if any(h in lowered for h in _SYNTH_HINTS):
            return SYNTH
        if any(h in lowered for h in _STACK_HINTS) or lowered == "app":
            return STACK
        return None

    # ----------------------------------------------------------------- helpers it calls
    def _helper(self, call: ast.Call):
        func = call.func
        if isinstance(func, ast.Name):
            found = self.file.functions.get(func.id)
            if found is not None:
                return found
            info = self.model.infos.get(self.file.path)
            imp = info.from_imports.get(func.id) if info else None
            if imp is not None:
                target = self.model.resolve_module(self.file.path, imp.module, imp.level)
                module = self.model.infos.get(target) if target else None
                if module is not None:
                    return next((st for st in module.module.tree.body
                                 if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef))
                                 and st.name == imp.name), None)
            return None
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and func.value.id in ("self", "cls"):
            return self.file.methods.get(func.attr)
        return None

    # ----------------------------------------------------------------- checks
    def _assert_kind(self, expr: ast.AST, env) -> tuple[str, str]:
        """("meaningful" | "smoke" | "trivial" | "constant", shown text) of an asserted expression."""
        shown = _shown(expr)
        if isinstance(expr, ast.Constant):
            return ("constant", shown) if expr.value else ("meaningful", shown)
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.And):
            kinds = {self._assert_kind(v, env)[0] for v in expr.values}
            for kind in ("meaningful", "smoke", "trivial"):
                if kind in kinds:
                    return kind, shown
            return "constant", shown
        subject = None
        if isinstance(expr, ast.Compare):
            operands = [expr.left, *expr.comparators]
            if all(isinstance(o, ast.Constant) for o in operands):
                return "constant", shown
            if all(isinstance(op, (ast.Eq, ast.Is)) for op in expr.ops) and \
                    self._echoes(operands, env):
                return "trivial", shown
            if (len(expr.ops) == 1 and isinstance(expr.ops[0], (ast.IsNot, ast.NotEq))
                    and isinstance(expr.comparators[0], ast.Constant)
                    and expr.comparators[0].value is None):
                subject = expr.left
        elif isinstance(expr, (ast.Name, ast.Attribute)):
            subject = expr
        elif isinstance(expr, ast.Call) and dotted(expr.func) in (
                "isinstance", "hasattr", "callable", "bool") and expr.args:
            subject = expr.args[0]
        if subject is None:
            return "meaningful", shown
        kind = self._kind(subject, env)
        if kind == STACK:
            return "trivial", shown
        if kind == SYNTH:
            return "smoke", shown
        return "meaningful", shown

    def _echoes(self, operands: list[ast.AST], env) -> bool:
        """Operands are the stack object's attributes and constructor arguments only:
        ``stack.environment_suffix == "prod"`` after ``TapStack(..., environment_suffix="prod")``."""
        kinds = [self._kind(o, env) for o in operands]
        return STACK in kinds and all(
            kind == STACK or (isinstance(o, ast.Constant) and _hashable(o.value)
                              and o.value in self.echo)
            for o, kind in zip(operands, kinds, strict=True))

    def _constructor_constants(self, env) -> set:
        """Literal arguments of the stack constructions the test can see."""
        funcs = [self.test.node, *self.fixtures.values()]
        if self.test.cls is not None:
            funcs += [item for item in self.test.cls.body
                      if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                      and item.name in _SETUP_METHODS]
        out = set()
        for func in funcs:
            for node in ast.walk(func):
                if isinstance(node, ast.Call) and self._kind(node, env) == STACK:
                    for arg in [*node.args, *(kw.value for kw in node.keywords)]:
                        if isinstance(arg, ast.Constant) and _hashable(arg.value):
                            out.add(arg.value)
        return out

    def _asserted(self, call: ast.Call, func, env) -> bool:
        """Whether a matcher call's bool reaches an assertion."""
        module = self.file.module
        node: ast.AST = call
        parent = module.parent(node)
        while parent is not None and parent is not func:
            if isinstance(parent, (ast.Assert, ast.Return)):
                return True
            if isinstance(parent, ast.Call) and _CHECK_NAME.match(
                    dotted(parent.func).rsplit(".", 1)[-1]):
                return True
            if isinstance(parent, (ast.Assign, ast.AnnAssign, ast.NamedExpr)):
                targets = (parent.targets if isinstance(parent, ast.Assign)
                           else [parent.target])
                names = {t.id for t in targets if isinstance(t, ast.Name)}
                return bool(names) and any(
                    isinstance(n, ast.Name) and n.id in names and isinstance(n.ctx, ast.Load)
                    for n in ast.walk(func))
            if isinstance(parent, ast.stmt):
                return False
            node, parent = parent, module.parent(parent)
        return False

    def tally(self, func, statements: list[ast.stmt], env: dict[str, str], depth: int = 0,
              seen: set[int] | None = None) -> _Tally:
        seen = seen if seen is not None else set()
        seen.add(id(func))
        out = _Tally()
        nodes = [n for st in statements for n in ast.walk(st)]
        for node in nodes:
            if isinstance(node, ast.Assert):
                kind, shown = self._assert_kind(node.test, env)
                if kind == "meaningful":
                    out.meaningful += 1
                elif kind == "smoke":
                    out.smoke += 1
                elif kind == "trivial":
                    out.trivial.append(shown)
                else:
                    out.constant.append(shown)
            elif isinstance(node, ast.Raise):
                name = dotted(node.exc) if node.exc is not None else ""
                if name not in _PLACEHOLDER_RAISES:
                    out.meaningful += 1      # a test raising (conditionally) is a check
            elif isinstance(node, ast.Call):
                self._call(node, func, env, out, depth, seen)
        for node in nodes:
            if isinstance(node, ast.Call) and self._kind(node, env) == STACK:
                out.constructs_stack = True
        return out

    def _call(self, call: ast.Call, func, env, out: _Tally, depth: int, seen: set[int]) -> None:
        name = dotted(call.func)
        last = name.rsplit(".", 1)[-1]
        if last in _MATCHERS:
            if not self._asserted(call, func, env):
                out.matchers.append(last)
            return
        if last in _SYNTH_CALLS:
            out.synthesizes = True    # not a check by itself: only an assertion on it is
            return
        if isinstance(call.func, ast.Attribute) and self._kind(call.func.value, env) == AWS:
            out.smoke += 1      # an AWS API call raises when the deployed resource is missing
            return
        is_self = name.startswith(("self.", "cls."))
        if is_self and last in ("assertEqual", "assertIs") and len(call.args) >= 2:
            kind, _ = self._assert_kind(
                ast.Compare(call.args[0], [ast.Eq()], [call.args[1]]), env)
            if kind == "trivial":
                out.trivial.append(_shown(call))
            else:
                out.meaningful += 1
            return
        if is_self and last in _TRIVIAL_METHODS and call.args:
            if last == "assertTrue":
                kind, shown = self._assert_kind(call.args[0], env)
            else:
                kind = self._assert_kind(
                    ast.Compare(call.args[0], [ast.IsNot()], [ast.Constant(None)]), env)[0]
                shown = _shown(call)
            if kind == "constant":
                out.constant.append(_shown(call))
            elif kind == "trivial":
                out.trivial.append(_shown(call) if last != "assertTrue" else shown)
            elif kind == "smoke":
                out.smoke += 1
            else:
                out.meaningful += 1
            return
        if (_CHECK_NAME.match(last) or last in _RAISING_METHODS
                or name in ("pytest.raises", "pytest.warns", "pytest.deprecated_call",
                            "raises", "warns")
                or last in ("check_call", "check_output")
                or any(kw.arg == "check" and isinstance(kw.value, ast.Constant)
                       and kw.value.value is True for kw in call.keywords)):
            out.meaningful += 1
            return
        if name in _FAIL_CALLS:      # reached only when not the test's top-level statement
            out.meaningful += 1
            return
        helper = self._helper(call)
        if helper is not None and id(helper) not in seen and depth < _MAX_DEPTH:
            local = self._params(helper, depth + 1)
            self._bind(helper, local)
            inner = self.tally(helper, _body(helper), local, depth + 1, seen)
            out.meaningful += inner.meaningful
            out.smoke += inner.smoke
            out.matchers += inner.matchers
            out.synthesizes = out.synthesizes or inner.synthesizes

    # ----------------------------------------------------------------- verdict
    def verdict(self) -> str | None:
        """Why the test checks nothing, or None when it does check something."""
        node, name = self.test.node, f"`{self.test.name}`"
        for decorated in (node, self.test.cls):
            for dec in getattr(decorated, "decorator_list", ()):
                if dotted(dec) in _SKIP_DECORATORS:
                    return (f"{name} is always skipped (`@{dotted(dec)}`): it never runs, so "
                            "nothing about the stack is checked")
        body = _body(node)
        if all(_is_filler(st) for st in body):
            return (f"{name} has an empty body (only a docstring, comments or `pass`): it asserts nothing "
                    "about the stack")
        reached, terminator = body, None
        for k, st in enumerate(body):
            label = _terminator(st)
            if label:
                reached, terminator = body[:k], label
                break
        env = self._params(node, 0)
        self._bind(node, env)
        self.echo = self._constructor_constants(env)
        tally = self.tally(node, reached, env)
        if tally.meaningful:
            return None
        if tally.matchers:
            matcher = tally.matchers[0]
            return (f"{name} calls `Testing.{matcher}(...)` without asserting its result: the "
                    "matcher returns a bool, so the test passes whatever the stack synthesizes")
        if tally.smoke:
            return None
        if terminator and not any(not _is_filler(st) for st in reached):
            return f"{name} only {terminator}: it never runs a check on the stack"
        if tally.trivial:
            more = (f" (all {len(tally.trivial) + len(tally.constant)} of its assertions are "
                    "of this kind)" if len(tally.trivial) + len(tally.constant) > 1 else "")
            return (f"{name} only asserts `{tally.trivial[0]}` on the constructed stack{more}; "
                    "it never inspects the synthesized resources")
        if tally.constant:
            return (f"{name} only asserts `{tally.constant[0]}`: the assertion cannot fail, so "
                    "the test checks nothing")
        if terminator:
            return f"{name} {terminator} before checking anything: it never runs a check"
        if tally.synthesizes:
            return (f"{name} asserts nothing: it synthesizes the stack but never inspects the "
                    "synthesized output")
        if tally.constructs_stack:
            return (f"{name} asserts nothing: it only constructs the stack and never inspects "
                    "the synthesized resources")
        return f"{name} asserts nothing: it runs code but never checks a result"


def _hashable(value) -> bool:
    return isinstance(value, (str, int, float, bool)) and value is not None


def _terminator(st: ast.stmt) -> str | None:
    """How an unconditional top-level statement ends the test before any check."""
    if isinstance(st, ast.Expr) and isinstance(st.value, ast.Call):
        name = dotted(st.value.func)
        if name in _SKIP_CALLS:
            return f"calls `{name}(...)`"
        if name in _FAIL_CALLS:
            return f"calls `{_shown(st.value, 50)}`"
    if isinstance(st, ast.Raise) and st.exc is not None:
        name = dotted(st.exc)
        if name in _PLACEHOLDER_RAISES or name.endswith("skip.Exception"):
            return f"raises `{name}`"
    return None


def judge_test(ctx, file: SuiteFile, test: CollectedTest) -> str | None:
    """Why the test checks nothing, or None when it checks something."""
    return _Judge(ctx, file, test).verdict()
