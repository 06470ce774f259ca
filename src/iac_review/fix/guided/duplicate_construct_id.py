"""``There is already a Construct with name 'x' in Scope``: give the second construct its own id.

Construct ids must be unique among siblings. Walking the traceback outward, the
first call in the project that passes ``"x"`` as a literal gets ``"x-2"``, so
that both constructs are built (the report says that one of them was
probably not meant to be).
"""
from __future__ import annotations

import re

import libcst as cst
from libcst.metadata import PositionProvider

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import parse
from iac_review.fix.guided.proposal import Proposal

_DUPLICATE = re.compile(r"There is already a Construct with name '([^']+)' in (\w+)")


def propose(outcome, project, index) -> Proposal | None:
    match = _DUPLICATE.search(outcome.error_message or "")
    if match is None:
        return None
    name, scope = match.groups()
    for frame in reversed(outcome.frames):
        source = project.files.get(frame.path)
        wrapper = parse(source.text) if source else None
        if wrapper is None:
            continue
        for node, pos in wrapper.resolve(PositionProvider).items():
            if (isinstance(node, cst.SimpleString) and pos.start.line == frame.line
                    and node.evaluated_value == name):
                new = f"{name}-2"
                return Proposal(Repair.make("rename_string", frame.path, pos.start.line,
                                            pos.start.column + 1, safe=False, old=name, new=new),
                                f"construct id \"{name}\" made \"{new}\": {scope} already holds a "
                                f"construct \"{name}\"")
    return None
