"""``NameError: name 'true' is not defined``: JSON's literals written in Python.

Answers paste JSON (IAM policies, event patterns) into Python dicts and keep
``true``, ``false`` and ``null``. In a file that never binds those names,
every such name becomes ``True``, ``False`` or ``None``.
"""
from __future__ import annotations

import re

from iac_review.core.repair import Repair
from iac_review.fix.guided.proposal import Proposal, failing_file

_JSON_NAME = re.compile(r"name '(true|false|null)' is not defined")


def propose(outcome, project, index) -> Proposal | None:
    match = _JSON_NAME.search(outcome.error_message or "") if outcome.error_type == "NameError" else None
    frame, source = failing_file(outcome, project)
    if match is None or source is None:
        return None
    return Proposal(Repair.make("json_literals", frame.path, frame.line, safe=False),
                    "JSON's `true`/`false`/`null` written as Python's `True`/`False`/`None`")
