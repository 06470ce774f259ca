"""select / ignore by id, prefix and name, and severities by selector."""
from __future__ import annotations

import pytest

from iac_review.core.finding import Severity
from iac_review.stages.selection import SelectionError, by_specificity, disabled_rules, expand, rule_ids


def _on(select=(), ignore=()) -> set[str]:
    return set(rule_ids()) - disabled_rules(select, ignore)


def test_no_selector_runs_everything_and_all_means_every_rule():
    assert _on() == set(rule_ids()) == _on(select=["ALL"])


def test_prefixes_names_and_specificity():
    assert _on(select=["HC"]) == {i for i in rule_ids() if i.startswith("HC")}
    assert _on(select=["HC"], ignore=["HC001"]) == {i for i in rule_ids() if i.startswith("HC")} - {"HC001"}
    assert _on(select=["HC001"], ignore=["HC"]) == {"HC001"}
    assert _on(select=["hardcoded-account-id"]) == {"HC001"}
    assert _on(select=["HC001"], ignore=["HC001"]) == set()   # a tie: ignore wins


def test_a_selector_that_names_no_rule_is_an_error():
    for bad in ("ZZ", "HC999", "", "no-such-rule"):
        with pytest.raises(SelectionError):
            expand(bad)


def test_the_most_specific_severity_wins_whatever_the_order():
    values = by_specificity([("HC001", Severity.HIGH), ("HC", Severity.LOW)])
    assert values["HC001"] == Severity.HIGH and values["HC002"] == Severity.LOW
