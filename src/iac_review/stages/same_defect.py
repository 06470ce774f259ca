"""One finding per defect: rules that describe the same defect at the same line are merged.

Some defects are seen by several rules, each from its own angle: a Lambda
package path that is relative (LAM001), missing (LAM002) and written as a
hand-made `${filebase64sha256(...)}` (TFS002) is one expression to fix. When
findings of one family sit on the same line of the same file, the report keeps
the strongest (highest severity, then the first rule) and names the others in
its message, so the reviewer reads one item and the score counts one defect.
Findings of rules outside a family are never merged: two defects on one line
stay two findings.
"""
from __future__ import annotations

import dataclasses

from iac_review.core.finding import Finding

# Rule families whose findings at one location are one defect, and why.
SAME_DEFECT: tuple[frozenset[str], ...] = (
    # the Lambda package path expression: relative, missing, or hand-written
    frozenset({"LAM001", "LAM002", "TFS001", "TFS002"}),
    # the entry point fixes the environment instead of reading it
    frozenset({"CTR006", "HC004"}),
    # one stack signature that the entry point, the harness and the tests disagree with
    frozenset({"CTR001", "CTR002", "CTR003"}),
    # one provider symbol (same line and column): a missing "A" suffix is also a name that
    # does not exist
    frozenset({"SCH001", "SCH002"}),
    # one IAM statement: a wildcard action and a wildcard resource
    frozenset({"AWS005", "AWS011"}),
)
_FAMILY = {rule: family for family in SAME_DEFECT for rule in family}
# Families that must also share the column: one line can name several symbols.
_SAME_COLUMN = frozenset({frozenset({"SCH001", "SCH002"})})


def merge_same_defect(findings: list[Finding]) -> list[Finding]:
    """The findings with each family's co-located findings merged into the strongest."""
    groups: dict[tuple, list[Finding]] = {}
    order: list[tuple] = []
    for finding in findings:
        family = _FAMILY.get(finding.rule_id)
        key = (finding.input, finding.location.file, finding.location.line,
               finding.location.column if family in _SAME_COLUMN else 0, family) if family \
            else (id(finding),)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(finding)
    return [_merged(groups[key]) for key in order]


def _merged(group: list[Finding]) -> Finding:
    if len(group) == 1:
        return group[0]
    kept = max(group, key=lambda f: (f.severity.rank, -group.index(f)))
    others = [f for f in group if f is not kept and f.rule_id != kept.rule_id]
    if not others:
        return kept
    also = "; ".join(f"{f.rule_id}: {f.message}" for f in others)
    names = ", ".join(sorted({f.rule_id for f in others}))
    return dataclasses.replace(kept, message=f"{kept.message} (also reported as {names})",
                               evidence="\n".join(filter(None, [kept.evidence, f"also {also}"])))
