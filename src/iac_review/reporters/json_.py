"""JSON output, described by ``docs/json-schema/review-<version>.json``.

The module is named ``json_`` so that it does not shadow the standard
library; the format name is ``json``.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from iac_review.core.finding import Finding
from iac_review.reporters import _common

if TYPE_CHECKING:  # pragma: no cover
    from iac_review.core.review import InputReview, Review

# The version of docs/json-schema/review-<version>.json this output follows.
JSON_SCHEMA_VERSION = "1.5"
NAME = "json"
DESCRIPTION = "machine-readable findings (schema in docs/json-schema/)"
EXTENSION = ".json"


def _rule_name(finding: Finding) -> str:
    if finding.rule_name:
        return finding.rule_name
    meta = _common.rule_meta(finding.rule_id)
    return meta.name if meta is not None else ""


def _finding(finding: Finding, input_review: "InputReview") -> dict:
    loc = finding.location
    return {
        "input": _common.finding_input(finding, input_review),
        "rule_id": finding.rule_id,
        "rule_name": _rule_name(finding),
        "category": finding.category,
        "severity": finding.severity.value,
        "message": finding.message,
        "location": {
            "file": loc.file,
            "line": loc.line,
            "column": loc.column,
            "end_line": loc.end_line,
            "end_column": loc.end_column,
        },
        "origin": ({"file": finding.origin.file, "line": finding.origin.line}
                   if finding.origin is not None else None),
        "stage": finding.stage,
        "evidence": finding.evidence,
        "fix": finding.fix,
        "confidence": finding.confidence,
        "breaks_synth": finding.breaks_synth,
        "fix_safety": finding.fixable,
        "after_repairs": finding.after_repairs,
        "also": [{"rule_id": rule, "category": category} for rule, category in finding.also],
        "docs": finding.docs,
    }


def _input(input_review: "InputReview", gate: float | None = None) -> dict:
    project = input_review.project
    suite = input_review.suite
    return {
        "input": project.input,
        "kind": project.kind,
        "source": project.source,
        "files": sorted(project.files),
        "notes": list(project.notes),
        "error": input_review.error,
        "complete": input_review.complete,
        "seconds": round(float(input_review.seconds), 3),
        "synth": _synth(input_review),
        "tests": suite.to_dict(gate) if suite is not None else None,
        "score": _as_dict(getattr(input_review, "score", None)),
        "ideal_diff": _as_dict(getattr(input_review, "ideal_diff", None)),
        "agreement": _as_dict(getattr(input_review, "agreement", None)),
        "repairs": _as_dict(getattr(input_review, "repairs", None)),
        "requirements": [_requirement(check) for check in input_review.requirements],
    }


def _requirement(check) -> dict:
    requirement = check.requirement
    return {"kind": requirement.kind, "subject": requirement.subject, "value": requirement.value,
            "line": requirement.line, "quote": requirement.quote, "strong": requirement.strong,
            "status": check.status, "evidence": check.evidence}


def _as_dict(part) -> dict | None:
    return part.to_dict() if part is not None else None


def _synth(input_review: "InputReview") -> dict | None:
    """The sandboxed synthesis of this input, when it ran."""
    outcome = input_review.synth
    if outcome is None:
        return None
    return {
        "status": outcome.status,
        "entry": outcome.entry or None,
        "seconds": round(float(outcome.seconds), 3),
        "stacks": sorted(outcome.stacks),
        "error": (f"{outcome.error_type}: {outcome.error_message}" if outcome.error_type
                  else outcome.reason),
        "contradicted_predictions": [f"{f.rule_id} {f.location.file}:{f.location.line}"
                                     for f in input_review.contradicted],
    }


def to_dict(review: "Review") -> dict:
    """The JSON document as Python data (handy for tests and other reporters)."""
    findings: list[tuple[tuple, dict]] = []
    not_evaluated: list[tuple[tuple, dict]] = []
    for input_review in review.inputs:
        for finding in input_review.findings:
            name = _common.finding_input(finding, input_review)
            findings.append(((name, finding.sort_key()), _finding(finding, input_review)))
        for item in input_review.not_evaluated:
            name = item.input or input_review.input
            not_evaluated.append(((name, _common.stage_rank(item.stage), item.reason),
                                  {"input": name, "stage": item.stage, "reason": item.reason}))
    findings.sort(key=lambda pair: pair[0])
    not_evaluated.sort(key=lambda pair: pair[0])
    errors = sorted((e.to_dict() for e in review.internal_errors),
                    key=lambda e: (e["input"], e["code"], e["unit"], e["message"]))
    # inputs keep the order they were given in; findings and not_evaluated are
    # sorted by input name, then by Finding.sort_key / pipeline stage
    all_findings = [f for r in review.inputs for f in r.findings]
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": {"name": _common.TOOL_NAME, "version": review.tool_version},
        "provider": dict(review.provider),
        "inputs": [_input(r, review.config.coverage_gate) for r in review.inputs],
        "findings": [data for _, data in findings],
        "not_evaluated": [data for _, data in not_evaluated],
        "suppressed": [{"finding": _finding(finding, r), "by": by}
                       for r in review.inputs for finding, by in r.suppressed],
        "internal_errors": errors,
        "complete": not errors,
        "summary": {
            "by_severity": _common.severity_counts(all_findings),
            "total": len(all_findings),
            "internal_errors": len(errors),
        },
    }


def render(review: "Review", *, color: bool = False, show_code: bool = True) -> str:
    """Render the review as JSON text; ``color`` and ``show_code`` do not apply."""
    return json.dumps(to_dict(review), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
