"""Attribute a code block without a file name by what it contains.

Regexes rather than ``ast``: model code often does not parse, and a guess is
still better than dropping the block. Each guess returns a reason that the
caller turns into a note, so a reader can see why a file got its name.
"""
from __future__ import annotations

import re

from iac_review.parse import json_text

PYTHON_LANGS = {"python", "py", "python3", "py3"}
# [^\S\n]* is whitespace within the line: ^\s* under MULTILINE rescans every run of blank
# lines (quadratic) and finds the same lines.
_STACK = re.compile(r"^[^\S\n]*class\s+(\w+)\s*\([^)]*\bTerraformStack\b[^)]*\)", re.M)
_APP = re.compile(r"\bApp\s*\(")
_SYNTH = re.compile(r"\.synth\s*\(\s*\)")
_TEST = re.compile(r"^[^\S\n]*(?:async\s+)?def\s+test_\w*\s*\(|^[^\S\n]*import\s+pytest\b"
                   r"|^[^\S\n]*from\s+pytest\b", re.M)
_HANDLER = re.compile(r"^[^\S\n]*def\s+\w*handler\s*\(\s*event\s*,\s*context", re.M)
_PY_STMT = re.compile(r"^(?:from\s+[\w.]+\s+import\s|import\s+\w|def\s+\w+\s*\(|class\s+\w+\s*[(:])", re.M)


def looks_python(text: str) -> bool:
    """For untagged blocks: at least one top-level import, def or class."""
    return bool(_PY_STMT.search(text))


def python_kind(text: str) -> tuple[str, str]:
    """(kind, reason) with kind one of stack, app, test, lambda, other."""
    stack, app = bool(_STACK.search(text)), bool(_APP.search(text) and _SYNTH.search(text))
    if stack and app:
        return "app", "it defines a TerraformStack subclass and calls App().synth()"
    if stack:
        return "stack", "it defines a TerraformStack subclass"
    if app:
        return "app", "it creates an App() and calls .synth()"
    if _TEST.search(text):
        return "test", "it contains pytest-style tests"
    if _HANDLER.search(text):
        return "lambda", "it defines a Lambda handler(event, context)"
    return "other", "no file name was given and its content matched no known kind"


def stack_class(text: str) -> str:
    """Name of the first TerraformStack subclass (call only when ``python_kind`` said stack)."""
    m = _STACK.search(text)
    return m[1] if m else ""


def is_cdktf_json(text: str) -> bool:
    try:
        data = json_text.loads(text)
    except ValueError:
        return False
    return isinstance(data, dict) and "app" in data and "language" in data


def default_path(kind: str, ordinal: int) -> str:
    """Path for a guessed kind; ``ordinal`` keeps invented names stable and unique."""
    return {
        "stack": "lib/tap_stack.py",
        "app": "tap.py",
        "cdktf-json": "cdktf.json",
        "test": f"tests/unit/test_unnamed_{ordinal}.py",
        "lambda": f"lib/lambda/_unnamed_{ordinal}.py",
    }.get(kind, f"lib/_unnamed_{ordinal}.py")
