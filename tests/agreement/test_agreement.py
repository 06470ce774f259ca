"""Agreement with a human analysis (issue 5 item 4), on small analyses of our own."""
from __future__ import annotations

from iac_review.agreement import agree, categorize, parse_analysis
from iac_review.core.finding import Finding, Location, Origin, Severity

TEMPLATE = """# Failure notes

Intro paragraph that is not an item.

## Critical Failures

### 1. Versioning class without suffix

**Impact Level**: Critical

```python
# lib/store.py - Line 12
from x import S3BucketVersioning
# not a heading
```

The binding names it `S3BucketVersioningA`.

### 2. Lock option on the backend

Uses `use_lockfile` which the pinned Terraform rejects.

## Medium Failures

### 3. Role lacks permissions for the queue

The worker role lacks permissions to read the queue.

### 4. Prompt asked for a second region

The prompt required a DR region; requirement not met (Line 40).

## Summary

- 4 items
"""

FREE = """Some intro text.

1. Monolith file
   Everything is in one module; refactor into modules.

2. Hardcoded ids
   Uses 123456789012 in lib/app.py:7.
"""


def _f(rule, cat, msg, file="lib/store.py", line=12, sev=Severity.HIGH, origin=None):
    return Finding(rule, cat, sev, msg, Location(file, line), origin=origin)


def test_parse_template_items_and_details():
    items = parse_analysis(TEMPLATE)
    assert [i.title for i in items] == [
        "Versioning class without suffix", "Lock option on the backend",
        "Role lacks permissions for the queue", "Prompt asked for a second region"]
    assert [i.severity for i in items] == ["Critical", "Critical", "Medium", "Medium"]
    first = items[0]
    assert ("lib/store.py", 12) in [(m.file, m.line) for m in first.mentions]
    assert "S3BucketVersioningA" in first.identifiers
    assert items[3].mentions[0].file is None and items[3].mentions[0].line == 40
    assert "4 items" not in items[3].text


def test_parse_free_form_numbered():
    items = parse_analysis(FREE)
    assert [i.title for i in items] == ["Monolith file", "Hardcoded ids"]
    assert [(m.file, m.line) for m in items[1].mentions] == [("lib/app.py", 7)]


def test_categorize_keywords():
    assert categorize("Missing A suffix", "") == "provider_class_missing_a_suffix"
    assert categorize("Wrong keys", "keys in camelCase instead of snake_case") == \
        "dict_key_case_mismatch"
    assert categorize("Backend", "sets use_lockfile") == "s3_backend_invalid_option"
    assert categorize("Nothing to see", "a sentence without keywords") is None


def test_agree_rows_and_reasons():
    items = parse_analysis(TEMPLATE)
    findings = [
        _f("SCH001", "provider_class_missing_a_suffix", "use S3BucketVersioningA"),
        _f("BKD002", "s3_backend_invalid_option", "use_lockfile unsupported", "lib/tap_stack.py", 30),
        _f("PY002", "builtin_shadowing_id", "id shadows builtin", "lib/other.py", 3, Severity.LOW),
        _f("PY002", "builtin_shadowing_id", "id shadows builtin", "lib/other.py", 9, Severity.LOW),
    ]
    result = agree(items, findings)
    assert [r.item.index for r in result.both] == [1, 2]
    assert result.both[0].how == ["category", "identifier", "location"]
    assert {r.item.index: r.reason for r in result.human_only} == {
        3: "needs deployment", 4: "needs the prompt"}
    assert list(result.ours_only) == ["PY002"] and len(result.ours_only["PY002"]) == 2
    counts = result.to_dict()["counts"]
    assert counts["both"] == 2 and counts["human_only_by_reason"] == {
        "needs deployment": 1, "needs the prompt": 1}


def test_location_and_identifier_matching_across_categories():
    items = parse_analysis(TEMPLATE)
    # a different category, but the bare "(Line 40)" matches the markdown origin line
    f = _f("X1", "code_quality_lint", "something", "lib/a.py", 2, origin=Origin("MODEL_RESPONSE.md", 41))
    result = agree(items, [f])
    assert [r.item.index for r in result.both] == [4]
    assert result.both[0].how == ["location"]


def test_missed_reason_and_markdown_deterministic():
    items = parse_analysis(FREE)
    result = agree(items, [])
    assert {r.reason for r in result.human_only} == {"needs the prompt", "missed"}
    md = result.to_markdown()
    assert md == agree(parse_analysis(FREE), []).to_markdown()
    assert "| Human item | Human severity | Our severity | Category | Status |" in md
    assert all(ord(ch) < 0x2000 for ch in md)
