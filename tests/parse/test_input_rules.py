"""The INP rules turn input problems into findings (YAML cases run in tests/rules)."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from iac_review.api import ReviewConfig, review
from iac_review.core.finding import Origin, Severity
from iac_review.core.workspace import InputProblem, Project, SourceFile
from iac_review.rules.inp.no_code_in_answer import NoCodeInAnswer
from iac_review.rules.inp.unreadable_input import UnreadableInput
from iac_review.rules.inp.unsafe_path_in_answer import UnsafePathInAnswer

RULES = {"INP001": UnsafePathInAnswer, "INP002": UnreadableInput, "INP003": NoCodeInAnswer}
CASES = Path(__file__).parents[1] / "rules" / "cases"


def ctx_for(project: Project):
    return SimpleNamespace(project=project)




def test_finding_keeps_the_problem_origin_and_evidence():
    project = Project(input="a.md", kind="markdown")
    project.problems += [
        InputProblem("INP001", "a.md", 7, "unsafe file name refused", Origin("a.md", 7), "ev"),
        InputProblem("INP002", "a.md", 1, "other rule"),
    ]
    (finding,) = UnsafePathInAnswer().check(ctx_for(project))
    assert (finding.rule_id, finding.location.file, finding.location.line) == ("INP001", "a.md", 7)
    assert finding.origin == Origin("a.md", 7) and finding.evidence == "ev"
    assert finding.stage == "input" and finding.input == "a.md" and finding.rule_name == "unsafe-path-in-answer"


def test_problem_in_an_extracted_file_maps_through_the_file():
    project = Project(input="a.md", kind="markdown")
    project.files["lib/x.py"] = SourceFile("lib/x.py", "x\ny\n", "a.md", 10, "heading")
    project.problems.append(InputProblem("INP002", "lib/x.py", 2, "bad byte"))
    (finding,) = UnreadableInput().check(ctx_for(project))
    assert finding.origin == Origin("a.md", 11)


def test_severity_override_is_applied_by_the_runner(tmp_path):
    answer = tmp_path / "a.md"
    answer.write_text("# Only prose, no code\n", encoding="utf-8")
    plain = review([str(answer)])
    overridden = review([str(answer)], ReviewConfig(severity_overrides={"INP003": Severity.LOW}))
    assert [f.severity for f in plain.findings if f.rule_id == "INP003"] == [Severity.CRITICAL]
    assert [f.severity for f in overridden.findings if f.rule_id == "INP003"] == [Severity.LOW]


def _cases():
    for path in sorted(CASES.glob("INP*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}")




