"""What one synthesis produced: the stacks' Terraform JSON, or the failure.

A failure is a verdict on the code only when the code caused it. Two failures
are the environment's, and end as "not evaluated" instead (``from_answer``):
the app reached for the network, which the sandbox never gives; or it imports
a published provider package that is not installed here. A third is the
interpreter's (``newer_python``): a syntax error in code valid for a newer Python.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from iac_review.core.workspace import Project
from iac_review.knowledge import providers
from iac_review.parse.python import RUNNING_PYTHON, parse_python

OK, FAILED, TIMEOUT, CRASHED, NOT_RUN = "ok", "failed", "timeout", "crashed", "not_run"

_NETWORK_WORDS = {"packages": "downloads packages", "download": "downloads files",
                  "connect": "reaches the network"}


@dataclass(frozen=True)
class Frame:
    """A traceback frame inside the reviewed project (project-relative path)."""

    path: str
    line: int
    function: str = ""
    code: str = ""


@dataclass(frozen=True)
class NetworkAttempt:
    """The app asked for the network while synthesizing (the sandbox has none)."""

    kind: str                # "packages" (pip, npm ...), "download" (curl, git ...), "connect"
    what: str                # the command, or host:port
    path: str | None = None  # the project file that asked, when known
    line: int = 0

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.path else "outside the project's files"

    def sentence(self) -> str:
        return f"the app {_NETWORK_WORDS.get(self.kind, 'uses the network')} while synthesizing ({self.where})"


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
    network: list[NetworkAttempt] = field(default_factory=list)  # what the app asked of the network

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


def _not_evaluated(answer: dict, network: list[NetworkAttempt]) -> str | None:
    """Why a failed synthesis says nothing about the code, or None when it does."""
    if answer.get("status") == "ok":
        return None
    if network:
        first = network[0]
        return f"{first.sentence()}: {first.what}; the sandbox has no network"
    module = answer.get("error_module") or ""
    if (answer.get("error_type") == "ModuleNotFoundError" and providers.published_package(module)
            and not providers.installed(module)):
        return (f"the app imports {providers.top_level(module)}, a published provider "
                f"package that is not installed here; to review it: {providers.install_line(module)}")
    return None


def from_answer(answer: dict, entry: str, harness_file: str | None, **extra) -> SynthOutcome:
    """The outcome of one answer of the synthesis worker (child.py's JSON line).

    ``harness_file``: our own entry file, whose frames are not the project's.
    """
    frames = [Frame(p, line, fn, code) for p, line, fn, code in answer.get("frames") or []
              if p != harness_file]
    network = [NetworkAttempt(a.get("kind", "connect"), a.get("what", ""), a.get("path"),
                              a.get("line") or 0) for a in answer.get("network") or []]
    reason = _not_evaluated(answer, network)
    if reason is not None:
        return SynthOutcome(NOT_RUN, error_type=answer.get("error_type"),
                            error_message=answer.get("error_message"), frames=frames, entry=entry,
                            reason=reason, network=network, **extra)
    status = OK if answer.get("status") == "ok" else FAILED
    return SynthOutcome(status, stacks=answer.get("stacks") or {}, error_type=answer.get("error_type"),
                        error_message=answer.get("error_message"), frames=frames, entry=entry,
                        network=network, **extra)


# The names Python's tempfile gives (mkdtemp, NamedTemporaryFile): random on every run.
_TEMP_NAME = re.compile(r"\btmp[a-z0-9_]{8}\b")


def work_dir_cleaner(project_dirs=(), home=None):
    """``clean(text)``: the text without the sandbox's folders (see ``without_work_dirs``)."""
    replacements = [(f"{folder}/", "") for folder in project_dirs] + [(str(f), ".") for f in project_dirs]
    if home is not None:
        replacements.append((str(home), "~"))
    replacements.sort(key=lambda pair: len(pair[0]), reverse=True)   # inner folders first

    def clean(text: str | None) -> str | None:
        if not text:
            return text
        for old, new in replacements:
            text = text.replace(old, new)
        return _TEMP_NAME.sub("tmpXXXXXXXX", text) if home is not None else text

    return clean


def without_work_dirs(outcome: SynthOutcome, project_dirs=(), home=None) -> SynthOutcome:
    """Error texts without the sandbox's own folders: ``/tmp/iac-review-synth-x/task/lib/a.zip``
    reads ``lib/a.zip``, the app's HOME (also its TMPDIR) reads ``~``, and a temporary name the
    app made reads ``tmpXXXXXXXX``. Those names change with every run and mean nothing to the
    reader; a message that carried them would never match itself in a baseline or between runs."""
    clean = work_dir_cleaner(project_dirs, home)
    return replace(outcome, error_message=clean(outcome.error_message),
                   stderr_tail=clean(outcome.stderr_tail), reason=clean(outcome.reason))


def newer_python(outcome: SynthOutcome, project: Project) -> SynthOutcome:
    """A SyntaxError in a project file that a newer Python reads is not the code's fault."""
    frame = outcome.innermost_frame
    if outcome.status != FAILED or outcome.error_type != "SyntaxError" or frame is None:
        return outcome
    source = project.files.get(frame.path)
    if source is None or not parse_python(source.text, frame.path).newer_syntax:
        return outcome
    return replace(outcome, status=NOT_RUN, stacks={},
                   reason=(f"{frame.path} uses syntax of a newer Python than the "
                           f"{RUNNING_PYTHON} running this review (line {frame.line}); run "
                           "iac-review on the Python the project targets"))
