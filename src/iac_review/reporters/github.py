"""GitHub Actions workflow commands: one annotation per finding on the pull request's files.

Critical and High findings are ``::error``, Medium ``::warning`` and Low
``::notice``. A finding in code taken from a markdown answer is annotated on
the markdown line it came from, since that is the file in the repository.
Messages and properties are escaped as the runner expects (``%``, CR, LF, and
``:`` and ``,`` in properties).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from iac_review.core.finding import Severity
from iac_review.reporters import _common
from iac_review.reporters.sarif import artifact_uri, origin_uri

if TYPE_CHECKING:  # pragma: no cover
    from iac_review.core.review import InputReview, Review

NAME = "github"
DESCRIPTION = "GitHub Actions annotations (::error file=...,line=...::message)"
EXTENSION = ".txt"

COMMANDS = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
            Severity.LOW: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding, input_review: "InputReview") -> str:
    location = finding.location
    if finding.origin is not None:
        path, line, column, end = origin_uri(input_review, finding.origin.file), finding.origin.line, None, None
    else:
        path, line = artifact_uri(input_review, location.file), location.line
        column, end = location.column, location.end_line
    props = [f"file={_property(path)}", f"line={max(1, line)}"]
    if column:
        props.append(f"col={column}")
    if end and end > line:
        props.append(f"endLine={end}")
    title = f"{finding.rule_id} {_common.rule_title(finding.rule_id, finding.rule_name)} ({finding.severity.value})"
    props.append(f"title={_property(title)}")
    body = finding.message + (f"\nfix: {finding.fix}" if finding.fix else "")
    return f"::{COMMANDS[finding.severity]} {','.join(props)}::{_data(body)}"


def render(review: "Review", *, color: bool = False, show_code: bool = True) -> str:
    """One workflow command per line; internal errors and unreadable inputs are ::error too."""
    lines = []
    for input_review in review.inputs:
        if input_review.error:
            lines.append(f"::error title={_property('iac-review: input not reviewed')}::"
                         f"{_data(input_review.error)}")
        for finding in _common.sorted_findings(input_review.findings):
            lines.append(annotation(finding, input_review))
    for error in review.internal_errors:
        lines.append(f"::error title={_property('iac-review: internal error ' + error.code)}::"
                     f"{_data(error.text)}")
    return "\n".join(lines) + ("\n" if lines else "")
