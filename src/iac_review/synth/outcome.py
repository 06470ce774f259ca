"""What one synthesis produced: the stacks' Terraform JSON, or the failure."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

OK, FAILED, TIMEOUT, CRASHED, NOT_RUN = "ok", "failed", "timeout", "crashed", "not_run"


@dataclass(frozen=True)
class Frame:
    """A traceback frame inside the reviewed project (project-relative path)."""

    path: str
    line: int
    function: str = ""
    code: str = ""


@dataclass
class SynthOutcome:
    status: str                                   # OK, FAILED, TIMEOUT, CRASHED or NOT_RUN
    stacks: dict[str, dict] = field(default_factory=dict)   # stack name -> cdk.tf.json
    error_type: str | None = None                 # e.g. "ImportError", "TypeError", "RuntimeError"
    error_message: str | None = None              # the exception text (jsii details included)
    frames: list[Frame] = field(default_factory=list)       # innermost last
    stderr_tail: str = ""
    seconds: float = 0.0
    entry: str = ""                               # "tap.py", "cdktf.json app: ...", "harness"
    enforced: dict[str, object] = field(default_factory=dict)  # what the sandbox enforced
    reason: str | None = None                     # why NOT_RUN

    @property
    def ok(self) -> bool:
        return self.status == OK

    @property
    def innermost_frame(self) -> Frame | None:
        return self.frames[-1] if self.frames else None


# Machine-specific paths in exception texts: the installed package and our temp dirs.
_SITE_PACKAGES = re.compile(r"\s*\(/[^()]*site-packages/[^()]*\)")
_TEMP_DIR = re.compile(r"/[^\s'\"]*/iac-review-[A-Za-z0-9_-]+/(?:[^\s'\"/]+/)?")


def evidence_text(outcome, limit: int = 1200) -> str:
    """The exception as evidence; the same input gives the same text on any machine."""
    message = _SITE_PACKAGES.sub("", outcome.error_message or "")
    message = _TEMP_DIR.sub("", message)
    text = f"cdktf synth ({outcome.entry or 'entry point'}): {outcome.error_type}: {message}"
    return text if len(text) <= limit else text[:limit] + " ..."
