"""MODEL_FAILURES.md: the failure analysis in the shape human reviewers write.

One analysis per input (several inputs are rendered in turn, separated by a
horizontal rule). Findings of one rule merge into one numbered item that
lists every location; items are numbered continuously across the severity
sections. The output is deterministic: no timestamps, everything sorted.
"""
from __future__ import annotations

import re

import posixpath
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from iac_review.core.finding import Finding, Severity
from iac_review.diff.fixes import FixFinder, merge
from iac_review.reporters import _common
from iac_review.reporters._ideal import other_changes

if TYPE_CHECKING:  # pragma: no cover
    from iac_review.core.review import InputReview, Review

NAME = "markdown"
DESCRIPTION = "MODEL_FAILURES.md failure analysis"
EXTENSION = ".md"

TITLE = "# Model Response Failures Analysis"
SECTION_TITLES = {
    Severity.CRITICAL: "## Critical Failures",
    Severity.HIGH: "## High Priority Issues",
    Severity.MEDIUM: "## Medium Priority Issues",
    Severity.LOW: "## Low Priority Issues",
}
MAX_CODE_LINES = 8
SCORE_NOT_COMPUTED = "Not computed yet: the scoring stage is not built in this version."

_LANGUAGES = {".py": "python", ".json": "json", ".yml": "yaml",
              ".yaml": "yaml", ".ts": "typescript", ".js": "javascript", ".sh": "bash",
              ".toml": "toml", ".cfg": "ini", ".ini": "ini", ".txt": "text"}


@dataclass
class Item:
    """One numbered item: every finding of one rule in one input."""

    rule_id: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def severity(self) -> Severity:
        return max((f.severity for f in self.findings), key=lambda s: s.rank)

    @property
    def category(self) -> str:
        return self.findings[0].category

    @property
    def locations(self) -> list[tuple[str, int, int | None]]:
        seen: dict[tuple[str, int, int | None], None] = {}
        for f in self.findings:
            seen.setdefault((f.location.file, f.location.line, f.location.end_line), None)
        return list(seen)

    def sort_key(self) -> tuple:
        return (-self.severity.rank, self.category, self.findings[0].sort_key()[1:], self.rule_id)


def build_items(findings: list[Finding]) -> list[Item]:
    """Merge findings by rule; order by severity, then category, then first location."""
    items: dict[str, Item] = {}
    for finding in _common.sorted_findings(findings):
        items.setdefault(finding.rule_id, Item(finding.rule_id)).findings.append(finding)
    for item in items.values():  # within an item: file, line order
        item.findings.sort(key=lambda f: f.sort_key()[1:])
    return sorted(items.values(), key=Item.sort_key)


_fence = _common.fence


def _language(paths: list[str]) -> str:
    languages = {_LANGUAGES.get(posixpath.splitext(p)[1].lower(), "text") for p in paths}
    return languages.pop() if len(languages) == 1 else "text"


def _location_comment(finding: Finding, input_review: "InputReview") -> str:
    loc = finding.location
    last = loc.end_line if loc.end_line is not None and loc.end_line > loc.line else loc.line
    where = f"Lines {loc.line}-{last}" if last > loc.line else f"Line {loc.line}"
    text = f"# {_common.display_path(input_review, loc.file)} - {where}"
    origin = finding.origin
    if origin is not None and origin.file != loc.file and \
            not (origin.file.endswith(loc.file) and origin.line == loc.line):   # the prompt itself
        text += f" ({_common.display_origin_file(origin.file)} line {origin.line})"
    return text


def _bullets_or_paragraph(texts: list[str]) -> list[str]:
    if len(texts) == 1:
        return [texts[0]]
    return [f"- {t}" for t in texts]


def _prompt_line(input_review: "InputReview", path: str, line: int) -> list[str]:
    """The prompt's line a finding about the prompt sits at (the prompt is not a project file)."""
    project = input_review.project
    if not project.prompt_text or path != (project.prompt_name or "lib/PROMPT.md"):
        return []
    lines = project.prompt_text.splitlines()
    return [lines[line - 1]] if 0 < line <= len(lines) else []


def _issue(item: Item, input_review: "InputReview", show_code: bool) -> list[str]:
    blocks: list[str] = []
    seen: set[tuple[str, int, int | None]] = set()
    for finding in item.findings:
        loc = finding.location
        key = (loc.file, loc.line, loc.end_line)
        if key in seen:
            continue
        seen.add(key)
        code = (_common.source_lines(input_review, loc.file, loc.line, loc.end_line,
                                     limit=MAX_CODE_LINES) if show_code else [])
        if show_code and not code:
            code = _prompt_line(input_review, loc.file, loc.line)
        block = [_location_comment(finding, input_review)]
        block.extend(line.rstrip() for line in code)
        if code and loc.end_line is not None and loc.end_line - loc.line + 1 > len(code):
            block.append("# ...")
        blocks.append("\n".join(block))
    body = "\n\n".join(blocks)
    out = ["**MODEL_RESPONSE Issue**:", "", _fence(body, _language([k[0] for k in seen])), ""]
    messages: list[str] = []
    many = len(item.locations) > 1
    for finding in item.findings:
        loc = finding.location
        shown = _common.display_path(input_review, loc.file)
        text = f"{shown}:{loc.line}: {finding.message}" if many else finding.message
        if text not in messages:
            messages.append(text)
    out.extend(_bullets_or_paragraph(messages))
    evidence = sorted({f.evidence.strip() for f in item.findings if f.evidence and f.evidence.strip()})
    for text in evidence:
        out.extend(["", "Observed error:", "", _fence(text)])
    return out


def _fix(item: Item, input_review: "InputReview", finder) -> list[str]:
    """The IDEAL_RESPONSE's code for this item when the diff or the constructs show it,
    else the rules' fix text (see iac_review.diff.fixes for the order)."""
    found, shared = [], []
    for finding in item.findings if finder else ():
        fix = finder.fix_for(finding)
        same = finder.same_in_ideal(finding, fix)
        if same is not None:
            shared.append(same)
        elif fix is not None:
            found.append(fix)
    if shared:   # an ideal with the defect at one place fixes no other place reliably
        return _shared_defect(item, shared, every=len(shared) == len(item.findings))
    shown = merge(found, input_review.ideal_diff.ideal if finder else None)
    if shown:
        blocks = [f"# {fx.path} - Line {fx.start}" + (f" ({fx.construct})" if fx.construct else "")
                  + "\n" + "\n".join(line.rstrip() for line in fx.lines) for fx in shown]
        return ["**IDEAL_RESPONSE Fix**:", "", _fence("\n\n".join(blocks), "python")]
    fixes = _fix_texts(item)
    note = _ideal_note(found)
    if not fixes:
        return ["**IDEAL_RESPONSE Fix**: " + (note + " " if note else "")
                + "No fix was recorded for this finding; see the root cause below."]
    if len(fixes) == 1 and "\n" not in fixes[0]:
        return [f"**IDEAL_RESPONSE Fix**: {note + ' ' if note else ''}{fixes[0]}"]
    return ["**IDEAL_RESPONSE Fix**:" + (f" {note}" if note else ""), "", *_bullets_or_paragraph(fixes)]


def _shared_defect(item: Item, shared, every: bool = True) -> list[str]:
    """The ideal has this defect too (``every``: at each of the item's places, else at some):
    its code is no fix; the rule's fix is."""
    places = ", ".join(sorted({f"{f.location.file}:{f.location.line}" for f in shared}))
    fixes = _fix_texts(item)
    fix = f" The fix: {fixes[0]}" if len(fixes) == 1 and "\n" not in fixes[0] else ""
    said = (f"The IDEAL_RESPONSE has the same defect ({places}), so its code is no fix for it."
            if every else
            f"The IDEAL_RESPONSE keeps this defect in some places ({places}), so its code is no "
            f"reliable fix for it.")
    lines = [f"**IDEAL_RESPONSE Fix**: {said}{fix}"]
    if fixes and not fix:
        lines += ["", *_bullets_or_paragraph(fixes)]
    return lines


def _fix_texts(item: Item) -> list[str]:
    fixes: list[str] = []
    for finding in item.findings:
        if finding.fix and finding.fix.strip() and finding.fix.strip() not in fixes:
            fixes.append(finding.fix.strip())
    return fixes


def _ideal_note(found) -> str:
    """What the ideal did with code it did not rewrite: removed it, or kept it as it was."""
    removed = sorted({f"{fx.path}:{fx.start}" for fx in found if fx.how == "removed"})
    kept = sorted({f"{fx.path}:{fx.start}" for fx in found if fx.how == "unchanged"})
    parts = []
    if removed:
        parts.append("The IDEAL_RESPONSE removed this code (" + ", ".join(removed) + "); the rule's fix:")
    if kept and not removed:
        parts.append("The IDEAL_RESPONSE keeps this code as the model wrote it ("
                     + ", ".join(kept) + "); the rule's fix:")
    return " ".join(parts)


def _render_item(number: int, item: Item, input_review: "InputReview", show_code: bool,
                 finder=None) -> list[str]:
    first = item.findings[0]
    meta = _common.rule_meta(item.rule_id)
    title = _common.rule_title(item.rule_id, first.rule_name)
    missing = f"Not documented for rule {item.rule_id}."
    own = sorted({f.docs for f in item.findings if f.docs})   # the case's own pages, when it has them
    docs = ", ".join(own) if own else (meta.docs if meta is not None and meta.docs else "N/A")
    lines = [
        f"### {number}. {title}",
        "",
        f"**Impact Level**: {item.severity.value}",
        "",
        *_issue(item, input_review, show_code),
        "",
        *_fix(item, input_review, finder),
        "",
        f"**Root Cause**: {meta.why if meta is not None and meta.why else missing}",
        "",
        f"**AWS Documentation Reference**: {docs}",
        "",
        f"**Cost/Security/Performance Impact**: "
        f"{meta.impact if meta is not None and meta.impact else missing}",
        "",
        f"**Training Value**: "
        f"{meta.training_value if meta is not None and meta.training_value else missing}",
    ]
    return lines


def _score_section(input_review: "InputReview", review: "Review | None") -> list[str]:
    score = _common.score_of(input_review, review)
    if score is None:
        return [SCORE_NOT_COMPUTED]
    to_markdown = getattr(score, "to_markdown", None)
    if callable(to_markdown):
        return [str(to_markdown()).rstrip()]
    return [str(score)]


def _requirements_section(input_review: "InputReview") -> list[str]:
    """The prompt's requirements as read, and whether the code meets each (none: no section)."""
    checks = input_review.requirements
    if not checks:
        return []
    met = sum(1 for c in checks if c.status == "met")
    unmet = sum(1 for c in checks if c.status == "unmet")
    out = ["", "### Prompt Requirements", "",
           f"{len(checks)} requirements read from the prompt: {met} met, {unmet} unmet, "
           f"{len(checks) - met - unmet} not decidable from the code.", "",
           "| Requirement | Prompt line | Status | Evidence |", "|---|---:|---|---|"]
    for check in checks:
        label = check.requirement.label.replace("|", "\\|")
        evidence = check.evidence.replace("|", "\\|")
        out.append(f"| {label} | {check.requirement.line} | {check.status} | {evidence} |")
    return out


def _summary(items: list[Item], input_review: "InputReview", review: "Review | None") -> list[str]:
    out = ["## Summary", "", "### Total Failures by Severity", ""]
    for severity in _common.SEVERITIES:
        group = [i for i in items if i.severity is severity]
        n_locations = sum(len(i.locations) for i in group)
        out.append(f"- **{severity.value}**: {len(group)} "
                   f"{'item' if len(group) == 1 else 'items'} "
                   f"({n_locations} {'location' if n_locations == 1 else 'locations'})")
    total_locations = sum(len(i.locations) for i in items)
    out.append(f"- **Total**: {len(items)} {'item' if len(items) == 1 else 'items'} "
               f"({total_locations} {'location' if total_locations == 1 else 'locations'})")

    out += ["", "### Primary Knowledge Gaps", ""]
    counts: dict[str, int] = {}
    for finding in input_review.findings:
        counts[finding.category] = counts.get(finding.category, 0) + 1
    if counts:
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        for n, (category, count) in enumerate(ranked, 1):
            name = _common.category_name(category)
            label = f"{name} (`{category}`)" if name != category else f"`{category}`"
            out.append(f"{n}. {label}: {count} {'finding' if count == 1 else 'findings'}")
    else:
        out.append("None identified: no findings.")

    out += _requirements_section(input_review)
    out += ["", "### Training Quality Score", "", *_score_section(input_review, review)]

    out += _synth_section(input_review)
    out += _tests_section(input_review, review)
    out += _internal_errors_section(input_review)
    out += ["", "### Not Evaluated", ""]
    not_evaluated = _common.sorted_not_evaluated(input_review.not_evaluated)
    if input_review.error:
        out.append(f"- **input**: the input could not be reviewed: {input_review.error}")
    for item in not_evaluated:
        out.append(f"- **{item.stage}**: {item.reason}")
    if not not_evaluated and not input_review.error:
        out.append("No stage reported that it could not run.")
    notes = input_review.project.notes
    if notes:
        out += ["", "**Attribution notes**:", ""]
        out += [f"- {note}" for note in notes]
    return out


def _incomplete_note(input_review: "InputReview") -> list[str]:
    if input_review.complete:
        return []
    n = len(input_review.internal_errors)
    return [f"**Review incomplete**: {n} internal {'error' if n == 1 else 'errors'} of iac-review "
            "stopped part of this review (listed under Internal Errors in the summary); defects "
            "those parts would have found are missing from this analysis.", ""]


def _internal_errors_section(input_review: "InputReview") -> list[str]:
    if input_review.complete:
        return []
    out = ["", "### Internal Errors", ""]
    for error in input_review.internal_errors:
        where = f" (at `{error.where}`)" if error.where else ""
        out.append(f"- `{error.code}` internal error in `{error.unit}`: "
                   f"{error.error_type}: {error.message}{where}")
    return out


def _synth_section(input_review: "InputReview") -> list[str]:
    """What running the app in the sandbox showed (no seconds: the report is deterministic)."""
    line = _common.synth_summary(input_review.synth, status_format="`{}`")
    if line is None:
        return []
    out = ["", "### Synthesis", "", line]
    if input_review.contradicted:
        out.append(_common.contradicted_summary(input_review.contradicted))
    return out + _repairs_section(getattr(input_review, "repairs", None))


def _tests_section(input_review: "InputReview", review: "Review") -> list[str]:
    """How the project's own unit tests ran in the sandbox."""
    line = _common.tests_summary(input_review.suite, review.config.coverage_gate)
    return [] if line is None else ["", "### Unit Tests", "", line]


def _repairs_section(log) -> list[str]:
    """The repairs the review made to its copy before synthesizing again, and their diff."""
    sentence = _common.repair_summary(log)
    if sentence is None:
        return []
    out = ["", "#### Automatic Repairs", "", sentence]
    if log.steps:
        out.append("")
        for step in log.steps:
            where = f"`{step.path}:{step.line}`" if step.line else f"`{step.path}` (new file)"
            safety = "safe" if step.safe else "unsafe"
            out.append(f"- round {step.round}, {where}, {step.rule_id} ({safety}): {step.description}")
    if log.diff:
        longest = max((len(run) for run in re.findall(r"`+", log.diff)), default=0)
        fence = "`" * max(3, longest + 1)
        out += ["", f"{fence}diff", log.diff.rstrip("\n"), fence]
    return out


def _intro(input_review: "InputReview") -> str:
    project = input_review.project
    what = {"markdown": "the model answer", "project": "the CDKTF project",
            "task": f"the task's {project.source} code"}.get(project.kind, "the input")
    return (f"This analysis lists the defects iac-review found in {what} `{input_review.input}`, "
            "worst first, with the offending code, the fix, the root cause and what the "
            "failure teaches.")


def render_input(input_review: "InputReview", review: "Review | None" = None, *,
                 show_code: bool = True) -> str:
    """MODEL_FAILURES.md for one input."""
    items = build_items(input_review.findings)
    diff = getattr(input_review, "ideal_diff", None)
    finder = FixFinder(diff, input_review.project) if diff is not None else None
    lines = [TITLE, "", _intro(input_review), ""]
    lines += _incomplete_note(input_review)
    if not items:
        lines += ["No failures were found." if input_review.complete
                  else "No failures were found by the parts of the review that ran.", ""]
    number = 0
    for severity in _common.SEVERITIES:
        group = [i for i in items if i.severity is severity]
        if not group:
            continue
        lines += [SECTION_TITLES[severity], ""]
        for item in group:
            number += 1
            lines += _render_item(number, item, input_review, show_code, finder)
            lines += ["", "---", ""]
    if diff is not None:
        lines += [*other_changes(diff), ""]
    lines += _summary(items, input_review, review)
    agreement = getattr(input_review, "agreement", None)
    if agreement is not None:
        lines += ["", agreement.to_markdown().rstrip()]
    return "\n".join(lines).rstrip() + "\n"


def render(review: "Review", *, color: bool = False, show_code: bool = True) -> str:
    """One analysis per input, separated by a horizontal rule; ``color`` does not apply."""
    if not review.inputs:
        return f"{TITLE}\n\nNo input was reviewed.\n"
    parts = [render_input(r, review, show_code=show_code) for r in review.inputs]
    return "\n---\n\n".join(parts)
