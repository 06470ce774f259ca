"""What a rule sees: the project, the schema, and analysis computed once."""
from __future__ import annotations

from functools import cached_property
from typing import Callable, TypeVar

from iac_review.analysis.binding import BindingIssue, iter_issues
from iac_review.analysis.modules import ParsedModule, parse_project
from iac_review.analysis.resources import ResourceCall, collect_calls
from iac_review.core.review import ReviewConfig
from iac_review.core.workspace import Project
from iac_review.schema.index import SchemaIndex
from iac_review.tfjson.graph import TerraformGraph

T = TypeVar("T")


class ReviewContext:
    def __init__(self, project: Project, index: SchemaIndex | None,
                 config: ReviewConfig | None = None):
        self.project = project
        self.index = index
        self.config = config or ReviewConfig()
        self._memo: dict[str, object] = {}
        self.synth = None   # SynthOutcome once the synth stage ran (iac_review.synth.outcome)
        self.synth_check = None  # stages.synth_check.SynthCheck: what synthesis confirmed
        self.repairs = None      # core.repair.RepairLog when synthesis failed and the review repaired
        self.later_failures: list = []   # (repairs made before, SynthOutcome) no finding explains
        self.silenced: list[str] = []    # what a rule would report under another setting
        self.rules_ran: frozenset[str] = frozenset()   # ids of the rules that ran on this input
        self.stage_seconds: dict[str, float] = {}   # wall time of each stage on this input
        self.suppressions = None   # stages.suppress.SuppressionReview once suppressions applied
        self.suite = None   # synth.suite.SuiteOutcome once the tests stage ran (or a caller gave one)

    def silence(self, rule_id: str, text: str) -> None:
        """Say that ``rule_id`` stays silent here only because of a setting, and under which it
        would report (the report lists these; a silent pass is never hidden)."""
        note = f"{rule_id}: {text}"
        if note not in self.silenced:
            self.silenced.append(note)

    @property
    def json_outcome(self):
        """The synthesis whose Terraform JSON the tfjson stage reads: the input's own, else the
        repaired copy's when the repair loop made it synthesize; None without JSON."""
        if self.synth is not None and self.synth.ok and self.synth.stacks:
            return self.synth
        if self.repairs is not None and self.repairs.synthesized and self.repairs.final.stacks:
            return self.repairs.final
        return None

    @property
    def repairs_before_json(self) -> int:
        """How many automatic repairs the JSON the tfjson stage reads needed (0: none)."""
        outcome = self.json_outcome
        return len(self.repairs.steps) if outcome is not None and outcome is not self.synth else 0

    @property
    def tfjson(self):
        """The synthesized resource graph (iac_review.tfjson.graph), or None without a synth."""
        if self.json_outcome is None:
            return None
        return self.memo("tfjson_graph", lambda c: TerraformGraph.from_stacks(c.json_outcome.stacks))

    def memo(self, key: str, factory: Callable[["ReviewContext"], T]) -> T:
        """Per-review cache for facts several rules share: computed once per input."""
        if key not in self._memo:
            self._memo[key] = factory(self)
        return self._memo[key]

    @cached_property
    def modules(self) -> list[ParsedModule]:
        return parse_project(self.project)

    @cached_property
    def binding_issues(self) -> list[BindingIssue]:
        if self.index is None:
            return []
        return list(iter_issues(self.index, self.modules))

    @cached_property
    def calls(self) -> list[ResourceCall]:
        """Every provider and cdktf construct call, in file and line order."""
        return [call for module in self.modules for call in collect_calls(self.index, module)]

    def calls_of(self, *class_names: str) -> list[ResourceCall]:
        return [call for call in self.calls if call.class_name in class_names]

    def calls_of_type(self, *tf_types: str) -> list[ResourceCall]:
        return [call for call in self.calls if call.tf_type in tf_types]

    def module(self, path: str) -> ParsedModule | None:
        return next((m for m in self.modules if m.path == path), None)

    def issues_of(self, *kinds: str) -> list[BindingIssue]:
        return [issue for issue in self.binding_issues if issue.kind in kinds]
