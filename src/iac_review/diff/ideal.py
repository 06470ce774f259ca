"""The model's project diffed against the IDEAL_RESPONSE, every hunk attributed to findings.

Rules (all deterministic: the same inputs give the same ``IdealDiff``):

File alignment
    1. Files with the same project path are paired (``how="path"``).
    2. The remaining files are paired by content: every (model, ideal) pair
       with the same suffix is scored with ``SequenceMatcher.ratio`` over
       lines; pairs scoring at least ``MIN_SIMILARITY`` are taken greedily,
       best score first, ties by (model path, ideal path) (``how="similarity"``).
       This catches a renamed stack module (``lib/stack.py`` vs ``lib/tap_stack.py``).
    3. What is left is ``files_only_in_model`` / ``files_only_in_ideal``; those
       files produce no hunks.

Hunks
    ``difflib.SequenceMatcher(autojunk=False)`` over the lines of each pair,
    compared with trailing whitespace stripped. Opcodes other than ``equal``
    are the changes; a change that only adds or removes blank lines is ignored.
    Changes separated by fewer than ``MERGE_GAP`` equal lines are merged into
    one hunk (the equal lines in between become part of it). Ranges are
    1-based and inclusive; a pure insertion has an empty model range
    (``model_end == model_start - 1``: the ideal's lines go before
    ``model_start``), and a pure deletion an empty ideal range.

Attribution
    A finding explains a hunk when ``finding.location.file`` is the hunk's
    model path and ``finding.location.line`` lies in
    ``[model_start - 1, model_end + 1]`` (the range widened by one line, so a
    finding next to an insertion point counts). Only the start line is used:
    a finding spanning a whole class must not claim every hunk inside it.
    If a finding could explain two hunks, the one whose range holds the line
    wins, then the earlier one: that is the finding's own hunk (``hunk_for``).
    A hunk no finding explains by line is then explained by the findings of the
    same model file that name a token the hunk removes or adds (a backticked
    name or a 6+ digit number of the message): the uses of a renamed class,
    every copy of a hardcoded account id.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path, PurePosixPath

from iac_review.core.finding import Finding
from iac_review.core.workspace import Project
from iac_review.parse.loader import load

MIN_SIMILARITY = 0.3
MERGE_GAP = 3
SLACK = 1


@dataclass(frozen=True)
class FilePair:
    model_path: str
    ideal_path: str
    how: str            # "path" or "similarity"
    similarity: float   # SequenceMatcher ratio over lines, rounded to 3 places

    def to_dict(self) -> dict:
        return {"model_path": self.model_path, "ideal_path": self.ideal_path,
                "how": self.how, "similarity": self.similarity}


@dataclass
class Hunk:
    model_path: str
    model_start: int            # 1-based, inclusive
    model_end: int              # model_start - 1 when the model side is empty (insertion)
    ideal_path: str
    ideal_start: int
    ideal_end: int              # ideal_start - 1 when the ideal side is empty (deletion)
    model_lines: list[str]
    ideal_lines: list[str]
    findings: list[Finding] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if not self.model_lines:
            return "insert"
        if not self.ideal_lines:
            return "delete"
        return "replace"

    @property
    def explained(self) -> bool:
        return bool(self.findings)

    def distance(self, line: int) -> int | None:
        """0 when ``line`` is in the model range, 1 when next to it, else None."""
        if self.model_start <= line <= self.model_end:
            return 0
        if self.model_start - SLACK <= line <= self.model_end + SLACK:
            return 1
        return None

    def to_dict(self) -> dict:
        return {
            "model_path": self.model_path, "model_start": self.model_start,
            "model_end": self.model_end, "ideal_path": self.ideal_path,
            "ideal_start": self.ideal_start, "ideal_end": self.ideal_end,
            "kind": self.kind, "model_lines": list(self.model_lines),
            "ideal_lines": list(self.ideal_lines),
            "findings": [_finding_ref(f) for f in self.findings],
        }


@dataclass
class IdealDiff:
    pairs: list[FilePair]
    hunks: list[Hunk]
    files_only_in_model: list[str]
    files_only_in_ideal: list[str]
    unattributed_findings: list[Finding] = field(default_factory=list)  # explain no hunk
    ideal: Project | None = None          # the ideal's files, for fixes and construct alignment
    own: dict = field(default_factory=dict)  # finding -> the hunk at its line
    ideal_findings: list[Finding] = field(default_factory=list)  # the ideal's own static findings

    @property
    def explained(self) -> list[Hunk]:
        return [h for h in self.hunks if h.findings]

    @property
    def unexplained(self) -> list[Hunk]:
        return [h for h in self.hunks if not h.findings]

    def hunk_for(self, finding: Finding) -> Hunk | None:
        if finding in self.own:
            return self.own[finding]
        for hunk in self.hunks:
            if any(f is finding for f in hunk.findings):
                return hunk
        for hunk in self.hunks:
            if finding in hunk.findings:
                return hunk
        return None

    def fix_for(self, finding: Finding) -> list[str] | None:
        """The ideal's lines of the hunk the finding explains ([] when the ideal deletes
        the code), or None when the finding explains no hunk."""
        hunk = self.hunk_for(finding)
        return None if hunk is None else list(hunk.ideal_lines)

    def to_dict(self) -> dict:
        return {
            "pairs": [p.to_dict() for p in self.pairs],
            "files_only_in_model": list(self.files_only_in_model),
            "files_only_in_ideal": list(self.files_only_in_ideal),
            "hunks": [h.to_dict() for h in self.hunks],
            "counts": {"hunks": len(self.hunks), "explained": len(self.explained),
                       "unexplained": len(self.unexplained)},
            "unattributed_findings": [_finding_ref(f) for f in self.unattributed_findings],
        }


def _finding_ref(f: Finding) -> dict:
    return {"rule_id": f.rule_id, "severity": f.severity.value, "file": f.location.file,
            "line": f.location.line, "column": f.location.column, "message": f.message}


def _lines(text: str) -> list[str]:
    return text.splitlines()


def _key(lines: list[str]) -> list[str]:
    return [ln.rstrip() for ln in lines]


def _suffix(path: str) -> str:
    return PurePosixPath(path).suffix.lower()


def _align(model: Project, ideal: Project) -> tuple[list[FilePair], list[str], list[str]]:
    pairs: list[FilePair] = []
    for path in sorted(set(model.files) & set(ideal.files)):
        ratio = SequenceMatcher(None, _key(_lines(model.files[path].text)),
                                _key(_lines(ideal.files[path].text)), autojunk=False).ratio()
        pairs.append(FilePair(path, path, "path", round(ratio, 3)))
    only_m = sorted(set(model.files) - set(ideal.files))
    only_i = sorted(set(ideal.files) - set(model.files))
    scored: list[tuple[float, str, str]] = []
    for mp in only_m:
        ml = _key(_lines(model.files[mp].text))
        for ip in only_i:
            if _suffix(mp) != _suffix(ip):
                continue
            sm = SequenceMatcher(None, ml, _key(_lines(ideal.files[ip].text)), autojunk=False)
            if sm.real_quick_ratio() < MIN_SIMILARITY or sm.quick_ratio() < MIN_SIMILARITY:
                continue
            ratio = sm.ratio()
            if ratio >= MIN_SIMILARITY:
                scored.append((ratio, mp, ip))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_m: set[str] = set()
    used_i: set[str] = set()
    for ratio, mp, ip in scored:
        if mp in used_m or ip in used_i:
            continue
        used_m.add(mp)
        used_i.add(ip)
        pairs.append(FilePair(mp, ip, "similarity", round(ratio, 3)))
    pairs.sort(key=lambda p: (p.model_path, p.ideal_path))
    return pairs, [p for p in only_m if p not in used_m], [p for p in only_i if p not in used_i]


def _file_hunks(pair: FilePair, model_lines: list[str], ideal_lines: list[str]) -> list[Hunk]:
    sm = SequenceMatcher(None, _key(model_lines), _key(ideal_lines), autojunk=False)
    changes = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        if all(not ln.strip() for ln in model_lines[i1:i2] + ideal_lines[j1:j2]):
            continue    # only blank lines added or removed
        changes.append([i1, i2, j1, j2])
    merged: list[list[int]] = []
    for ch in changes:
        if merged and ch[0] - merged[-1][1] < MERGE_GAP:
            merged[-1][1] = ch[1]
            merged[-1][3] = ch[3]
        else:
            merged.append(ch)
    return [Hunk(pair.model_path, i1 + 1, i2, pair.ideal_path, j1 + 1, j2,
                 model_lines[i1:i2], ideal_lines[j1:j2])
            for i1, i2, j1, j2 in merged]


def diff_against_ideal(model: Project, ideal: Project, findings: list[Finding]) -> IdealDiff:
    pairs, only_m, only_i = _align(model, ideal)
    hunks: list[Hunk] = []
    for pair in pairs:
        hunks.extend(_file_hunks(pair, _lines(model.files[pair.model_path].text),
                                 _lines(ideal.files[pair.ideal_path].text)))
    by_path: dict[str, list[Hunk]] = {}
    for h in hunks:
        by_path.setdefault(h.model_path, []).append(h)
    unattributed: list[Finding] = []
    own: dict[Finding, Hunk] = {}
    for f in sorted(findings, key=Finding.sort_key):
        best: tuple[int, int] | None = None
        target: Hunk | None = None
        for idx, h in enumerate(by_path.get(f.location.file, ())):
            d = h.distance(f.location.line)
            if d is not None and (best is None or (d, idx) < best):
                best, target = (d, idx), h
        if target is None:
            unattributed.append(f)
        else:
            target.findings.append(f)
            own[f] = target
    _attribute_by_names(hunks, findings)
    return IdealDiff(pairs, hunks, only_m, only_i, unattributed, ideal, own)


_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d{6,}")
_NAMED = re.compile(r"`([A-Za-z_][A-Za-z0-9_.]*)`|(?<!\d)(\d{6,})(?!\d)")


def named_tokens(text: str, min_length: int = 1, numbers: bool = True) -> set[str]:
    """The backticked names (last dotted part) of a message, and its 6+ digit numbers."""
    out: set[str] = set()
    for name, number in _NAMED.findall(text):
        if number and numbers:
            out.add(number)
        elif name and len(name) >= min_length:
            out.add(name.rsplit(".", 1)[-1])
    return out


def _names(finding: Finding) -> set[str]:
    return named_tokens(finding.message)


def _attribute_by_names(hunks: list[Hunk], findings: list[Finding]) -> None:
    by_file: dict[str, list[Finding]] = {}
    for f in sorted(findings, key=Finding.sort_key):
        by_file.setdefault(f.location.file, []).append(f)
    for hunk in hunks:
        if hunk.findings or hunk.model_path not in by_file:
            continue
        before = set(_TOKEN.findall("\n".join(hunk.model_lines)))
        after = set(_TOKEN.findall("\n".join(hunk.ideal_lines)))
        changed = before ^ after
        hunk.findings.extend(f for f in by_file[hunk.model_path] if _names(f) & changed)


def load_ideal(model: Project, ideal_path: str | None = None) -> Project | None:
    """The ideal's project: ``ideal_path`` (an IDEAL_RESPONSE.md, project folder or task
    folder) when given, else the task's own IDEAL_RESPONSE, else None."""
    if ideal_path is not None:
        return load(ideal_path, source="ideal") if _is_task(ideal_path) else load(ideal_path)
    if model.kind == "task" and model.task_dir and model.ideal_markdown:
        return load(model.task_dir, source="ideal")
    return None


def _is_task(path: str) -> bool:
    p = Path(path)
    return p.is_dir() and ((p / "lib" / "MODEL_RESPONSE.md").is_file() or (p / "metadata.json").is_file())
