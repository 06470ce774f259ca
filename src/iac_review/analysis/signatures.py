"""Call signatures of stack constructors, and what a call would raise when it binds.

Read from the AST only: ``signature_of`` turns an ``__init__`` into a
``Signature``; ``check_call`` lists what Python would reject (unexpected,
missing, repeated or too many arguments) without running anything.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass


@dataclass(frozen=True)
class Signature:
    """An ``__init__`` signature without ``self``."""

    owner: str                       # "TapStack.__init__" or "TerraformStack.__init__"
    path: str | None                 # None for cdktf's own TerraformStack
    line: int | None
    positional: tuple[str, ...]      # positional-only and positional-or-keyword names
    posonly: int                     # how many of ``positional`` are positional-only
    defaults: int                    # how many trailing positionals have a default
    kwonly: tuple[str, ...]
    kwonly_required: tuple[str, ...]
    varargs: bool
    varkw: bool

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.path else "cdktf"

    @property
    def required_positional(self) -> tuple[str, ...]:
        return self.positional[:len(self.positional) - self.defaults]

    def accepts_keyword(self, name: str) -> bool:
        return self.varkw or name in self.positional[self.posonly:] or name in self.kwonly

    def shown(self) -> str:
        parts = list(self.positional)
        if self.varargs:
            parts.append("*args")
        elif self.kwonly:
            parts.append("*")
        parts.extend(self.kwonly)
        if self.varkw:
            parts.append("**kwargs")
        return f"({', '.join(parts)})"


# cdktf's TerraformStack.__init__(self, scope, id): both required, no extras.
TERRAFORM_STACK_INIT = Signature("TerraformStack.__init__", None, None, ("scope", "id"), 0, 0,
                                 (), (), False, False)


def signature_of(func: ast.FunctionDef | ast.AsyncFunctionDef, owner: str, path: str) -> Signature:
    args = func.args
    positional = [a.arg for a in args.posonlyargs + args.args]
    posonly = len(args.posonlyargs)
    defaults = len(args.defaults)
    if positional:             # drop self
        positional = positional[1:]
        posonly = max(0, posonly - 1)
        defaults = min(defaults, len(positional))
    kwonly = tuple(a.arg for a in args.kwonlyargs)
    required = tuple(a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=False)
                     if d is None)
    return Signature(owner, path, func.lineno, tuple(positional), posonly, defaults, kwonly,
                     required, args.vararg is not None, args.kwarg is not None)


@dataclass(frozen=True)
class CallProblem:
    kind: str      # unexpected, too_many, missing, multiple
    name: str      # the argument (or "N positional" for too_many)
    node: ast.AST  # where to point


def check_call(sig: Signature, call: ast.Call) -> list[CallProblem]:
    """What would raise TypeError when ``call`` binds to ``sig`` (``self`` excluded)."""
    problems: list[CallProblem] = []
    starred = any(isinstance(a, ast.Starred) for a in call.args)
    spread = any(kw.arg is None for kw in call.keywords)
    given = len(call.args)
    if not starred and not sig.varargs and given > len(sig.positional):
        extra = call.args[len(sig.positional)]
        problems.append(CallProblem("too_many", f"{given} given, at most {len(sig.positional)}",
                                    extra))
    bound = set(sig.positional[:given]) if not starred else set()
    for kw in call.keywords:
        if kw.arg is None:
            continue
        if not sig.accepts_keyword(kw.arg):
            problems.append(CallProblem("unexpected", kw.arg, kw))
        elif kw.arg in bound and kw.arg in sig.positional:
            problems.append(CallProblem("multiple", kw.arg, kw))
    if not starred and not spread:
        named = {kw.arg for kw in call.keywords if kw.arg}
        for name in sig.required_positional[given:]:
            if name not in named:
                problems.append(CallProblem("missing", name, call))
        for name in sig.kwonly_required:
            if name not in named:
                problems.append(CallProblem("missing", name, call))
    return problems


def describe(problems: list[CallProblem]) -> str:
    """`unexpected keyword argument x, y; missing required argument z`."""
    out = []
    for kind, label in (("unexpected", "unexpected keyword argument"),
                        ("multiple", "multiple values for argument"),
                        ("missing", "missing required argument")):
        names = [f"`{p.name}`" for p in problems if p.kind == kind]
        if names:
            out.append(f"{label}{'s' if len(names) > 1 else ''} {', '.join(names)}")
    for p in problems:
        if p.kind == "too_many":
            out.append(f"too many positional arguments ({p.name})")
    return "; ".join(out)
