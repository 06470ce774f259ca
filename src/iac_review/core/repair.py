"""A mechanical repair a rule proposes for one finding; ``iac_review.fix`` applies it with libcst.

A repair names a codemod (``action``), the project file, the place (1-based
line and column, as in ``Location``) and the codemod's arguments. Whether it
may change the meaning of code that already works is the rule's declared fix
safety (``RuleMeta.fix``): ``safe`` repairs run by default, ``unsafe`` ones only
when asked.
"""
from __future__ import annotations

from dataclasses import dataclass

#: The action of a repair that creates a file (``args``: ``text``) rather than edit one.
CREATE_FILE = "create_file"


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


@dataclass(frozen=True)
class RepairStep:
    """One repair the review's repair loop made (on its copy, never on the input)."""

    rule_id: str        # the rule whose repair it was; SYN001 when the synth error's message guided it
    path: str
    line: int           # in the original file (mapped back through earlier edits)
    description: str
    safe: bool
    round: int


@dataclass(frozen=True)
class RepairRound:
    number: int
    steps: tuple[RepairStep, ...]
    outcome: object     # the SynthOutcome after this round (frames mapped to the original lines)


@dataclass
class RepairLog:
    """What the review did when synthesis failed: repair, synthesize again, repeat."""

    rounds: list[RepairRound]
    diff: str           # the repaired project against the input, as a unified diff
    stopped: str        # why the loop ended, in words
    repaired: object | None = None   # the repaired copy (a Project) when it synthesizes; never written

    @property
    def steps(self) -> list[RepairStep]:
        return [step for r in self.rounds for step in r.steps]

    @property
    def final(self):
        """The last synthesis of the loop, or None when no round ran."""
        return self.rounds[-1].outcome if self.rounds else None

    @property
    def synthesized(self) -> bool:
        final = self.final
        return final is not None and final.status == "ok"

    def to_dict(self) -> dict:
        return {
            "rounds": len(self.rounds),
            "repairs": len(self.steps),
            "synthesized": self.synthesized,
            "stopped": self.stopped,
            "steps": [{"round": s.round, "rule_id": s.rule_id, "file": s.path, "line": s.line,
                       "description": s.description, "safety": "safe" if s.safe else "unsafe"}
                      for s in self.steps],
            "errors": [{"round": r.number, "error": f"{r.outcome.error_type}: {r.outcome.error_message}"
                        if r.outcome.error_type else r.outcome.status}
                       for r in self.rounds if r.outcome.status != "ok"],
            "diff": self.diff,
        }
