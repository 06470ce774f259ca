"""The finding: the one record every stage produces and every reporter reads."""
from __future__ import annotations

from dataclasses import dataclass, asdict
from enum import Enum

from iac_review.core.repair import Repair


class Severity(str, Enum):
    """Ordered severities; the order is used for --fail-on and sorting."""

    CRITICAL = "Critical"
    HIGH = "High"
    MEDIUM = "Medium"
    LOW = "Low"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, text: str) -> "Severity":
        for sev in cls:
            if sev.value.lower() == text.strip().lower():
                return sev
        raise ValueError(f"unknown severity {text!r}; expected one of: "
                         + ", ".join(s.value for s in cls))


_RANK = {Severity.CRITICAL: 4, Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1}


@dataclass(frozen=True)
class Location:
    """A place in a project file (1-based line and column)."""

    file: str
    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None


@dataclass(frozen=True)
class Origin:
    """Where the code came from when it was extracted from a markdown answer."""

    file: str
    line: int


@dataclass(frozen=True)
class Finding:
    rule_id: str
    category: str
    severity: Severity
    message: str
    location: Location
    stage: str = "static"
    origin: Origin | None = None
    input: str = ""
    evidence: str | None = None
    fix: str | None = None
    confidence: float = 1.0
    rule_name: str = ""
    # The static stage predicts that `cdktf synth` stops here (see RuleMeta).
    breaks_synth: bool = False
    repair: Repair | None = None   # the mechanical edit that fixes it, when there is one
    # Found on the synthesized JSON of a copy the review repaired this many times first.
    after_repairs: int = 0
    # Other rules that saw the same defect here, merged into this finding: (rule id, category).
    also: tuple[tuple[str, str], ...] = ()
    # The documentation of this case when it differs from the rule's (the resource type's page).
    docs: str | None = None

    @property
    def fixable(self) -> str | None:
        """"safe" or "unsafe" when a repair is attached, else None."""
        if self.repair is None:
            return None
        return "safe" if self.repair.safe else "unsafe"

    def sort_key(self) -> tuple:
        return (-self.severity.rank, self.location.file, self.location.line,
                self.location.column, self.rule_id, self.message)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        data.pop("repair")   # the repair is for the fixer; outputs say whether one exists
        return data


@dataclass(frozen=True)
class NotEvaluated:
    """A stage or check that did not run, and why; never a silent pass."""

    stage: str
    reason: str
    input: str = ""
