"""Findings the user chose not to see: per-file ignores and inline suppressions.

Both are applied after every stage ran, to the merged findings, so that a
suppression of one rule also covers a finding that another rule of the same
defect was merged into. What was suppressed is kept (the JSON output lists
it). Each suppression remembers which of its selectors matched a finding, so
that the SUP rules can report the ones that match nothing.

A model answer cannot waive its own review: suppression comments in code taken
from a markdown answer are not honored, and the review says so.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import pathspec

from iac_review.core.finding import Finding
from iac_review.parse.suppressions import Suppression, suppressions
from iac_review.stages.selection import SelectionError, expand


@dataclass
class SuppressionReview:
    honored: list[Suppression] = field(default_factory=list)
    not_honored: list[Suppression] = field(default_factory=list)   # in a model answer
    # Per suppression: its selectors that match rules, with those rules' ids.
    rules: dict[Suppression, dict[str, frozenset[str]]] = field(default_factory=dict)
    unknown: dict[Suppression, list[str]] = field(default_factory=dict)   # name no rule
    used: dict[Suppression, set[str]] = field(default_factory=dict)        # selectors that matched
    suppressed: list[tuple[Finding, str]] = field(default_factory=list)   # (finding, by what)


def apply(ctx, findings: list[Finding]) -> list[Finding]:
    """The findings still reported; ``ctx.suppressions`` records the rest."""
    review = ctx.suppressions = _collect(ctx.project)
    patterns = _per_file_patterns(ctx)
    kept = []
    for finding in findings:
        by = _per_file(finding, patterns, ctx) or _inline(finding, review)
        if by:
            review.suppressed.append((finding, by))
        else:
            kept.append(finding)
    return kept


def per_file_kept(ctx, findings: list[Finding]) -> list[Finding]:
    """The findings no per-file ignore covers (for the SUP rules' own findings)."""
    patterns = _per_file_patterns(ctx)
    kept = []
    for finding in findings:
        by = _per_file(finding, patterns, ctx)
        if by:
            ctx.suppressions.suppressed.append((finding, by))
        else:
            kept.append(finding)
    return kept


def _collect(project) -> SuppressionReview:
    review = SuppressionReview()
    for source in project.python_files():
        for item in suppressions(source.path, source.text):
            if source.origin_file:
                review.not_honored.append(item)
                continue
            review.honored.append(item)
            review.rules[item] = {}
            review.unknown[item] = []
            review.used[item] = set()
            for selector in item.selectors:
                try:
                    review.rules[item][selector] = expand(selector)
                except SelectionError:
                    review.unknown[item].append(selector)
    return review


def _ids(finding: Finding) -> set[str]:
    return {finding.rule_id, *(rule for rule, _ in finding.also)}


def _inline(finding: Finding, review: SuppressionReview) -> str | None:
    ids = _ids(finding)
    location = finding.location
    last = max(location.end_line or location.line, location.line)
    hit = None
    for item in review.honored:
        if item.file != location.file or not (item.whole_file or location.line <= item.target <= last):
            continue
        for selector, rules in review.rules[item].items():
            if ids & rules:
                review.used[item].add(selector)
                hit = hit or f"{item.file}:{item.line} {item.text}"
    return hit


def _per_file_patterns(ctx) -> list[tuple[str, pathspec.PathSpec, frozenset[str]]]:
    """The configuration's per-file ignores, compiled once per input."""
    return ctx.memo("per_file_ignores", lambda c: _compiled(c.config))


def _compiled(config) -> list[tuple[str, pathspec.PathSpec, frozenset[str]]]:
    patterns = []
    for pattern, selectors in getattr(config, "per_file_ignores", ()):
        ids: frozenset[str] = frozenset()
        for selector in selectors:
            ids |= expand(selector)
        patterns.append((pattern, pathspec.PathSpec.from_lines("gitwildmatch", [pattern]), ids))
    return patterns


def _per_file(finding: Finding, patterns, ctx) -> str | None:
    if not patterns:
        return None
    ids = _ids(finding)
    names = _path_names(finding.location.file, ctx)
    for pattern, spec, rules in patterns:
        if ids & rules and any(spec.match_file(name) for name in names):
            return f"per-file-ignores {pattern!r}"
    return None


def _path_names(path: str, ctx) -> list[str]:
    """The file as the project names it, and as seen from the configuration file's folder."""
    names = [path]
    base, root = getattr(ctx.config, "config_dir", None), ctx.project.root
    if base and root:
        relative = os.path.relpath(os.path.join(root, path), base)
        if not relative.startswith(".."):
            names.append(relative.replace(os.sep, "/"))
    return names
