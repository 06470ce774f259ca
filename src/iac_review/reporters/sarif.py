"""SARIF 2.1.0 output for GitHub code scanning and other SARIF viewers.

Locations. A finding in code that was extracted from a markdown answer points
at a virtual file (``lib/tap_stack.py``) that does not exist on disk, so its
primary location is the markdown file and line it came from; the virtual
path is kept in ``relatedLocations`` and in the message. URIs are relative to
the directory the tool ran in (normally the repository root in CI): project
paths are prefixed with the input folder, and absolute paths under the
working directory are made relative to it.

Fingerprints. ``partialFingerprints["iacReview/v1"]`` hashes the rule id,
the file and the normalised message, never the line, so an alert survives
unrelated edits; identical findings in one file are told apart by an
occurrence index.
"""
from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from importlib.metadata import PackageNotFoundError, metadata
from typing import TYPE_CHECKING

from iac_review.core.errors import RULE_CRASHED
from iac_review.core.finding import Finding, Severity
from iac_review.reporters import _common

if TYPE_CHECKING:  # pragma: no cover
    from iac_review.core.errors import InternalError
    from iac_review.core.review import InputReview, Review
    from iac_review.core.rule import RuleMeta

NAME = "sarif"
DESCRIPTION = "SARIF 2.1.0 for GitHub code scanning"
EXTENSION = ".sarif"

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://pypi.org/project/iac-review/"
FINGERPRINT_KEY = "iacReview/v1"

LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
}

#: Categories whose findings are security alerts on GitHub (ranked by security-severity).
SECURITY_CATEGORIES = frozenset({
    "security_hardening_missing",
    "hardcoded_secret_or_password",
    "iam_overly_permissive",
})
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
}


def level(severity: Severity) -> str:
    return LEVELS[severity]


def _information_uri() -> str:
    try:
        meta = metadata("iac-review")
    except (ImportError, PackageNotFoundError):
        return INFORMATION_URI
    for value in meta.get_all("Project-URL") or []:
        label, _, url = value.partition(",")
        if label.strip().lower() in ("homepage", "home", "repository", "source") and url.strip():
            return url.strip()
    return meta.get("Home-page") or INFORMATION_URI


def _is_relative(path: str) -> bool:
    return not (path.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", path) or "://" in path)


def _clean(path: str) -> str:
    path = path.replace("\\", "/")
    norm = posixpath.normpath(path) if path else path
    return norm[2:] if norm.startswith("./") else ("" if norm == "." else norm)


def _repo_relative(path: str) -> str:
    """An absolute path under the working directory, made relative to it."""
    if _is_relative(path):
        return path
    cwd = _clean(os.getcwd())
    if path.startswith(cwd.rstrip("/") + "/"):
        return path[len(cwd.rstrip("/")) + 1:]
    return path


def artifact_uri(input_review: "InputReview", path: str) -> str:
    """URI of a file of the input, relative to the directory the tool ran in when possible.

    ``path`` is project-relative (``lib/tap_stack.py``) or already includes the
    input folder (origins do: ``tasks/t1/lib/MODEL_RESPONSE.md``).
    """
    project = input_review.project
    path = _clean(path)
    if project.kind in ("project", "task") and _is_relative(path):
        base = _clean(project.input)
        if base and not (path == base or path.startswith(base.rstrip("/") + "/")):
            path = posixpath.join(base, path)
    return _repo_relative(path)


def origin_uri(input_review: "InputReview", origin_file: str) -> str:
    if input_review.project.kind == "markdown":
        return _repo_relative(_clean(origin_file))  # the markdown file as the user named it
    return artifact_uri(input_review, origin_file)


def _region(line: int, column: int | None = None, end_line: int | None = None,
            end_column: int | None = None) -> dict:
    region: dict = {"startLine": max(1, int(line))}
    if column is not None:
        region["startColumn"] = max(1, int(column))
    if end_line is not None and end_line >= region["startLine"]:
        region["endLine"] = int(end_line)
        if end_column is not None:
            region["endColumn"] = max(1, int(end_column))
    return region


def _help(meta: "RuleMeta") -> dict:
    fix = {"safe": "A safe automatic fix is available.",
           "unsafe": "An automatic fix is available; it may change behaviour, so review it.",
           }.get(meta.fix, "No automatic fix: change the code as described in each finding.")
    text = f"{meta.summary}\n\nWhy: {meta.why}\n\nImpact: {meta.impact}\n\nFix: {fix}"
    markdown = (f"{meta.summary}\n\n**Why it matters**: {meta.why}\n\n"
                f"**Impact**: {meta.impact}\n\n**Fix**: {fix}")
    if meta.docs:
        text += f"\n\nReference: {meta.docs}"
        markdown += f"\n\n**Reference**: [{meta.docs}]({meta.docs})"
    return {"text": text, "markdown": markdown}


def _rule_descriptor(rule_id: str, findings: list[Finding]) -> dict:
    meta = _common.rule_meta(rule_id)
    first = findings[0]
    category = meta.category if meta is not None else first.category
    if meta is not None:
        default = meta.default_severity
    else:  # unknown rule: the worst severity it was reported with
        default = max((f.severity for f in findings), key=lambda s: s.rank)
    name = (meta.name if meta is not None else "") or first.rule_name
    title = _common.rule_title(rule_id, name)
    descriptor: dict = {"id": rule_id}
    if name:
        descriptor["name"] = name
    descriptor["shortDescription"] = {"text": title}
    if meta is not None:
        descriptor["fullDescription"] = {"text": meta.why or title}
        if meta.docs and "://" in meta.docs:
            descriptor["helpUri"] = meta.docs
        descriptor["help"] = _help(meta)
    else:
        descriptor["fullDescription"] = {"text": title}
        descriptor["help"] = {"text": f"{title}. (No metadata is registered for rule {rule_id}.)"}
    descriptor["defaultConfiguration"] = {"level": level(default)}
    properties: dict = {"tags": [category] if category else []}
    if category in SECURITY_CATEGORIES:
        properties["tags"].append("security")
        properties["security-severity"] = SECURITY_SEVERITY[default]
    descriptor["properties"] = properties
    return descriptor


def _normalise(message: str) -> str:
    return " ".join(message.split()).lower()


def _fingerprint(rule_id: str, uri: str, message: str) -> str:
    digest = hashlib.sha256()
    for part in (rule_id, uri, _normalise(message)):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def _result(finding: Finding, input_review: "InputReview", rule_index: int) -> tuple[dict, str]:
    """A SARIF result and the path its fingerprint is computed on."""
    loc = finding.location
    message = finding.message
    result: dict = {"ruleId": finding.rule_id, "ruleIndex": rule_index,
                    "level": level(finding.severity)}
    origin = finding.origin
    if origin is not None:
        primary_uri = origin_uri(input_review, origin.file)
        primary = {"artifactLocation": {"uri": primary_uri}, "region": _region(origin.line)}
        fp_path = primary_uri
        if loc.file in input_review.project.files and loc.file != origin.file:
            fp_path = f"{primary_uri}#{_clean(loc.file)}"
            message = f"{message} (in {loc.file}:{loc.line}, extracted from {origin.file})"
            result["relatedLocations"] = [{
                "id": 1,
                "physicalLocation": {
                    "artifactLocation": {"uri": _clean(loc.file)},
                    "region": _region(loc.line, loc.column, loc.end_line, loc.end_column),
                },
                "message": {"text": f"{loc.file} as extracted from {origin.file}"},
            }]
    else:
        primary_uri = artifact_uri(input_review, loc.file)
        primary = {"artifactLocation": {"uri": primary_uri},
                   "region": _region(loc.line, loc.column, loc.end_line, loc.end_column)}
        fp_path = primary_uri
    result["message"] = {"text": message}
    result["locations"] = [{"physicalLocation": primary}]
    properties: dict = {"category": finding.category, "severity": finding.severity.value,
                        "stage": finding.stage, "confidence": finding.confidence}
    if finding.fix:
        properties["fix"] = finding.fix
    if finding.evidence:
        properties["evidence"] = finding.evidence
    result["properties"] = properties
    return result, fp_path


def to_dict(review: "Review") -> dict:
    """The SARIF log as Python data."""
    ordered: list[tuple[Finding, "InputReview"]] = []
    for input_review in sorted(review.inputs, key=lambda r: r.input):
        for finding in _common.sorted_findings(input_review.findings):
            ordered.append((finding, input_review))

    grouped: dict[str, list[Finding]] = {}
    for finding, _ in ordered:
        grouped.setdefault(finding.rule_id, []).append(finding)
    rule_ids = sorted(grouped)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    rules = [_rule_descriptor(rule_id, grouped[rule_id]) for rule_id in rule_ids]

    results = []
    seen: dict[str, int] = {}
    for finding, input_review in ordered:
        result, fp_path = _result(finding, input_review, index[finding.rule_id])
        base = _fingerprint(finding.rule_id, fp_path, finding.message)
        occurrence = seen.get(base, 0)
        seen[base] = occurrence + 1
        result["partialFingerprints"] = {FINGERPRINT_KEY: f"{base}:{occurrence}"}
        results.append(result)

    run: dict = {
        "tool": {"driver": {
            "name": _common.TOOL_NAME,
            "version": review.tool_version,
            "semanticVersion": review.tool_version,
            "informationUri": _information_uri(),
            "rules": rules,
        }},
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    not_evaluated = [
        {"level": "warning",
         "message": {"text": f"{item.input or r.input}: stage {item.stage} was not evaluated: "
                             f"{item.reason}"}}
        for r in sorted(review.inputs, key=lambda r: r.input)
        for item in _common.sorted_not_evaluated(r.not_evaluated)
    ]
    errors = [
        {"level": "error", "message": {"text": f"{r.input}: could not be reviewed: {r.error}"}}
        for r in sorted(review.inputs, key=lambda r: r.input) if r.error
    ]
    crashes = [_crash_notification(e) for r in sorted(review.inputs, key=lambda r: r.input)
               for e in r.internal_errors]
    if not_evaluated or errors or crashes:
        run["invocations"] = [{
            "executionSuccessful": not errors and not crashes,
            "toolExecutionNotifications": crashes + errors + not_evaluated,
        }]
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def _crash_notification(error: "InternalError") -> dict:
    """A rule or stage that crashed: the review of that input is incomplete."""
    note: dict = {
        "level": "error",
        "descriptor": {"id": error.code},
        "message": {"text": f"{error.text} (the review of this input is incomplete)"},
        "exception": {"kind": error.error_type, "message": error.message},
        "properties": {"input": error.input, "unit": error.unit, "where": error.where},
    }
    if error.code == RULE_CRASHED:
        note["associatedRule"] = {"id": error.unit}
    return note


def render(review: "Review", *, color: bool = False, show_code: bool = True) -> str:
    """Render the review as a SARIF 2.1.0 log; ``color`` and ``show_code`` do not apply."""
    return json.dumps(to_dict(review), indent=2, ensure_ascii=False) + "\n"
