"""Add one statement after another: ``AwsProvider(self, "aws")`` gains ``RandomProvider(self, "random")``.

Arguments ``code`` (one simple statement) and the repair's position: the line
where the statement to follow starts. The new statement takes that
statement's indentation; nothing else in the file changes.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from iac_review.core.repair import Repair
from iac_review.fix.codemods.positions import parse


def apply(text: str, repair: Repair) -> str | None:
    try:
        statement = cst.parse_statement(repair.arg("code"))
    except Exception:  # noqa: BLE001  (libcst's parser errors: nothing to insert)
        return None
    wrapper = parse(text) if isinstance(statement, cst.SimpleStatementLine) else None
    if wrapper is None:
        return None
    inserter = _After(repair.line, statement)
    out = wrapper.visit(inserter).code
    return out if inserter.done else None


class _After(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, line: int, statement: cst.SimpleStatementLine) -> None:
        super().__init__()
        self.line, self.statement, self.done = line, statement, False

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine):
        position = self.get_metadata(PositionProvider, original)
        if self.done or position.start.line != self.line:
            return updated
        self.done = True
        return cst.FlattenSentinel([updated, self.statement])
