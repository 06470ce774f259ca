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
from iac_review.rules import get_rule, rules_for_stage

LINE_SLACK = 2
NEEDS_DEPLOYMENT = "needs deployment"
NEEDS_PROMPT = "needs the prompt"
MISSED = "missed"
_REASONS = {"deploy": NEEDS_DEPLOYMENT, "plan": NEEDS_DEPLOYMENT, "judgement": NEEDS_PROMPT}
# identifiers too generic to link an item to a finding on their own
_GENERIC = {"id", "self", "true", "false", "none", "main", "lib", "name", "scope", "str", "dict",
            "list", "int", "bool", "python", "cdktf", "aws", "tags", "stack", "tapstack",
            "terraformstack", "construct", "terraformoutput", "awsprovider", "s3backend"}
# evidence weights; a pair needs MIN_SCORE, and a finding goes to the item(s) scoring best
WEIGHTS = {"category": 2, "identifier": 2, "code": 1, "location": 3}
LONG_CLASS_NAME = 10   # a class name this long from the item's code counts as an identifier
MIN_SCORE = 2
CATEGORIZE_CHARS = 3000  # the opening of an item says what it is about; long code tails add noise and time


@lru_cache(maxsize=1)
def taxonomy() -> dict[str, dict]:
    ref = resources.files("iac_review").joinpath("data/categories.json")
    return {c["id"]: c for c in json.loads(ref.read_text(encoding="utf-8"))}


def reason_for(category: str | None, not_run: frozenset[str] = frozenset()) -> tuple[str, str]:
    """(reason, detail) for a human item no finding matches."""
    det = taxonomy().get(category or "", {}).get("detectability")
    if "tfjson" in not_run and category in _tfjson_categories():
        return MISSED, "synthesis did not succeed, so the rules over cdk.tf.json did not run"
    if det in _REASONS:
        return _REASONS[det], ""
    if det == "test":
        return MISSED, "the task's tests were not run"
    return MISSED, ""


@lru_cache(maxsize=1)
def _tfjson_categories() -> frozenset[str]:
    return frozenset(r.meta.category for r in rules_for_stage("tfjson"))


@dataclass
class Row:
    item: HumanItem
    category: str | None
    findings: list[Finding] = field(default_factory=list)
    how: list[str] = field(default_factory=list)       # category / identifier / code / location
    reason: str | None = None
    detail: str = ""                                    # why the reason applies, when known

    @property
    def our_severity(self) -> str | None:
        return max(self.findings, key=lambda f: f.severity.rank).severity.value if self.findings else None

    def severity_note(self) -> str:
        """Why our severity differs from the human's, from the deciding rule's metadata."""
        human, ours = self.item.severity, self.our_severity
        if not human or not ours or human == ours:
            return ""
        worst = max(self.findings, key=lambda f: f.severity.rank)
        rule = get_rule(worst.rule_id)
        meta = getattr(rule, "meta", None)
        if meta is None:
            return f"{worst.rule_id} reports it as {ours}"
        return f"{worst.rule_id}: {meta.severity_note or meta.impact}"


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
                      "human_severity": r.item.severity, "our_severity": r.our_severity,
                      "severity_note": r.severity_note(),
                      "findings": [fref(f) for f in r.findings]} for r in self.both],
            "ours_only": [{"rule_id": rule, "category": fs[0].category,
                           "findings": [fref(f) for f in fs]}
                          for rule, fs in sorted(self.ours_only.items())],
            "human_only": [{"item": r.item.to_dict(), "category": r.category, "reason": r.reason,
                            "detail": r.detail} for r in self.human_only],
        }

    def to_markdown(self, heading: str = "## Agreement with the human analysis") -> str:
        c = self.counts()
        reasons = ", ".join(f"{k}: {v}" for k, v in c["human_only_by_reason"].items()) or "none"
        out = [heading, "",
               f"Confirmed by both: {c['both']}. Found only by us: {c['ours_only_findings']} "
               f"finding(s) from {c['ours_only_rules']} rule(s). Found only by the human: "
               f"{c['human_only']} ({reasons}).", "",
               "| Human item | Human severity | Our severity | Category | Status | Our findings / reason |",
               "|---|---|---|---|---|---|"]
        for r in sorted(self.both + self.human_only, key=lambda r: r.item.index):
            title = _cell(f"{r.item.index}. {r.item.title}")
            sev = r.item.severity or "-"
            cat = r.category or "(unclassified)"
            if r.findings:
                rules = sorted({f.rule_id for f in r.findings})
                detail = (", ".join(rules) + " at " + _locations(r.findings)
                          + f"; matched by {', '.join(r.how)}")
                note = r.severity_note()
                if note:
                    detail += f"; severity: {note}"
                out.append(f"| {title} | {sev} | {r.our_severity} | {cat} | both | {_cell(detail)} |")
            else:
                reason = r.reason + (f" ({r.detail})" if r.detail else "")
                out.append(f"| {title} | {sev} | - | {cat} | human only | {_cell(reason)} |")
        for rule, fs in sorted(self.ours_only.items()):
            sev = max(fs, key=lambda f: f.severity.rank).severity.value
            msg = _cell(fs[0].message[:100])
            out.append(f"| - | - | {sev} | {fs[0].category} | ours only | {rule} x{len(fs)}: {msg} "
                       f"at {_locations(fs)} |")
        return "\n".join(out) + "\n"


def _locations(findings: list[Finding], shown: int = 3) -> str:
    locs = sorted({f"{f.location.file}:{f.location.line}" for f in findings})
    more = f" (+{len(locs) - shown})" if len(locs) > shown else ""
    return ", ".join(locs[:shown]) + more


def _cell(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("|", "\\|").strip()


def _basename(path: str | None) -> str:
    return (path or "").replace("\\", "/").rsplit("/", 1)[-1].lower()


def _same_file(mentioned: str, path: str) -> bool:
    """A bare name matches any folder; a path with folders must match as a suffix."""
    a = mentioned.replace("\\", "/").strip("./").lower()
    b = path.replace("\\", "/").lower()
    if "/" not in a:
        return _basename(a) == _basename(b)
    return b == a or b.endswith("/" + a)


def _location_hit(item: HumanItem, f: Finding) -> bool:
    for m in item.mentions:
        if m.line is None:
            continue
        lo, hi = m.line - LINE_SLACK, (m.end_line or m.line) + LINE_SLACK
        if m.file is None:
            lines = [f.location.line] + ([f.origin.line] if f.origin else [])
            if any(lo <= n <= hi for n in lines):
                return True
        elif _same_file(m.file, f.location.file) and lo <= f.location.line <= hi:
            return True
    return False


def _token_hit(token: str, hay: str) -> bool:
    return bool(re.search(r"(?<![\w])" + re.escape(token) + r"(?![\w])", hay))


def _identifier_hit(item: HumanItem, f: Finding) -> bool:
    hay = f"{f.message}\n{f.evidence or ''}"
    for ident in item.identifiers:
        token = ident.strip()
        if len(token) < 4 or token.lower() in _GENERIC or " " in token and len(token) > 60:
            continue
        if _token_hit(token, hay):
            return True
    return False


def _code_hit(item: HumanItem, f: Finding) -> int:
    """Weight of the strongest name from the item's code found in the finding's message."""
    hay = f"{f.message}\n{f.evidence or ''}"
    best = 0
    for name in item.code_names:
        if name.lower() in _GENERIC or name in item.identifiers or not _token_hit(name, hay):
            continue
        best = max(best, WEIGHTS["identifier"] if len(name) >= LONG_CLASS_NAME and " " not in name
                   else WEIGHTS["code"])
    return best


def _evidence(item: HumanItem, category: str | None, f: Finding) -> tuple[int, list[str]]:
    score, how = 0, []
    if category and f.category == category:
        score, how = score + WEIGHTS["category"], how + ["category"]
    if _identifier_hit(item, f):
        score, how = score + WEIGHTS["identifier"], how + ["identifier"]
    else:
        code = _code_hit(item, f)
        if code:
            score, how = score + code, how + ["code"]
    if _location_hit(item, f):
        score, how = score + WEIGHTS["location"], how + ["location"]
    return score, how


def agree(human_items: list[HumanItem], findings: list[Finding],
          not_run: frozenset[str] | set[str] = frozenset()) -> Agreement:
    """Each finding goes to the human item(s) with the strongest evidence (at least MIN_SCORE).

    ``not_run``: stages that did not run, so a human-only item can say why we could not find it.
    """
    result = Agreement()
    ordered = sorted(findings, key=Finding.sort_key)
    rows = [Row(item, categorize(item.title, item.text[:CATEGORIZE_CHARS])) for item in human_items]
    for f in ordered:
        scored = [(_evidence(row.item, row.category, f), row) for row in rows]
        best = max((score for (score, _), _ in scored), default=0)
        if best < MIN_SCORE:
            result.ours_only.setdefault(f.rule_id, []).append(f)
            continue
        for (score, how), row in scored:
            if score == best:
                row.findings.append(f)
                row.how.extend(h for h in how if h not in row.how)
    order = ["category", "identifier", "code", "location"]
    for row in rows:
        if row.findings:
            row.how.sort(key=order.index)
            result.both.append(row)
        else:
            row.reason, row.detail = reason_for(row.category, frozenset(not_run))
            result.human_only.append(row)
    return result
