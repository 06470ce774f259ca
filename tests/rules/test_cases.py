"""Runs every YAML case in tests/rules/cases: one file per rule.

Case keys: ``name``; the input as ``files`` (path -> text), ``markdown`` or
``markdown_bytes_hex``; ``expect``: a list of {line, message} where line is
the markdown line for markdown input and the file line otherwise, and
message a substring; optional ``file`` and ``severity`` (Critical, High, ...) in an
expectation; optional
``fixed`` (files after the rule's fix, or a markdown text for markdown cases)
which must give no finding of the rule;
optional ``config``: ReviewConfig fields (e.g. terraform_version, harness_params).

A case may also give ``tfjson``: a synthesized cdk.tf.json (as YAML) of stack
``TapStacktest``, alone or with ``files``; the case then runs the input, static
and tfjson stages with that JSON as a successful synth outcome (``fixed`` may
give ``tfjson`` too, and then replaces the JSON; ``fixed_files`` the files).

A case may give ``suite``: what running the unit tests gave (status, exit, counts, cases
and collection_errors as [{path, line, name, outcome, when, type, message, frames,
filename}], coverage, files as [{path, percent, missing_lines}], cov, paths), with
``files`` and optionally ``tfjson``; the case then runs the input, static and tests
stages (and tfjson) with that run instead of running the tests. ``fixed_suite``
gives the run of the fixed files (default: every test passed, full coverage).

A case may give ``synth``: a synthesis outcome (status, error_type, reason, network,
error_message, frames: [{path, line}]) with ``files``; the case then runs the
input, static and synth stages with that outcome instead of running the app.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from iac_review.api import ReviewConfig, load_schema, review
from iac_review.rules import all_rules, get_rule
from iac_review.parse.loader import load
from iac_review.stages.context import ReviewContext
from iac_review.stages.runner import run_stages
from iac_review.stages.same_defect import SAME_DEFECT, SAME_ROOT_CAUSE
from iac_review.synth.outcome import Frame, NetworkAttempt, SynthOutcome
from iac_review.synth.suite import SuiteOutcome, SuitePlan
from iac_review.synth.suite import from_answer as suite_from_answer

TFJSON_STAGES = ("input", "static", "tfjson")
TFJSON_STACK = "TapStacktest"

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases():
    for path in sorted(CASES_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        needs = data.get("requires", [])
        needs = [needs] if isinstance(needs, str) else list(needs)
        for number, case in enumerate(data["cases"]):
            case = {**case, "requires": needs + list(case.get("requires", []))}
            yield pytest.param(data["rule"], case, id=f"{path.stem}-{number}-{case['name']}")


def _write_input(tmp_path: Path, case: dict, key: str = "files") -> str:
    if key not in case and "tfjson" in case:
        root = tmp_path / key
        (root / "lib").mkdir(parents=True, exist_ok=True)
        (root / "lib" / "__init__.py").write_text("", encoding="utf-8")
        return str(root)
    if key != "files" and isinstance(case.get(key), str):  # a fixed markdown answer
        target = tmp_path / key / "MODEL_RESPONSE.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(case[key], encoding="utf-8")
        return str(target)
    if "markdown_bytes_hex" in case and key == "files":
        target = tmp_path / "MODEL_RESPONSE.md"
        target.write_bytes(bytes.fromhex(case["markdown_bytes_hex"]))
        return str(target)
    if "markdown" in case and key == "files":
        target = tmp_path / "MODEL_RESPONSE.md"
        target.write_text(case["markdown"], encoding="utf-8")
        return str(target)
    root = tmp_path / key
    for rel, text in case[key].items():
        file = root / rel
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    return str(root)


def _family_others(rule_id: str) -> frozenset[str]:
    """The other rules of the rule's same-defect family: off in its cases, so that the case
    sees the rule's own findings (a full review merges a family's findings at one line)."""
    return frozenset().union(*(f.rules for f in SAME_DEFECT + SAME_ROOT_CAUSE if rule_id in f.rules)) - {rule_id}


def _findings(rule_id: str, path: str, config: dict | None = None):
    settings = dict(config or {})
    if "harness_params" in settings:
        settings["harness_params"] = tuple(settings["harness_params"])
    settings["disabled_rules"] = frozenset(settings.get("disabled_rules", ())) | _family_others(rule_id)
    result = review([path], ReviewConfig(**settings))
    assert not result.inputs[0].error, result.inputs[0].error
    assert not result.internal_errors, [e.text for e in result.internal_errors]
    return [f for f in result.findings if f.rule_id == rule_id]


def _tfjson_findings(rule_id: str, path: str, stack: dict, config: dict | None = None):
    outcome = SynthOutcome(status="ok", stacks={TFJSON_STACK: stack})
    return _injected_findings(rule_id, path, outcome, TFJSON_STAGES, config)


def _injected_findings(rule_id: str, path: str, outcome: SynthOutcome, stages: tuple,
                       config: dict | None = None):
    """Run the stages with a given synthesis outcome instead of running the app."""
    settings = dict(config or {})
    if "harness_params" in settings:
        settings["harness_params"] = tuple(settings["harness_params"])
    review_config = ReviewConfig(stages=stages, **settings)
    index, _ = load_schema()
    ctx = ReviewContext(load(path), index, review_config)
    ctx.synth = outcome
    found, _, errors = run_stages(ctx, stages, _family_others(rule_id))
    assert not errors, [e.text for e in errors]
    return [f for f in found if f.rule_id == rule_id]


def _synth_outcome(spec: dict) -> SynthOutcome:
    frames = [Frame(f["path"], f["line"]) for f in spec.get("frames", [])]
    network = [NetworkAttempt(n["kind"], n["what"], n.get("path"), n.get("line", 0))
               for n in spec.get("network", [])]
    return SynthOutcome(status=spec["status"], error_type=spec.get("error_type"),
                        error_message=spec.get("error_message"), frames=frames,
                        seconds=spec.get("seconds", 1.0), entry=spec.get("entry", "tap.py"),
                        reason=spec.get("reason"), network=network)


_PASSING_SUITE = {"exit": 0, "counts": {"passed": 1}, "coverage": 100.0}


def _suite_case(spec: dict) -> dict:
    def case(raw: dict) -> dict:
        frames = [[f["path"], f["line"], f.get("function", "test"), f.get("code", "")]
                  for f in raw.get("frames", [])]
        exception = {"type": raw.get("type", "AssertionError"), "message": raw.get("message", ""),
                     "frames": frames}
        if "filename" in raw:
            exception["filename"] = raw["filename"]
        return {"nodeid": raw.get("nodeid", f"{raw['path']}::{raw.get('name', 'test')}"), "path": raw["path"],
                "line": raw.get("line", 1), "name": raw.get("name", "test"),
                "outcome": raw.get("outcome", "failed"), "when": raw.get("when", "call"), "exception": exception}

    return {"exit": spec.get("exit", 1 if spec.get("cases") or spec.get("collection_errors") else 0),
            "counts": spec.get("counts", {}), "cases": [case(c) for c in spec.get("cases", [])],
            "collection_errors": [case(c) for c in spec.get("collection_errors", [])],
            "coverage": {"percent": spec["coverage"], "files": spec.get("files", [])}
            if spec.get("coverage") is not None else None}


def _suite_outcome(spec: dict) -> SuiteOutcome:
    suite_plan = SuitePlan(tuple(spec.get("paths", ["tests/unit"])), spec.get("cov", "lib"))
    status = spec.get("status", "ran")
    if status != "ran":
        return SuiteOutcome(status, suite_plan, reason=spec.get("reason"), seconds=spec.get("seconds", 1.0))
    return suite_from_answer({"status": "ok", "suite": _suite_case(spec)}, suite_plan)


def _suite_findings(rule_id: str, tmp_path: Path, case: dict, key: str):
    spec = case["suite"] if key == "files" else case.get("fixed_suite", _PASSING_SUITE)
    path = _write_input(tmp_path / key, case, key)
    settings = dict(case.get("config") or {})
    stages = ("input", "static", "tests")
    index, _ = load_schema()
    ctx = ReviewContext(load(path), index, ReviewConfig(stages=stages, **settings))
    ctx.suite = _suite_outcome(spec)
    if "tfjson" in case:
        ctx.synth = SynthOutcome(status="ok", stacks={TFJSON_STACK: case["tfjson"]})
    found, _, errors = run_stages(ctx, stages, _family_others(rule_id))
    assert not errors, [e.text for e in errors]
    return [f for f in found if f.rule_id == rule_id]


def _case_findings(rule_id: str, tmp_path: Path, case: dict, key: str = "files"):
    if "suite" in case:
        return _suite_findings(rule_id, tmp_path, case, key)
    if "synth" in case:
        outcome = _synth_outcome(case["synth"] if key == "files" else {"status": "ok"})
        return _injected_findings(rule_id, _write_input(tmp_path / key, case, key), outcome,
                                  ("input", "static", "synth"), case.get("config"))
    if "tfjson" not in case:
        return _findings(rule_id, _write_input(tmp_path, case, key), case.get("config"))
    if key == "fixed":
        fixed = case["fixed"]
        files = {"files": fixed["files"]} if "files" in fixed else (
            {"files": case["files"]} if "files" in case else {"tfjson": None})
        stack = fixed.get("tfjson", case["tfjson"])
        return _tfjson_findings(rule_id, _write_input(tmp_path / "fixed", files),
                                stack, case.get("config"))
    return _tfjson_findings(rule_id, _write_input(tmp_path, case), case["tfjson"],
                            case.get("config"))


@pytest.mark.parametrize("rule_id,case", list(_load_cases()))
def test_case(rule_id, case, tmp_path):
    assert get_rule(rule_id) is not None, f"unknown rule {rule_id}"
    for tool in case.get("requires", []):  # e.g. terraform: optional on CI machines
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    found = _case_findings(rule_id, tmp_path, case)
    is_markdown = "markdown" in case or "markdown_bytes_hex" in case
    actual = sorted((f.origin.line if is_markdown and f.origin else f.location.line, f.message,
                     f.location.file, f.severity.value) for f in found)
    expected = case.get("expect") or []
    assert len(actual) == len(expected), f"expected {expected}, got {actual}"
    for want, (line, message, file, severity) in zip(sorted(expected, key=lambda e: e["line"]), actual,
                                                     strict=True):
        assert line == want["line"], f"line {line} != {want['line']}: {message}"
        assert want["message"] in message, f"{want['message']!r} not in {message!r}"
        if "file" in want:
            assert file == want["file"]
        if "severity" in want:
            assert severity == want["severity"], f"severity {severity} != {want['severity']}: {message}"
    if "fixed" in case:
        assert _case_findings(rule_id, tmp_path, case, "fixed") == []


def test_every_rule_has_cases():
    covered = {yaml.safe_load(p.read_text())["rule"] for p in CASES_DIR.glob("*.yml")}
    missing = [r.meta.id for r in all_rules() if r.meta.id not in covered]
    assert not missing, f"rules without YAML cases: {missing}"


@pytest.mark.parametrize("path", sorted(CASES_DIR.glob("*.yml")), ids=lambda p: p.stem)
def test_case_file_has_pass_and_fail(path):
    data = yaml.safe_load(path.read_text())
    assert path.stem == data["rule"]
    assert any(c.get("expect") for c in data["cases"]), "no failing case"
    assert any(not c.get("expect") for c in data["cases"]), "no passing case"
    assert any("fixed" in c for c in data["cases"]), "no fixed example"
