"""What the codemods share: where a libcst node starts (in the 1-based line and column of
``Location`` and ``Repair``), dotted names, parsing that never raises."""
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


def module_node(dotted_name: str) -> cst.BaseExpression:
    """``a.b.c`` as the Name/Attribute chain an import statement holds."""
    parts = dotted_name.split(".")
    node: cst.BaseExpression = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


def outermost_expression(wrapper: cst.MetadataWrapper, line: int, column: int) -> cst.CSTNode | None:
    """The largest expression starting there (``m.X(...)``, not its ``m``)."""
    found = [(r.end.line, r.end.column, id(node), node)
             for node, r in wrapper.resolve(PositionProvider).items()
             if isinstance(node, cst.BaseExpression) and (r.start.line, r.start.column + 1) == (line, column)]
    return max(found)[3] if found else None


class ReplaceNode(cst.CSTTransformer):
    """Put ``new`` where ``target`` (a node of the tree being visited) is."""

    def __init__(self, target: cst.CSTNode, new: cst.BaseExpression) -> None:
        super().__init__()
        self.target, self.new = target, new

    def on_leave(self, original: cst.CSTNode, updated: cst.CSTNode):
        return self.new if original is self.target else updated
