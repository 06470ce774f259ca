"""Internal errors: a bug of ours met while reviewing one input.

A crash in one rule or stage must not cost the findings of the others, nor
the review of the other inputs. Where a unit of work runs (a rule, a stage,
the reading of an input) its exception becomes an ``InternalError`` in the
result, the review goes on, and the CLI exits 3 so that nobody mistakes the
partial review for a complete one.

``IAC_REVIEW_DEBUG=1`` re-raises instead, for whoever is fixing the bug.
"""
from __future__ import annotations

import os
import traceback
from dataclasses import dataclass
from typing import Any, Callable

# Stable codes: what kind of unit failed. Documented in docs/output-formats.md.
RULE_CRASHED = "ERR001"      # a rule raised while checking the input
STAGE_CRASHED = "ERR002"     # a stage raised (synth, checkov, score, diff, agreement, ...)
INPUT_CRASHED = "ERR003"     # reading or parsing the input raised
REVIEW_CRASHED = "ERR004"    # the review of the input raised outside any rule or stage

CODE_NAMES = {
    RULE_CRASHED: "rule-crashed",
    STAGE_CRASHED: "stage-crashed",
    INPUT_CRASHED: "input-reading-crashed",
    REVIEW_CRASHED: "review-crashed",
}
_MAX_MESSAGE = 500
_FRAMES = 3


@dataclass(frozen=True)
class InternalError:
    code: str             # ERR001..ERR004
    unit: str             # the rule id (e.g. "SCH007") or the stage ("synth", "score", "read")
    input: str            # the input being reviewed
    error_type: str       # the exception's class name
    message: str          # the exception's text, shortened
    where: str = ""       # innermost frames of ours, "file:line in function" joined by " < "

    @property
    def text(self) -> str:
        return (f"internal error in {self.unit} on {self.input}: "
                f"{self.error_type}: {self.message}")

    def to_dict(self) -> dict:
        return {"code": self.code, "name": CODE_NAMES.get(self.code, ""), "unit": self.unit,
                "input": self.input, "error_type": self.error_type, "message": self.message,
                "where": self.where}


def debugging() -> bool:
    return os.environ.get("IAC_REVIEW_DEBUG", "") not in ("", "0")


def internal_error(code: str, unit: str, input_name: str, exc: BaseException) -> InternalError:
    """Record ``exc``; re-raise it instead when IAC_REVIEW_DEBUG is set."""
    if debugging():
        raise exc
    message = " ".join(str(exc).split()) or "(no message)"
    if len(message) > _MAX_MESSAGE:
        message = message[:_MAX_MESSAGE] + "..."
    return InternalError(code, unit, input_name, type(exc).__name__, message, _where(exc))


def attempt(errors: list[InternalError], code: str, unit: str, input_name: str,
            work: Callable[[], Any]) -> tuple[bool, Any]:
    """Run one unit of a review: (True, its value), or (False, None) with the crash in ``errors``."""
    try:
        return True, work()
    except Exception as exc:  # noqa: BLE001  (a bug of ours: reported, the review goes on)
        errors.append(internal_error(code, unit, input_name, exc))
        return False, None


def _where(exc: BaseException) -> str:
    """The innermost frames inside this package: enough to file a bug, no paths of the machine."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f"{os.sep}iac_review{os.sep}" in f.filename]
    shown = []
    for frame in reversed(frames[-_FRAMES:]):
        path = frame.filename.split(f"{os.sep}iac_review{os.sep}", 1)[1].replace(os.sep, "/")
        shown.append(f"{path}:{frame.lineno} in {frame.name}")
    return " < ".join(shown)
