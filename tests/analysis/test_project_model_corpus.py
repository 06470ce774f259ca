"""The project model on seed tasks of the corpus (skips without the corpus)."""
from __future__ import annotations

from iac_review.analysis.project import ProjectModel
from iac_review.api import ReviewConfig, review
from iac_review.analysis.modules import parse_project
from iac_review.parse.loader import load


def _model(corpus, task: str, source: str = "model") -> ProjectModel:
    project = load(str(corpus / task), source=source)
    return ProjectModel(project, parse_project(project))


def test_seed_001_model_entry_point_and_harness_stack(corpus):
    model = _model(corpus, "Pr7325")
    assert model.entry_points == ["bin/tap.py"]
    stack = model.harness_stack()
    assert (stack.name, stack.path) == ("TapStack", "lib/tap_stack.py")
    assert model.signature(stack).positional == ("scope", "id")
    assert model.own_entry_point(stack) is None   # bin/tap.py does not replace the harness tap.py


def test_seed_002_renamed_stack_breaks_the_harness_tests(corpus):
    model = _model(corpus, "Pr6626")
    assert [s.name for s in model.stack_classes] == ["TradingPlatformStack"]
    assert not model.defines("lib/tap_stack.py", "TapStack")
    findings = review([str(corpus / "Pr6626")], ReviewConfig(source="model")).findings
    hits = [f for f in findings if f.rule_id == "CTR003" and "`TapStack`" in f.message]
    assert hits and all(f.category == "tests_broken_constructor_or_import" for f in hits)
    off = review([str(corpus / "Pr6626")], ReviewConfig(source="model", harness_params=())).findings
    assert not any(f.rule_id == "CTR003" for f in off)
