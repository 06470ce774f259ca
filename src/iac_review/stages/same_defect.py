"""One finding per defect: rules that describe the same defect at the same place are merged.

Some defects are seen by several rules, each from its own angle: a Lambda
package path that is relative (LAM001), missing (LAM002) and written as a
hand-made `${filebase64sha256(...)}` (TFS002) is one expression to fix. When
findings of one family sit at the same place (by the family's measure: the
same line, the same symbol, the same construct call, the same file), the
report keeps the strongest (highest severity, then the first found) and names
the others in its message (or quotes them, when they say what the kept one
does not: another wrong name of the same import statement), so the reviewer
reads one item and the score counts one defect. A few families are one root
cause in two files (``SAME_ROOT_CAUSE``), merged after the local ones.
Findings of rules outside a family are never merged: two defects on one line
stay two findings.
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
    scope: str   # "line", "symbol" (line and column), "call" (within CALL_SPAN lines),
                 # "statement" (the first finding's line to its end_line), "file", "input"
    why: str
    # The others' messages are facts the kept one lacks (another symbol of the statement):
    # the kept finding quotes them instead of only naming their rules.
    quote_others: bool = False


SAME_DEFECT: tuple[Family, ...] = (
    Family(frozenset({"LAM001", "LAM002", "TFS001", "TFS002"}), "call",
           "the Lambda package of one function: relative, missing, or hand-written"),
    Family(frozenset({"CTR006", "HC004"}), "line", "the entry point fixes the environment"),
    Family(frozenset({"CTR001", "CTR002", "CTR003"}), "line",
           "one stack signature that the entry point, the harness and the tests disagree with"),
    Family(frozenset({"SCH001", "SCH002"}), "statement",
           "one import statement whose provider names are wrong (a missing or misplaced A "
           "suffix is also a name that does not exist)", quote_others=True),
    Family(frozenset({"PRM001", "PRM004"}), "line",
           "one prompt line asking for a component with a retention the code lacks both of",
           quote_others=True),
    Family(frozenset({"AWS010", "PRM002"}), "line",
           "one engine version literal: out of support and not the version the prompt asks for"),
    Family(frozenset({"AWS005", "AWS011"}), "line", "one IAM statement"),
    Family(frozenset({"HC001", "HC002"}), "line",
           "one literal (an ARN) pinned to an account and a region: one value to take from a "
           "reference or a parameter", quote_others=True),
    Family(frozenset({"TST001", "TST002"}), "file",
           "one test file whose tests assert nothing about deployed resources"),
)
# One root cause seen in two files: a project without any environment suffix (NM004) is also
# an entry point that passes the stack a fixed name (CTR006). Merged after the local families,
# so a CTR006 that already absorbed HC004 carries it along.
SAME_ROOT_CAUSE: tuple[Family, ...] = (
    Family(frozenset({"NM004", "CTR006"}), "input",
           "no environment suffix anywhere: neither the names nor the entry point carry one",
           quote_others=True),
)


def merge_same_defect(findings: list[Finding]) -> list[Finding]:
    """The findings with each family's findings at one place merged into the strongest."""
    for families in (SAME_DEFECT, SAME_ROOT_CAUSE):
        findings = _merge(findings, {rule: family for family in families for rule in family.rules})
    return findings


def _merge(findings: list[Finding], families: dict[str, Family]) -> list[Finding]:
    groups: dict[tuple, list[Finding]] = {}
    order: list[tuple] = []
    anchors: dict[tuple, int] = {}    # "call" groups: the first line of the group
    for finding in sorted(findings, key=lambda f: (f.input, f.location.file, f.location.line)):
        key = _key(finding, families.get(finding.rule_id), anchors)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(finding)
    replaced = {id(old): new for old, new in _pairs(groups, families)}
    return [replaced[id(f)] for f in findings if id(f) in replaced]


def _key(finding: Finding, family: Family | None, anchors: dict[tuple, int]) -> tuple:
    if family is None:
        return (id(finding),)
    if family.scope == "input":
        return (finding.input, family)
    where = (finding.input, finding.location.file, family)
    if family.scope == "file":
        return where
    if family.scope == "symbol":
        return (*where, finding.location.line, finding.location.column)
    if family.scope == "call":
        anchor = anchors.get(where)
        if anchor is None or finding.location.line - anchor > CALL_SPAN:
            anchor = anchors[where] = finding.location.line
        return (*where, anchor)
    if family.scope == "statement":
        return (*where, _statement_anchor(finding, where, anchors))
    return (*where, finding.location.line)


def _statement_anchor(finding: Finding, where: tuple, anchors: dict[tuple, int]) -> int:
    """The first line of the statement holding the finding (findings come in line order)."""
    span = anchors.get(where)
    line = finding.location.line
    if span is None or line > span[1]:
        span = anchors[where] = (line, max(line, finding.location.end_line or line))
    return span[0]


def _pairs(groups: dict[tuple, list[Finding]], families: dict[str, Family]):
    """(finding, what the report keeps of it) for every finding a group keeps."""
    for group in groups.values():
        yield from _merged(group, families.get(group[0].rule_id))


def _merged(group: list[Finding], family: Family | None) -> list[tuple[Finding, Finding]]:
    """The strongest rule's findings of a group (every location), each naming the other rules."""
    strongest = max(group, key=lambda f: (f.severity.rank, -group.index(f)))
    others = [f for f in group if f.rule_id != strongest.rule_id]
    kept = [f for f in group if f.rule_id == strongest.rule_id]
    if not others:
        return [(f, f) for f in kept]
    also = {(o.rule_id, o.category) for o in others}
    for finding in group:
        also.update(finding.also)
    merged = tuple(sorted(also))
    pairs = []
    for position, finding in enumerate(kept):
        note = _also_note(others, quote=family is not None and family.quote_others
                          and position == 0)
        pairs.append((finding, dataclasses.replace(finding, message=finding.message + note,
                                                   also=merged)))
    return pairs


def _also_note(others: list[Finding], *, quote: bool) -> str:
    """What the kept finding says of the merged ones: their rules, or (when the family quotes
    them) their own words."""
    if quote:
        return "".join(f"; also ({o.rule_id}): {o.message}" for o in others)
    return f" (also reported as {', '.join(sorted({o.rule_id for o in others}))})"
