"""Replace one expression by another: ``type=AssetType.ARCHIVE`` -> ``type=AssetType.FILE``.

Arguments ``old`` and ``new`` (source text): the expression that starts at
the repair's position and reads ``old`` becomes ``new``.
"""
from __future__ import annotations

import libcst as cst

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import ReplaceNode, outermost_expression, parse


def apply(text: str, repair: Repair) -> str | None:
    try:
        new = cst.parse_expression(repair.arg("new"))
    except Exception:  # noqa: BLE001  (libcst's parser errors: nothing to put there)
        return None
    wrapper = parse(text)
    target = outermost_expression(wrapper, repair.line, repair.column) if wrapper else None
    if target is None or wrapper.module.code_for_node(target) != repair.arg("old"):
        return None
    out = wrapper.visit(ReplaceNode(target, new)).code
    return out if out != text else None
