"""Where a libcst node starts, in the 1-based line and column of ``Location`` and ``Repair``."""
from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider


def starts_at(transformer: cst.CSTTransformer, node: cst.CSTNode, line: int, column: int) -> bool:
    position = transformer.get_metadata(PositionProvider, node, None)
    return position is not None and (position.start.line, position.start.column + 1) == (line, column)


def dotted(node: cst.BaseExpression | None) -> str:
    """``a.b.c`` of a Name/Attribute chain; "" for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted(node.value)
        return f"{head}.{node.attr.value}" if head else ""
    return ""


def parse(text: str) -> cst.MetadataWrapper | None:
    try:
        return cst.MetadataWrapper(cst.parse_module(text))
    except Exception:  # noqa: BLE001  (libcst's parser errors: the file is left alone)
        return None
