"""Which rules run: ``select`` and ``ignore`` by rule id, id prefix or rule name.

The rules are chosen the way ruff chooses its codes. Every selector is a rule id
(``SCH007``), the start of ids (``SCH``, ``AWS01``), a rule's name
(``hardcoded-region``) or ``ALL``. A rule runs when the most specific selector
that matches it comes from ``select``. The most specific selector is the
longest prefix, and a rule's id or name counts as the full id. With no
``select``, every rule is selected. On a tie, ``ignore`` wins. So
``select = ["HC"]`` with ``ignore = ["HC005"]`` runs every HC rule but HC005,
and ``ignore = ["HC"]`` with ``select = ["HC001"]`` runs HC001 alone of its
family.
"""
from __future__ import annotations

from typing import Iterable

from iac_review.rules import all_rules


class SelectionError(ValueError):
    """A selector that names no rule (a usage or configuration error)."""


def rule_ids() -> tuple[str, ...]:
    return tuple(rule.meta.id for rule in all_rules())


def _normalized(selector: str) -> str:
    """The id prefix a selector stands for: names map to their rule's id, ALL to every id."""
    text = selector.strip()
    if text.upper() == "ALL":
        return ""
    for rule in all_rules():
        if rule.meta.name == text:
            return rule.meta.id
    return text.upper()


def expand(selector: str) -> frozenset[str]:
    """The ids a selector matches; SelectionError when it matches none."""
    prefix = _normalized(selector)
    ids = frozenset(i for i in rule_ids() if i.startswith(prefix))
    if not ids or not selector.strip():
        raise SelectionError(f"{selector!r} is no rule id, id prefix or rule name "
                             "(`iac-review rules` lists them)")
    return ids


def expand_all(selectors: Iterable[str]) -> frozenset[str]:
    ids: frozenset[str] = frozenset()
    for selector in selectors:
        ids |= expand(selector)
    return ids


def disabled_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> frozenset[str]:
    """The ids that do not run under ``select`` and ``ignore`` (both checked first)."""
    chosen = [_checked(s) for s in select] or [""]
    dropped = [_checked(s) for s in ignore]
    off = set()
    for rule_id in rule_ids():
        best_select = max((len(p) for p in chosen if rule_id.startswith(p)), default=-1)
        best_ignore = max((len(p) for p in dropped if rule_id.startswith(p)), default=-1)
        if best_ignore >= best_select:
            off.add(rule_id)
    return frozenset(off)


def _checked(selector: str) -> str:
    expand(selector)
    return _normalized(selector)


def by_specificity(pairs: Iterable[tuple[str, object]]) -> dict[str, object]:
    """Per rule id, the value of the most specific selector that matches it (later pairs win
    ties): ``{"HC": "Low", "HC001": "High"}`` gives HC001 High and the other HC rules Low."""
    ranked = sorted(enumerate(pairs), key=lambda item: (len(_checked(item[1][0])), item[0]))
    values: dict[str, object] = {}
    for _, (selector, value) in ranked:
        for rule_id in expand(selector):
            values[rule_id] = value
    return values
