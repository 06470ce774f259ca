"""The INP rules: findings from input problems, and their YAML cases run end to end."""
from __future__ import annotations

import inspect
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from iac_review.core.finding import Origin, Severity
from iac_review.core.rule import DOCSTRING_SECTIONS, Rule
from iac_review.core.workspace import InputProblem, Project, SourceFile
from iac_review.parse.loader import load
from iac_review.rules.input.no_code_in_answer import NoCodeInAnswer
from iac_review.rules.input.unreadable_input import UnreadableInput
from iac_review.rules.input.unsafe_path_in_answer import UnsafePathInAnswer

RULES = {"INP001": UnsafePathInAnswer, "INP002": UnreadableInput, "INP003": NoCodeInAnswer}
CASES = Path(__file__).parents[1] / "rules" / "cases"


def ctx_for(project: Project):
    return SimpleNamespace(project=project, severity_for=lambda meta: meta.default_severity)


def test_metadata():
    expected = {"INP001": Severity.HIGH, "INP002": Severity.HIGH, "INP003": Severity.CRITICAL}
    for rule_id, rule in RULES.items():
        meta = rule.meta
        assert meta.id == rule_id and meta.stage == "input"
        assert meta.category == "project_scaffolding_missing_or_wrong"
        assert meta.default_severity == expected[rule_id]
        assert issubclass(rule, Rule) and meta.fix == "none"
        doc = inspect.getmodule(rule).__doc__
        for section in DOCSTRING_SECTIONS:
            assert f"\n{section}:\n" in doc, (rule_id, section)


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


def test_severity_comes_from_the_context():
    project = Project(input="a.md", kind="markdown")
    project.problems.append(InputProblem("INP003", "a.md", 1, "no code found"))
    ctx = SimpleNamespace(project=project, severity_for=lambda meta: Severity.LOW)
    assert [f.severity for f in NoCodeInAnswer().check(ctx)] == [Severity.LOW]


def _cases():
    for path in sorted(CASES.glob("INP*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}")


@pytest.mark.parametrize("rule_id, case", list(_cases()))
def test_yaml_case(tmp_path, rule_id, case):
    md = tmp_path / "answer.md"
    if "markdown_bytes_hex" in case:
        md.write_bytes(bytes.fromhex(case["markdown_bytes_hex"]))
    else:
        md.write_bytes(case["markdown"].encode("utf-8"))
    findings = list(RULES[rule_id]().check(ctx_for(load(str(md)))))
    expected = case["expect"]
    assert len(findings) == len(expected), [f.message for f in findings]
    for finding, want in zip(sorted(findings, key=lambda f: f.location.line), expected):
        assert finding.location.line == want["line"]
        assert want["message"] in finding.message


def test_each_rule_has_failing_and_passing_cases():
    for rule_id in RULES:
        data = yaml.safe_load((CASES / f"{rule_id}.yml").read_text(encoding="utf-8"))
        failing = [c for c in data["cases"] if c["expect"]]
        passing = [c for c in data["cases"] if not c["expect"]]
        assert data["rule"] == rule_id and len(failing) >= 2 and len(passing) >= 2
