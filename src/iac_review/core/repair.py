"""A mechanical repair a rule proposes for one finding; ``iac_review.fix`` applies it with libcst.

A repair names a codemod (``action``), the project file, the place (1-based
line and column, as in ``Location``) and the codemod's arguments. Whether it
may change the meaning of code that already works is the rule's declared fix
safety (``RuleMeta.fix``): ``safe`` repairs run by default, ``unsafe`` ones only
when asked.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Repair:
    action: str                               # a codemod of iac_review.fix.codemods
    path: str                                 # the project file it edits (or creates)
    line: int = 0
    column: int = 0
    args: tuple[tuple[str, str], ...] = ()    # the codemod's arguments, as (name, value) pairs
    safe: bool = True

    def arg(self, name: str, default: str = "") -> str:
        return dict(self.args).get(name, default)

    @classmethod
    def make(cls, action: str, path: str, line: int = 0, column: int = 0, *, safe: bool = True,
             **args: str) -> "Repair":
        return cls(action, path, line, column, tuple(sorted(args.items())), safe)
