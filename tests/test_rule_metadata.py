"""Every rule carries complete metadata, a documented docstring and fresh docs."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from iac_review.rules import all_rules
from iac_review.core.rule import DOCSTRING_SECTIONS, FIX_KINDS
from iac_review.docgen import expected_files, sections

DATA = Path(__file__).resolve().parents[1] / "src" / "iac_review" / "data" / "categories.json"
SHARED_TAXONOMY = Path(__file__).resolve().parents[2] / "shared" / "taxonomy" / "categories.json"
RULES = all_rules()


def _categories(path: Path) -> set[str]:
    return {c["id"] for c in json.loads(path.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.id)
def test_metadata(rule):
    meta = rule.meta
    assert re.fullmatch(r"[A-Z]{2,3}\d{3}", meta.id)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", meta.name)
    assert meta.category in _categories(DATA)
    assert meta.fix in FIX_KINDS
    assert meta.docs.startswith("https://")
    for text in (meta.summary, meta.why, meta.impact, meta.training_value):
        assert text.strip() and text == text.strip()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.id)
def test_module_path_follows_from_id_and_name(rule):
    """SCH007 snake-case-key-in-list-dict lives in rules/sch/snake_case_key_in_list_dict.py."""
    prefix = re.match(r"[A-Z]+", rule.meta.id).group(0).lower()
    assert rule.__module__ == f"iac_review.rules.{prefix}.{rule.meta.name.replace('-', '_')}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.id)
def test_docstring_sections(rule):
    found = sections(rule)
    assert list(found) == list(DOCSTRING_SECTIONS)
    assert all(text.strip() for text in found.values())


def test_bundled_taxonomy_matches_shared():
    if not SHARED_TAXONOMY.exists():
        pytest.skip("shared taxonomy not present")
    assert _categories(DATA) == _categories(SHARED_TAXONOMY)


def test_generated_docs_are_fresh():
    stale = [str(p) for p, text in expected_files().items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert not stale, f"run `python -m iac_review.docgen`; stale: {stale}"
