"""Every repair as data: tests/fixes/cases/<RULE>.yml gives files before and the files expected after.

A case: ``name``, ``files`` (path -> text), ``after`` (path -> expected text of every
file the fix changes or creates; ``{}`` when nothing may change) and optionally
``unsafe: true`` (apply unsafe repairs too). The rule must not fire again on the result.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from iac_review.api import load_schema
from iac_review.core.review import ReviewConfig
from iac_review.fix.engine import fix_project
from iac_review.parse.loader import load
from iac_review.stages.context import ReviewContext
from iac_review.stages.runner import run_stages

CASES = Path(__file__).parent / "cases"


def _cases():
    for path in sorted(CASES.glob("*.yml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, case in enumerate(spec["cases"], 1):
            yield pytest.param(spec["rule"], case, id=f"{spec['rule']}-{number}-{case['name']}")


def _write(root: Path, files: dict[str, str]) -> str:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return str(root)


@pytest.mark.parametrize(("rule", "case"), list(_cases()))
def test_fix_case(rule, case, tmp_path):
    index, _ = load_schema()
    project = load(_write(tmp_path, case["files"]))
    result = fix_project(project, ReviewConfig(), index, unsafe=bool(case.get("unsafe")))
    assert not result.internal_errors, [e.text for e in result.internal_errors]
    changed = {path: new for path, (_, new) in result.changed().items()}
    assert changed == case["after"]
    if case["after"]:
        assert any(a.rule_id == rule for a in result.applied)
        ctx = ReviewContext(result.after, index, ReviewConfig())
        found, _, _ = run_stages(ctx, ("input", "static"), frozenset())
        assert not [f for f in found if f.rule_id == rule and f.repair is not None]
    for rel, text in case["files"].items():   # the input on disk is never changed
        assert (tmp_path / rel).read_text(encoding="utf-8") == text
