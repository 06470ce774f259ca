"""``'XList' object is not subscriptable``: read the item with ``.get(i)``.

A provider's list attributes (``cluster.identity``) are ``...List`` objects
backed by tokens; ``[0]`` fails and ``.get(0)`` is how cdktf reads an item. The
first such subscript on the failing line (the one Python evaluated) changes.
"""
from __future__ import annotations

import re

import libcst as cst
from libcst.metadata import PositionProvider

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import parse
from iac_review.fix.guided.proposal import Proposal, failing_file

_NOT_SUBSCRIPTABLE = re.compile(r"'(\w+(?:List|Map))' object is not subscriptable")


def propose(outcome, project, index) -> Proposal | None:
    match = _NOT_SUBSCRIPTABLE.search(outcome.error_message or "")
    frame, source = failing_file(outcome, project)
    wrapper = parse(source.text) if match and source else None
    if wrapper is None:
        return None
    found = []
    for node, pos in wrapper.resolve(PositionProvider).items():
        if (isinstance(node, cst.Subscript) and pos.start.line <= frame.line <= pos.end.line
                and isinstance(node.value, cst.Attribute) and len(node.slice) == 1
                and isinstance(node.slice[0].slice, cst.Index)
                and isinstance(node.slice[0].slice.value, cst.Integer)):
            found.append((pos.end.line, pos.end.column, pos, node))
    if not found:
        return None
    _, _, pos, node = min(found, key=lambda item: item[:2])   # the innermost is evaluated first
    attr = node.value.attr.value
    return Proposal(Repair.make("subscript_to_get", frame.path, pos.start.line, pos.start.column + 1,
                                safe=False, attr=attr),
                    f"`.{attr}[i]` read as `.{attr}.get(i)`: {match.group(1)} does not support `[i]`")
