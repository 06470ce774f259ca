"""Parse a free-form human failure analysis into items.

Items are markdown headings (``##``/``###``) with the content below them; when a
document has no usable headings, top-level numbered lines (``1. Title``) are used.
Headings inside fenced code blocks are code, not structure. Summary, intro and
closing sections are skipped; severity group headings ("## Critical Failures")
set the severity of the items under them; known sub-section headings
("### Root Cause") fold into the item above.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from iac_review.parse.markdown import atx_heading

_FENCE = re.compile(r"^\s*(```|~~~)")
_NUMBERED = re.compile(r"^(?:\d+[.)]|issue\s+\d+\s*[:.)-]|failure\s+\d+\s*[:.)-])\s*", re.I)
_NUMBERED_LINE = re.compile(r"^(\d+)[.)]\s+(\S.*)$")
_SEVERITY = re.compile(r"\*{0,2}(?:impact\s+level|severity|impact)\*{0,2}\s*:?\s*\*{0,2}\s*:?\s*"
                       r"\*{0,2}(critical|high|medium|low)\b", re.I)
_SEVERITY_WORD = re.compile(r"\b(critical|high|medium|low)\b", re.I)
_BACKTICK = re.compile(r"`([^`\n]{1,120})`")
_FILE_LINE = re.compile(r"\b((?:lib|tests?|bin)/[\w./-]+\.\w+|[\w-]+\.py|tap\.py|cdktf\.json)"
                        r"(?:(?:\s*[-,(]\s*(?:lines?|L)\s*|:|\s*:\s*(?:lines?|L)\s*)(\d+)(?:\s*[-,]\s*(\d+))?)?", re.I)
_BARE_LINE = re.compile(r"\(\s*lines?\s+(\d+)(?:\s*[-,]\s*(\d+))?\s*\)", re.I)

_SKIP_WORDS = (
    "summary", "overview", "introduction", "conclusion", "lessons learned", "key learnings",
    "learnings", "metrics", "recommendation", "deployment status", "statistics",
    "training value", "training quality", "next steps", "references", "table of contents",
    "before fixes", "after fixes", "validation", "test results", "what went well",
    "positive", "strengths", "final", "status", "methodology", "scope",
)
_SUB_SECTIONS = (
    "problem", "issue", "issue description", "description", "root cause", "root cause analysis",
    "fix", "fix applied", "the fix", "solution", "resolution", "ideal_response fix",
    "ideal response fix", "model_response issue", "model response issue", "model_response code",
    "model response code", "error", "error message", "impact", "prevention", "prevention strategy",
    "why it matters", "why it's wrong", "evidence", "location", "code", "before", "after",
    "correct", "incorrect", "expected", "actual", "details", "aws documentation reference",
    "documentation", "security impact", "cost impact", "severity",
)
_GROUP = re.compile(r"^(?:\d+[.)]\s*)?(critical|high|medium|low)(?:[-\s]+(?:level|severity|priority))?"
                    r"(?:\s+(?:failures?|issues?(?:\s+fixed)?|problems?|findings?|defects?))?\s*:?$",
                    re.I)


@dataclass(frozen=True)
class FileMention:
    file: str | None
    line: int | None
    end_line: int | None = None


@dataclass
class HumanItem:
    """One defect a human named: its title, stated severity, body and mentions."""

    index: int
    title: str
    text: str
    severity: str | None = None
    mentions: list[FileMention] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    code_names: list[str] = field(default_factory=list)   # class names and strings in its code
    heading_line: int = 0

    def to_dict(self) -> dict:
        return {"index": self.index, "title": self.title, "severity": self.severity,
                "line": self.heading_line,
                "mentions": [{"file": m.file, "line": m.line, "end_line": m.end_line}
                             for m in self.mentions],
                "identifiers": list(self.identifiers), "code_names": list(self.code_names)}


def _norm_title(title: str) -> str:
    t = re.sub(r"[*_`]", "", title).strip()
    return _NUMBERED.sub("", t).strip(" :.-")


def _kind(title: str) -> str:
    bare = re.sub(r"[*_`]", "", title).strip().rstrip(":").strip()
    low = bare.lower()
    if _GROUP.match(low):
        return "group"
    stripped = _NUMBERED.sub("", low).strip(" :.-")
    if stripped in _SUB_SECTIONS or low in _SUB_SECTIONS:
        return "sub"
    if not _NUMBERED.match(low) and any(low.startswith(w) or low.endswith(w)
                                        or re.search(rf"\b{re.escape(w)}\b", low) and len(low) < 40
                                        for w in _SKIP_WORDS):
        return "skip"
    if low.startswith("model response failures") or low.startswith("model failures"):
        return "skip"
    return "candidate"


def _scan(lines: list[str]) -> list[tuple[int, int, str]]:
    """Headings outside fenced code: (line index, level, title)."""
    out, fenced = [], False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        heading = atx_heading(line, indent=0)
        if heading:
            out.append((i, *heading))
    return out


def _item_level(heads: list[tuple[int, int, str]]) -> int | None:
    cands = [(lvl, t) for _, lvl, t in heads if lvl >= 2 and _kind(t) == "candidate"]
    if not cands:
        return None
    numbered = [lvl for lvl, t in cands if _NUMBERED.match(re.sub(r"[*_`]", "", t).strip())]
    pool = numbered or [lvl for lvl, _ in cands]
    return max(set(pool), key=lambda lvl: (pool.count(lvl), -lvl))


def _details(item: HumanItem) -> HumanItem:
    body = item.title + "\n" + item.text
    m = _SEVERITY.search(body)
    if m and not item.severity:
        item.severity = m.group(1).capitalize()
    elif m:
        item.severity = m.group(1).capitalize()
    seen: set[tuple] = set()
    for fm in _FILE_LINE.finditer(body):
        key = (fm.group(1), int(fm.group(2)) if fm.group(2) else None,
               int(fm.group(3)) if fm.group(3) else None)
        if key not in seen:
            seen.add(key)
            item.mentions.append(FileMention(*key))
    for bm in _BARE_LINE.finditer(body):
        key = (None, int(bm.group(1)), int(bm.group(2)) if bm.group(2) else None)
        if key not in seen and not any(k[1] == key[1] for k in seen):
            seen.add(key)
            item.mentions.append(FileMention(*key))
    idents: list[str] = []
    for b in _BACKTICK.finditer(body):
        ident = b.group(1).strip()
        if ident and ident not in idents:
            idents.append(ident)
    item.identifiers = idents
    item.code_names = _code_names(body)
    return item


_CLASS_NAME = re.compile(r"\b([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)\b")
_STRING = re.compile(r"[\"']([^\"'\n]{6,120})[\"']")


def _code_names(body: str) -> list[str]:
    """CamelCase class names and string literals inside the item's fenced code."""
    names: list[str] = []
    fenced = False
    for line in body.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            continue
        for rx in (_CLASS_NAME, _STRING):
            for m in rx.finditer(line):
                if m.group(1) not in names:
                    names.append(m.group(1))
    return names


def _from_headings(lines, heads, level) -> list[HumanItem]:
    items: list[HumanItem] = []
    group_sev: str | None = None
    current: HumanItem | None = None
    body: list[str] = []
    skip_level: int | None = None
    bounds = [h[0] for h in heads] + [len(lines)]

    def close():
        nonlocal current, body
        if current is not None:
            current.text = "\n".join(body).strip()
            items.append(_details(current))
        current, body = None, []

    for n, (idx, lvl, title) in enumerate(heads):
        chunk = lines[idx + 1:bounds[n + 1]]
        kind = _kind(title)
        if skip_level is not None and lvl > skip_level:
            continue
        skip_level = None
        if lvl < level or (lvl == level and kind != "candidate") or lvl == 1:
            close()
            if kind == "group":
                group_sev = _SEVERITY_WORD.search(title).group(1).capitalize()
            elif lvl == 1:
                group_sev = None
            elif kind == "skip":
                skip_level = lvl
                if lvl < level:
                    group_sev = None
            else:
                # a non-item heading above the item level starts a new section
                group_sev = None
            continue
        if lvl == level:
            close()
            current = HumanItem(len(items) + 1, _norm_title(title), "", group_sev,
                                heading_line=idx + 1)
            body = list(chunk)
        elif current is not None:
            body.append(lines[idx])
            body.extend(chunk)
    close()
    return items


def _from_numbered(lines: list[str]) -> list[HumanItem]:
    items: list[HumanItem] = []
    current: HumanItem | None = None
    body: list[str] = []
    fenced = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        m = None if fenced else _NUMBERED_LINE.match(line)
        if m and len(m.group(2)) < 120:
            if current:
                current.text = "\n".join(body).strip()
                items.append(_details(current))
            current, body = HumanItem(len(items) + 1, _norm_title(m.group(2)), "",
                                      heading_line=i + 1), []
        elif current is not None:
            body.append(line)
    if current:
        current.text = "\n".join(body).strip()
        items.append(_details(current))
    return items


def parse_analysis(text: str) -> list[HumanItem]:
    """The items of a human MODEL_FAILURES.md, in document order."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    heads = _scan(lines)
    level = _item_level(heads)
    items = _from_headings(lines, heads, level) if level else []
    if not items:
        items = _from_numbered(lines)
    for n, item in enumerate(items, 1):
        item.index = n
    return items
