"""Confirm static predictions with the real synthesis.

A static finding *predicts* a synth failure when its rule's mechanism stops
`cdktf synth` (an ImportError, a TypeError from the binding, a jsii
deserialization error, ...). Synthesis stops at the first error, so it can
confirm one prediction (which then carries the real message as evidence) and
contradict all of them (when synth succeeds). A synth error no prediction
explains becomes a SYN001 finding of its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from iac_review.core.finding import Finding
from iac_review.synth.outcome import evidence_text

_QUOTED = re.compile(r"['`\"]([A-Za-z_][A-Za-z0-9_.]*)['`\"]")
_JSII_KEY = re.compile(r"Key '([A-Za-z0-9_]+)'")
_IMPORT_ERRORS = ("ModuleNotFoundError", "ImportError")
# typeguard's "type of argument <name> must be ...": the argument the static rules name.
_ARGUMENT = re.compile(r"\btype of argument ([A-Za-z_][A-Za-z0-9_]*)")


def predicts_failure(finding: Finding, outcome=None) -> bool:
    """Whether the finding says synth stops there (its rule declares it: RuleMeta).

    ``outcome`` is accepted for rules whose prediction depends on how synthesis ran.
    CTR002 (stack rejects the harness parameters) does not predict: our own
    harness passes only what the stack accepts, so synthesis cannot judge it.
    """
    return finding.breaks_synth


@dataclass
class SynthCheck:
    """How the synthesis bears on the static findings of one input."""

    confirmed: list[Finding] = field(default_factory=list)      # carry the real error now
    contradicted: list[Finding] = field(default_factory=list)   # predicted, but synth passed
    unexplained: bool = False                                   # synth error nobody predicted


def error_words(outcome) -> set[str]:
    """Identifiers the error names: quoted names and jsii's 'Key ...' path."""
    text = f"{outcome.error_type or ''}: {outcome.error_message or ''}"
    return set(_QUOTED.findall(text)) | set(_JSII_KEY.findall(text)) | set(_ARGUMENT.findall(text))


def _explains(finding: Finding, outcome, words: set[str]) -> bool:
    frame = outcome.innermost_frame
    if frame and frame.path == finding.location.file and frame.line == finding.location.line:
        return True
    if outcome.error_type == "SyntaxError":
        return finding.rule_id == "PY001"
    if outcome.error_type == "NameError":
        return finding.rule_id == "PY003" and any(f"`{w}`" in finding.message for w in words)
    named = {w.rsplit(".", 1)[-1] for w in words}
    return any(f"`{w}`" in finding.message or f".{w}`" in finding.message or f"{w}`" in finding.message
               for w in named if len(w) > 2)


def check(findings: list[Finding], outcome) -> SynthCheck:
    result = SynthCheck()
    predictions = [f for f in findings if predicts_failure(f, outcome)]
    if outcome is None or outcome.status in ("not_run", "timeout", "crashed"):
        return result
    if outcome.ok:
        result.contradicted = predictions
        return result
    words = error_words(outcome)
    result.confirmed = [f for f in predictions if _explains(f, outcome, words)]
    # A finding that names the failing code explains the error even when its rule does not
    # predict a failure (a Medium TFS002 on the expression that raised): no second item for it.
    # (Not for import errors: a module name such as `lib` is named by findings about other things.)
    result.unexplained = not result.confirmed and (
        outcome.error_type in _IMPORT_ERRORS
        or not any(_explains(f, outcome, words) for f in findings if f.rule_id != "SYN001"))
    return result


def with_evidence(findings: list[Finding], synth_check: SynthCheck, outcome,
                  keep: bool = False, repairs: int = 0) -> list[Finding]:
    """Findings the synthesis confirmed gain its real error as evidence (``keep``: not
    replacing evidence they already have, from an earlier synthesis; ``repairs``: how many
    automatic repairs the synthesized copy had, which the evidence says, since their code is
    not the answer's)."""
    if not synth_check.confirmed:
        return findings
    confirmed = {id(f) for f in synth_check.confirmed}
    evidence = evidence_text(outcome)
    if repairs:
        evidence = (f"after {repairs} automatic repair{'s' if repairs > 1 else ''} of a copy "
                    f"(names in it may be the repairs'): {evidence}")
    return [replace(f, evidence=evidence) if id(f) in confirmed and not (keep and f.evidence) else f
            for f in findings]
