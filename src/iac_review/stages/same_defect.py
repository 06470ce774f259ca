"""One finding per defect: rules that describe the same defect at the same place are merged.

Some defects are seen by several rules, each from its own angle: a Lambda
package path that is relative (LAM001), missing (LAM002) and written as a
hand-made `${filebase64sha256(...)}` (TFS002) is one expression to fix. When
findings of one family sit at the same place (by the family's measure: the
same line, the same symbol, the same construct call, the same file), the
report keeps the strongest (highest severity, then the first found) and names
the others in its message, so the reviewer reads one item and the score counts
one defect. Findings of rules outside a family are never merged: two defects
on one line stay two findings.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from iac_review.core.finding import Finding

# How far apart (in lines) two findings of a "call" family may be: the arguments of one call.
CALL_SPAN = 3


@dataclass(frozen=True)
class Family:
    rules: frozenset[str]
    scope: str       # "line", "symbol" (line and column), "call" (within CALL_SPAN lines), "file"
    why: str


SAME_DEFECT: tuple[Family, ...] = (
    Family(frozenset({"LAM001", "LAM002", "TFS001", "TFS002"}), "call",
           "the Lambda package of one function: relative, missing, or hand-written"),
    Family(frozenset({"CTR006", "HC004"}), "line", "the entry point fixes the environment"),
    Family(frozenset({"CTR001", "CTR002", "CTR003"}), "line",
           "one stack signature that the entry point, the harness and the tests disagree with"),
    Family(frozenset({"SCH001", "SCH002"}), "symbol",
           "one provider symbol: a missing A suffix is also a name that does not exist"),
    Family(frozenset({"AWS005", "AWS011"}), "line", "one IAM statement"),
    Family(frozenset({"TST001", "TST002"}), "file",
           "one test file whose tests assert nothing about deployed resources"),
)
_FAMILY = {rule: family for family in SAME_DEFECT for rule in family.rules}


def merge_same_defect(findings: list[Finding]) -> list[Finding]:
    """The findings with each family's findings at one place merged into the strongest."""
    groups: dict[tuple, list[Finding]] = {}
    order: list[tuple] = []
    anchors: dict[tuple, int] = {}    # "call" groups: the first line of the group
    for finding in sorted(findings, key=lambda f: (f.input, f.location.file, f.location.line)):
        key = _key(finding, anchors)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(finding)
    replaced = {id(old): new for old, new in _pairs(groups)}
    return [replaced[id(f)] for f in findings if id(f) in replaced]


def _key(finding: Finding, anchors: dict[tuple, int]) -> tuple:
    family = _FAMILY.get(finding.rule_id)
    if family is None:
        return (id(finding),)
    where = (finding.input, finding.location.file, family.rules)
    if family.scope == "file":
        return where
    if family.scope == "symbol":
        return (*where, finding.location.line, finding.location.column)
    if family.scope == "call":
        anchor = anchors.get(where)
        if anchor is None or finding.location.line - anchor > CALL_SPAN:
            anchor = anchors[where] = finding.location.line
        return (*where, anchor)
    return (*where, finding.location.line)


def _pairs(groups: dict[tuple, list[Finding]]):
    """(finding, what the report keeps of it) for every finding a group keeps."""
    for group in groups.values():
        yield from _merged(group)


def _merged(group: list[Finding]) -> list[tuple[Finding, Finding]]:
    """The strongest rule's findings of a group (every location), each naming the other rules."""
    strongest = max(group, key=lambda f: (f.severity.rank, -group.index(f)))
    others = [f for f in group if f.rule_id != strongest.rule_id]
    kept = [f for f in group if f.rule_id == strongest.rule_id]
    if not others:
        return [(f, f) for f in kept]
    names = ", ".join(sorted({f.rule_id for f in others}))
    merged = tuple(sorted({(o.rule_id, o.category) for o in others}))
    return [(f, dataclasses.replace(f, message=f"{f.message} (also reported as {names})", also=merged))
            for f in kept]
