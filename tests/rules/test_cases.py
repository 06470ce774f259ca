"""Runs every YAML case in tests/rules/cases: one file per rule.

Case keys: ``name``; the input as ``files`` (path -> text), ``markdown`` or
``markdown_bytes_hex``; ``expect``: a list of {line, message} where line is
the markdown line for markdown input and the file line otherwise, and
message a substring; optional ``file`` in an expectation; optional
``fixed`` (files after the rule's fix) which must give no finding of the rule;
optional ``config``: ReviewConfig fields (e.g. terraform_version, harness_params).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from iac_review.api import ReviewConfig, review
from iac_review.core.registry import all_rules, get_rule

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases():
    for path in sorted(CASES_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, case in enumerate(data["cases"]):
            yield pytest.param(data["rule"], case, id=f"{path.stem}-{number}-{case['name']}")


def _write_input(tmp_path: Path, case: dict, key: str = "files") -> str:
    if "markdown_bytes_hex" in case:
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


def _findings(rule_id: str, path: str, config: dict | None = None):
    settings = dict(config or {})
    if "harness_params" in settings:
        settings["harness_params"] = tuple(settings["harness_params"])
    result = review([path], ReviewConfig(**settings))
    assert not result.inputs[0].error, result.inputs[0].error
    return [f for f in result.findings if f.rule_id == rule_id]


@pytest.mark.parametrize("rule_id,case", list(_load_cases()))
def test_case(rule_id, case, tmp_path):
    assert get_rule(rule_id) is not None, f"unknown rule {rule_id}"
    found = _findings(rule_id, _write_input(tmp_path, case), case.get("config"))
    is_markdown = "markdown" in case or "markdown_bytes_hex" in case
    actual = sorted((f.origin.line if is_markdown and f.origin else f.location.line, f.message,
                     f.location.file) for f in found)
    expected = case.get("expect") or []
    assert len(actual) == len(expected), f"expected {expected}, got {actual}"
    for want, (line, message, file) in zip(sorted(expected, key=lambda e: e["line"]), actual, strict=True):
        assert line == want["line"], f"line {line} != {want['line']}: {message}"
        assert want["message"] in message, f"{want['message']!r} not in {message!r}"
        if "file" in want:
            assert file == want["file"]
    if "fixed" in case:
        assert _findings(rule_id, _write_input(tmp_path, case, "fixed"), case.get("config")) == []


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
