"""``cannot import name 'X' from 'cdktf_cdktf_provider_aws.m'``, and no provider defines ``X``.

Answers invent nested struct classes (``Wafv2WebAclRuleStatement`` for a block
the provider types as ``Any``; ``DynamodbTableStreamSpecification`` for what
are plain arguments). Built as a dict of the same arguments instead, the value
reaches the binding, which either takes it or names the next fault. Classes
with a close match in the schema are SCH002's, statically.
"""
from __future__ import annotations

import re

from iac_review.core.repair import Repair
from iac_review.fix.guided.proposal import Proposal, failing_file

_CANNOT_IMPORT = re.compile(r"cannot import name '(\w+)' from '(\w+)\.(\w+)'")


def propose(outcome, project, index) -> Proposal | None:
    match = _CANNOT_IMPORT.search(outcome.error_message or "")
    frame, source = failing_file(outcome, project)
    if match is None or source is None or index is None:
        return None
    name, package = match.group(1), match.group(2)
    if not index.has_provider(package) or index.modules_defining(name) or not name[:1].isupper():
        return None
    return Proposal(Repair.make("class_to_dict", frame.path, frame.line, safe=False, name=name),
                    f"`{name}(...)` built as a dict of its arguments: no installed provider defines {name}")
