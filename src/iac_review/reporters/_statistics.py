"""``check --statistics``: how many findings each rule reported, most frequent first (as ruff's)."""
from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

from iac_review.reporters import _common

if TYPE_CHECKING:  # pragma: no cover
    from iac_review.core.review import Review


def rows(review: "Review") -> list[dict]:
    counts = Counter(f.rule_id for f in review.findings)
    fixable = {f.rule_id for f in review.findings if f.fixable}
    names = {f.rule_id: f.rule_name for f in review.findings}
    severities: dict[str, object] = {}
    for finding in review.findings:   # the highest severity the rule reported
        if finding.rule_id not in severities or finding.severity.rank > severities[finding.rule_id].rank:
            severities[finding.rule_id] = finding.severity
    return [{"code": rule, "name": names[rule], "count": count, "severity": severities[rule].value,
             "fixable": rule in fixable}
            for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def render(review: "Review", fmt: str) -> str:
    """JSON for --format json, else one aligned line per rule ("[*]": ``fix`` repairs some)."""
    table = rows(review)
    if fmt == "json":
        return json.dumps({"tool": {"name": _common.TOOL_NAME, "version": review.tool_version},
                           "rules": table}, indent=2) + "\n"
    if not table:
        return "no findings\n"
    width = max(len(str(row["count"])) for row in table)
    lines = [f"{row['count']:>{width}}  {row['code']:<7} {'[*]' if row['fixable'] else '   '} "
             f"{row['severity']:<8}  {_common.rule_title(row['code'], row['name'])}" for row in table]
    return "\n".join(lines) + "\n"
