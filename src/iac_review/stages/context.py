"""What a rule sees: the project, the schema, and analysis computed once."""
from __future__ import annotations

from functools import cached_property

from iac_review.analysis.binding import BindingIssue, iter_issues
from iac_review.analysis.modules import ParsedModule, parse_project
from iac_review.core.finding import Severity
from iac_review.core.rule import RuleMeta
from iac_review.core.workspace import Project
from iac_review.schema.index import SchemaIndex


class ReviewContext:
    def __init__(self, project: Project, index: SchemaIndex | None,
                 severity_overrides: dict[str, Severity] | None = None):
        self.project = project
        self.index = index
        self.severity_overrides = severity_overrides or {}

    def severity_for(self, meta: RuleMeta) -> Severity:
        return self.severity_overrides.get(meta.id, meta.default_severity)

    @cached_property
    def modules(self) -> list[ParsedModule]:
        return parse_project(self.project)

    @cached_property
    def binding_issues(self) -> list[BindingIssue]:
        if self.index is None:
            return []
        return list(iter_issues(self.index, self.modules))

    def issues_of(self, *kinds: str) -> list[BindingIssue]:
        return [issue for issue in self.binding_issues if issue.kind in kinds]
