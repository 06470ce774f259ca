"""Which side of a failing unit test is wrong, as far as the synthesized JSON shows it.

A test that asserts ``"aws_s3_bucket_versioning" in resources`` fails either
because the stack lacks versioning or because the test expects the wrong thing;
the stack's synthesized JSON tells which of the two facts holds. ``which_side``
reads the failing line and the exception against the stacks' JSON and returns
a clause for the finding's message, or None when the JSON says nothing.
"""
from __future__ import annotations

import re

from iac_review.synth.suite_causes import ASSERTION, CODE, ERROR, Cause

_TYPE = re.compile(r"\b(aws_[a-z0-9_]+)\b")
_KEY_ERROR = re.compile(r"^['\"]?([^'\"]{1,120})['\"]?$")


def _types(stacks: dict) -> set[str]:
    found = set()
    for stack in stacks.values():
        if isinstance(stack, dict):
            for section in ("resource", "data"):
                block = stack.get(section)
                if isinstance(block, dict):
                    found.update(k for k in block if isinstance(k, str))
    return found


def _names(stacks: dict) -> list[str]:
    """``resource.<type>.<name>``, ``output.<name>`` and top-level keys of every stack."""
    names = []
    for stack in stacks.values():
        if not isinstance(stack, dict):
            continue
        names.extend(str(k) for k in stack)
        for type_name, items in (stack.get("resource") or {}).items():
            if isinstance(items, dict):
                names.extend(f"resource.{type_name}.{name}" for name in items)
        names.extend(f"output.{name}" for name in (stack.get("output") or {}))
    return names


def which_side(cause: Cause, stacks: dict, app_synthesized: bool) -> str | None:
    if cause.kind == CODE:
        frame = cause.in_code
        if frame is None:
            return None
        where = f"{frame.path}:{frame.line}" + (f" (`{frame.code}`)" if frame.code else "")
        clause = f"the exception is raised in the stack's code at {where}, not by the test's check"
        if app_synthesized:
            clause += "; the app itself synthesizes, so the arguments the test passes reach code the app does not"
        return clause
    if not stacks:
        return None
    if cause.kind == ASSERTION:
        return _missing_types(cause, stacks)
    if cause.kind == ERROR and cause.first.error_type == "KeyError":
        return _missing_key(cause, stacks)
    return None


def _missing_types(cause: Cause, stacks: dict) -> str | None:
    where = cause.where
    text = f"{where.code if where else ''}\n{cause.first.message.splitlines()[0] if cause.first.message else ''}"
    wanted = sorted(set(_TYPE.findall(text)))
    produced = _types(stacks)
    absent = [t for t in wanted if t not in produced]
    if not absent:
        return None
    listed = ", ".join(f"`{t}`" for t in absent[:3])
    return (f"the synthesized JSON has no {listed}: the stack does not create what the test "
            "expects (either the stack misses it or the test expects the wrong type)")


def _missing_key(cause: Cause, stacks: dict) -> str | None:
    match = _KEY_ERROR.match(cause.first.message.strip().splitlines()[0] if cause.first.message else "")
    if not match:
        return None
    key = match.group(1)
    names = _names(stacks)
    if any(n.rsplit(".", 1)[-1] == key for n in names):
        return None   # the key exists somewhere: the test looks in the wrong place, which the JSON cannot tell
    near = [n for n in names if key.lower() in n.rsplit(".", 1)[-1].lower()]
    if near:
        shown = ", ".join(f"`{n}`" for n in near[:2])
        return (f"the synthesized JSON has no key `{key}`; it has {shown}: cdktf derives resource and "
                "output names from the construct path, so the test reads a name the stack never produces")
    return f"the synthesized JSON has no key `{key}` anywhere: the test reads what the stack does not produce"
