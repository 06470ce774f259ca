"""Match human items to our findings: confirmed by both, ours only, human only.

An item and a finding match when they share a category (the item's category
comes from :func:`categorize`), when an identifier the item quotes in backticks
appears in the finding's message or evidence, or when the item names the
finding's file and line (within ``LINE_SLACK`` lines; a bare "(Line N)" is
compared with the project line and the markdown origin line).

A human item nothing matches gets a reason from its category's detectability
in ``data/categories.json``: deploy/plan -> "needs deployment", judgement ->
"needs the prompt", static/synth/test (or no category) -> "missed".
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from iac_review.agreement.categorize import categorize
from iac_review.agreement.human import HumanItem
from iac_review.core.finding import Finding

LINE_SLACK = 2
NEEDS_DEPLOYMENT = "needs deployment"
NEEDS_PROMPT = "needs the prompt"
MISSED = "missed"
_REASONS = {"deploy": NEEDS_DEPLOYMENT, "plan": NEEDS_DEPLOYMENT, "judgement": NEEDS_PROMPT}
# identifiers too generic to link an item to a finding on their own
_GENERIC = {"id", "self", "true", "false", "none", "main", "lib", "name", "scope", "str", "dict",
            "list", "int", "bool", "python", "cdktf", "aws", "tags", "stack", "tapstack"}


@lru_cache(maxsize=1)
def taxonomy() -> dict[str, dict]:
    ref = resources.files("iac_review").joinpath("data/categories.json")
    return {c["id"]: c for c in json.loads(ref.read_text(encoding="utf-8"))}


def reason_for(category: str | None) -> str:
    det = taxonomy().get(category or "", {}).get("detectability")
    return _REASONS.get(det, MISSED)


@dataclass
class Row:
    item: HumanItem
    category: str | None
    findings: list[Finding] = field(default_factory=list)
    how: list[str] = field(default_factory=list)       # category / identifier / location
    reason: str | None = None


@dataclass
class Agreement:
    both: list[Row] = field(default_factory=list)
    ours_only: dict[str, list[Finding]] = field(default_factory=dict)   # rule id -> findings
    human_only: list[Row] = field(default_factory=list)

    def counts(self) -> dict:
        by_reason: dict[str, int] = {}
        for row in self.human_only:
            by_reason[row.reason] = by_reason.get(row.reason, 0) + 1
        return {"both": len(self.both), "ours_only_rules": len(self.ours_only),
                "ours_only_findings": sum(len(v) for v in self.ours_only.values()),
                "human_only": len(self.human_only),
                "human_only_by_reason": dict(sorted(by_reason.items()))}

    def to_dict(self) -> dict:
        def fref(f: Finding) -> dict:
            return {"rule_id": f.rule_id, "category": f.category, "severity": f.severity.value,
                    "file": f.location.file, "line": f.location.line, "message": f.message}
        return {
            "counts": self.counts(),
            "both": [{"item": r.item.to_dict(), "category": r.category, "matched_by": r.how,
                      "findings": [fref(f) for f in r.findings]} for r in self.both],
            "ours_only": [{"rule_id": rule, "category": fs[0].category,
                           "findings": [fref(f) for f in fs]}
                          for rule, fs in sorted(self.ours_only.items())],
            "human_only": [{"item": r.item.to_dict(), "category": r.category, "reason": r.reason}
                           for r in self.human_only],
        }

    def to_markdown(self) -> str:
        c = self.counts()
        reasons = ", ".join(f"{k}: {v}" for k, v in c["human_only_by_reason"].items()) or "none"
        out = ["## Agreement with the human analysis", "",
               f"Confirmed by both: {c['both']}. Found only by us: {c['ours_only_findings']} "
               f"finding(s) from {c['ours_only_rules']} rule(s). Found only by the human: "
               f"{c['human_only']} ({reasons}).", "",
               "| Human item | Severity | Category | Status | Our findings / reason |",
               "|---|---|---|---|---|"]
        for r in sorted(self.both + self.human_only, key=lambda r: r.item.index):
            title = _cell(f"{r.item.index}. {r.item.title}")
            sev = r.item.severity or "-"
            cat = r.category or "(unclassified)"
            if r.findings:
                rules = sorted({f.rule_id for f in r.findings})
                locs = sorted({f"{f.location.file}:{f.location.line}" for f in r.findings})
                more = f" (+{len(locs) - 3})" if len(locs) > 3 else ""
                detail = (", ".join(rules) + " at " + ", ".join(locs[:3]) + more
                          + f"; matched by {', '.join(r.how)}")
                out.append(f"| {title} | {sev} | {cat} | both | {_cell(detail)} |")
            else:
                out.append(f"| {title} | {sev} | {cat} | human only | {r.reason} |")
        for rule, fs in sorted(self.ours_only.items()):
            sev = max(fs, key=lambda f: f.severity.rank).severity.value
            locs = sorted({f"{f.location.file}:{f.location.line}" for f in fs})
            more = f" (+{len(locs) - 3})" if len(locs) > 3 else ""
            msg = _cell(fs[0].message[:100])
            out.append(f"| - | {sev} | {fs[0].category} | ours only | {rule} x{len(fs)}: {msg} "
                       f"at {', '.join(locs[:3])}{more} |")
        return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("|", "\\|").strip()


def _basename(path: str | None) -> str:
    return (path or "").replace("\\", "/").rsplit("/", 1)[-1].lower()


def _location_hit(item: HumanItem, f: Finding) -> bool:
    for m in item.mentions:
        if m.line is None:
            continue
        lo, hi = m.line - LINE_SLACK, (m.end_line or m.line) + LINE_SLACK
        if m.file is None:
            lines = [f.location.line] + ([f.origin.line] if f.origin else [])
            if any(lo <= n <= hi for n in lines):
                return True
        elif _basename(m.file) == _basename(f.location.file) and lo <= f.location.line <= hi:
            return True
    return False


def _identifier_hit(item: HumanItem, f: Finding) -> bool:
    hay = f"{f.message}\n{f.evidence or ''}"
    for ident in item.identifiers:
        token = ident.strip()
        if len(token) < 4 or token.lower() in _GENERIC or " " in token and len(token) > 60:
            continue
        if re.search(r"(?<![\w])" + re.escape(token) + r"(?![\w])", hay):
            return True
    return False


def agree(human_items: list[HumanItem], findings: list[Finding]) -> Agreement:
    result = Agreement()
    ordered = sorted(findings, key=Finding.sort_key)
    used: set[int] = set()
    for item in human_items:
        cat = categorize(item.title, item.text)
        row = Row(item, cat)
        for n, f in enumerate(ordered):
            how = []
            if cat and f.category == cat:
                how.append("category")
            if _identifier_hit(item, f):
                how.append("identifier")
            if _location_hit(item, f):
                how.append("location")
            if how:
                row.findings.append(f)
                used.add(n)
                row.how.extend(h for h in how if h not in row.how)
        if row.findings:
            row.how.sort(key=["category", "identifier", "location"].index)
            result.both.append(row)
        else:
            row.reason = reason_for(cat)
            result.human_only.append(row)
    for n, f in enumerate(ordered):
        if n not in used:
            result.ours_only.setdefault(f.rule_id, []).append(f)
    return result
