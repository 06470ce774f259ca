"""A baseline: the findings a project already had, so that later runs report only new ones.

A finding is remembered by its rule, its input, its file and the text of its
line with blanks collapsed, not by its line number, so that code added above it
does not make it new. Identical lines count: two findings on two identical
lines need two entries. The file is JSON and carries the tool name, so that
the next run may replace it.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from iac_review.core.finding import Finding

FORMAT_VERSION = 1
_DIGITS = re.compile(r"\d+")


class BaselineError(Exception):
    """A baseline file that cannot be read (exit code 2)."""


def _code(item, finding: Finding) -> str:
    source = item.project.files.get(finding.location.file)
    if source is not None:
        lines = source.text.splitlines()
        if 0 < finding.location.line <= len(lines):
            return " ".join(lines[finding.location.line - 1].split())
    # no line to quote (an input-level finding): the message without its numbers
    return _DIGITS.sub("#", finding.message)


def _input_name(path: str, folder: Path) -> str:
    try:
        return os.path.relpath(os.path.realpath(path), folder).replace(os.sep, "/")
    except ValueError:   # another drive (Windows): keep the path as given
        return path


def _key(entry: dict) -> tuple:
    return (entry["input"], entry["rule"], entry["file"], entry["code"])


def entries(review, folder: Path) -> list[dict]:
    out = []
    for item in review.inputs:
        name = _input_name(item.project.input, folder)
        for finding in item.findings:
            out.append({"input": name, "rule": finding.rule_id, "file": finding.location.file,
                        "code": _code(item, finding), "line": finding.location.line})
    return out


def render(review, path: str) -> str:
    folder = Path(path).resolve().parent
    data = {"tool": {"name": "iac-review", "version": review.tool_version},
            "format": FORMAT_VERSION, "findings": entries(review, folder)}
    return json.dumps(data, indent=2) + "\n"


def load(path: str) -> Counter:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        found = data["findings"]
        if data.get("format") != FORMAT_VERSION or not isinstance(found, list):
            raise ValueError(f"format {data.get('format')!r}, expected {FORMAT_VERSION}")
        return Counter(_key(entry) for entry in found)
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"--baseline {path}: cannot read: {exc}") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise BaselineError(f"--baseline {path}: not a baseline written by iac-review ({exc}); "
                            "write a new one with --update-baseline") from exc


def only_new(review, path: str, known: Counter) -> tuple[object, int]:
    """The review without the findings the baseline holds, and how many were left out."""
    folder = Path(path).resolve().parent
    left = Counter(known)
    hidden = 0
    inputs = []
    for item in review.inputs:
        name = _input_name(item.project.input, folder)
        kept = []
        for finding in item.findings:
            key = (name, finding.rule_id, finding.location.file, _code(item, finding))
            if left[key] > 0:
                left[key] -= 1
                hidden += 1
            else:
                kept.append(finding)
        inputs.append(replace(item, findings=kept))
    return replace(review, inputs=inputs), hidden
