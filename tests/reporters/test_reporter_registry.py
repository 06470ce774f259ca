from __future__ import annotations

import inspect
import sys

import pytest

import iac_review.reporters as reporters
from iac_review.reporters import REPORTERS, get_reporter


def test_formats_discovered_from_modules():
    assert list(REPORTERS) == ["github", "html", "json", "junit", "markdown", "sarif", "text"]
    assert REPORTERS["json"].__name__ == "iac_review.reporters.json_"
    assert "_common" not in REPORTERS


def test_get_reporter_unknown_lists_valid_names():
    with pytest.raises(KeyError) as err:
        get_reporter("xml")
    assert "github, html, json, junit, markdown, sarif, text" in str(err.value)


@pytest.mark.parametrize("name", ["github", "html", "json", "junit", "markdown", "sarif", "text"])
def test_render_signature(name):
    module = get_reporter(name)
    assert module.NAME == name
    assert module.DESCRIPTION and module.EXTENSION.startswith(".")
    params = inspect.signature(module.render).parameters
    # every format takes these; text takes its own options after them (explain, quiet)
    assert list(params)[:3] == ["review", "color", "show_code"]
    assert all(p.default is not inspect.Parameter.empty for p in list(params.values())[1:])
    assert params["color"].kind is inspect.Parameter.KEYWORD_ONLY and params["color"].default is False
    assert params["show_code"].kind is inspect.Parameter.KEYWORD_ONLY and params["show_code"].default is True


@pytest.mark.parametrize("name", ["github", "html", "json", "junit", "markdown", "sarif", "text"])
@pytest.mark.parametrize("fixture", ["task_review", "two_input_review", "empty_review", "no_input_review"])
def test_every_format_renders_every_review(name, fixture, request):
    out = get_reporter(name).render(request.getfixturevalue(fixture))
    # annotations print nothing when there is nothing to annotate, as ruff's github format does
    assert isinstance(out, str) and (out.endswith("\n") or (name == "github" and out == ""))


def test_discovery_rejects_a_module_without_render(tmp_path, monkeypatch):
    (tmp_path / "broken.py").write_text("NAME = 'broken'\n")
    monkeypatch.setattr(reporters, "__path__", [*reporters.__path__, str(tmp_path)])
    try:
        with pytest.raises(RuntimeError, match="must define NAME"):
            reporters._discover()
    finally:
        sys.modules.pop("iac_review.reporters.broken", None)


def test_discovery_picks_up_a_new_module(tmp_path, monkeypatch):
    (tmp_path / "csvish.py").write_text(
        "NAME = 'csv'\ndef render(review, *, color=False, show_code=True):\n    return ''\n")
    monkeypatch.setattr(reporters, "__path__", [*reporters.__path__, str(tmp_path)])
    try:
        assert "csv" in reporters._discover()
    finally:
        sys.modules.pop("iac_review.reporters.csvish", None)


def test_rule_meta_reads_the_registry_and_tolerates_a_broken_one(monkeypatch, fake_rules, real_rule_meta):
    from iac_review.reporters import _common as registry   # where the reporters look rules up

    FAKE_RULES, REAL_RULE_META = fake_rules, real_rule_meta  # noqa: N806

    class FakeRule:
        meta = FAKE_RULES["CDK001"]

    monkeypatch.setattr(registry, "get_rule", lambda rule_id: FakeRule if rule_id == "CDK001" else None)
    assert REAL_RULE_META("CDK001") is FAKE_RULES["CDK001"]
    assert REAL_RULE_META("NOPE01") is None

    def broken(rule_id):
        raise RuntimeError("rules.sch.x must define exactly one rule, found 0")

    monkeypatch.setattr(registry, "get_rule", broken)
    assert REAL_RULE_META("CDK001") is None


def test_category_names_come_from_package_data(monkeypatch):
    from iac_review.reporters import _common

    monkeypatch.setattr(_common, "_category_table",
                        lambda: {"tagging_issues": {"id": "tagging_issues", "name": "Tagging missing"}})
    assert _common.category_name("tagging_issues") == "Tagging missing"
    assert _common.category_name("unknown_thing") == "unknown_thing"
