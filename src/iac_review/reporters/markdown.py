"""MODEL_FAILURES.md: the failure analysis in the shape human reviewers write.

One analysis per input (several inputs are rendered in turn, separated by a
horizontal rule). Findings of one rule merge into one numbered item that
lists every location; items are numbered continuously across the severity
sections. The output is deterministic: no timestamps, everything sorted.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from iac_review.core.finding import Finding, Severity
from iac_review.reporters import _common

if TYPE_CHECKING:  # pragma: no cover
    from iac_review.api import InputReview, Review

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
    def locations(self) -> list[tuple[str, int, int | None]]:
        seen: dict[tuple[str, int, int | None], None] = {}
        for f in self.findings:
            seen.setdefault((f.location.file, f.location.line, f.location.end_line), None)
        return list(seen)

    def sort_key(self) -> tuple:
        return (-self.severity.rank, self.findings[0].sort_key()[1:], self.rule_id)


def build_items(findings: list[Finding]) -> list[Item]:
    """Merge findings by rule, worst section first, then by first location."""
    items: dict[str, Item] = {}
    for finding in _common.sorted_findings(findings):
        items.setdefault(finding.rule_id, Item(finding.rule_id)).findings.append(finding)
    for item in items.values():  # within an item: file, line order
        item.findings.sort(key=lambda f: f.sort_key()[1:])
    return sorted(items.values(), key=Item.sort_key)


def _fence(body: str, language: str = "") -> str:
    longest = max((len(run) for run in re.findall(r"`{3,}", body)), default=2)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{language}\n{body}\n{ticks}"


def _language(paths: list[str]) -> str:
    languages = {_LANGUAGES.get(posixpath.splitext(p)[1].lower(), "text") for p in paths}
    return languages.pop() if len(languages) == 1 else "text"


def _location_comment(finding: Finding, input_review: "InputReview") -> str:
    loc = finding.location
    last = loc.end_line if loc.end_line is not None and loc.end_line > loc.line else loc.line
    where = f"Lines {loc.line}-{last}" if last > loc.line else f"Line {loc.line}"
    text = f"# {_common.display_path(input_review, loc.file)} - {where}"
    origin = finding.origin
    if origin is not None and origin.file != loc.file:
        text += f" ({_common.display_origin_file(origin.file)} line {origin.line})"
    return text


def _bullets_or_paragraph(texts: list[str]) -> list[str]:
    if len(texts) == 1:
        return [texts[0]]
    return [f"- {t}" for t in texts]


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


def ideal_fix(item: Item, input_review: "InputReview") -> list[str] | None:
    """The IDEAL_RESPONSE code that fixed this item, from the diff against the ideal.

    None when there is no ideal or no changed hunk at the item's lines; the
    rules' fix text is shown then.
    """
    diff = getattr(input_review, "ideal_diff", None)
    if diff is None:
        return None
    blocks: list[str] = []
    for finding in item.findings:
        hunk = diff.hunk_for(finding)
        lines = diff.fix_for(finding)
        if hunk is None or lines is None:
            continue
        start, shown = _relevant_lines(finding, lines)
        if lines and not shown:
            continue
        header = (f"# {hunk.ideal_path} - Line {hunk.ideal_start + start}" if lines
                  else f"# {hunk.ideal_path}: the IDEAL_RESPONSE removed this code")
        block = "\n".join([header, *shown])
        if block not in blocks:
            blocks.append(block)
    if not blocks:
        return None
    return ["```python", "\n\n".join(blocks), "```"]


_NAMES = re.compile(r"`([A-Za-z_][A-Za-z0-9_.]{2,})`")


def _relevant_lines(finding, lines: list[str]) -> tuple[int, list[str]]:
    """The part of a changed ideal hunk that mentions what the finding names.

    A merged hunk can be long (a whole import block); the lines naming the
    finding's identifiers (e.g. the A-suffixed class of its fix) are the fix.
    """
    names = {n.rsplit(".", 1)[-1] for n in _NAMES.findall(f"{finding.message} {finding.fix or ''}")}
    hits = [i for i, line in enumerate(lines) if any(n in line for n in names)]
    if not hits:  # the hunk does not show the fix (e.g. reordered imports): say nothing
        return 0, []
    first = max(0, hits[0] - 1)
    return first, lines[first:first + MAX_CODE_LINES]


def _fix(item: Item, input_review: "InputReview") -> list[str]:
    ideal = ideal_fix(item, input_review)
    if ideal:
        return ["**IDEAL_RESPONSE Fix**:", "", *ideal]
    fixes: list[str] = []
    for finding in item.findings:
        if finding.fix and finding.fix.strip() and finding.fix.strip() not in fixes:
            fixes.append(finding.fix.strip())
    if not fixes:
        return ["**IDEAL_RESPONSE Fix**: No fix was recorded for this finding; "
                "see the root cause below."]
    if len(fixes) == 1 and "\n" not in fixes[0]:
        return [f"**IDEAL_RESPONSE Fix**: {fixes[0]}"]
    return ["**IDEAL_RESPONSE Fix**:", "", *_bullets_or_paragraph(fixes)]


def _render_item(number: int, item: Item, input_review: "InputReview", show_code: bool) -> list[str]:
    first = item.findings[0]
    meta = _common.rule_meta(item.rule_id)
    title = _common.rule_title(item.rule_id, first.rule_name)
    missing = f"Not documented for rule {item.rule_id}."
    docs = (meta.docs if meta is not None and meta.docs else "N/A")
    lines = [
        f"### {number}. {title}",
        "",
        f"**Impact Level**: {item.severity.value}",
        "",
        *_issue(item, input_review, show_code),
        "",
        *_fix(item, input_review),
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

    out += ["", "### Training Quality Score", "", *_score_section(input_review, review)]

    out += _synth_section(input_review)
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


def _synth_section(input_review: "InputReview") -> list[str]:
    """What running the app in the sandbox showed (no seconds: the report is deterministic)."""
    outcome = input_review.synth
    if outcome is None or outcome.status == "not_run":
        return []
    entry = outcome.entry or "the entry point"
    if outcome.ok:
        line = f"The app synthesized through {entry} ({len(outcome.stacks)} stack(s))."
    elif outcome.status == "failed":
        line = f"The app failed to synthesize through {entry}: {outcome.error_type}."
    else:
        line = f"Synthesis through {entry} ended as `{outcome.status}`."
    out = ["", "### Synthesis", "", line]
    if input_review.contradicted:
        out.append(f"{len(input_review.contradicted)} static prediction(s) of a synth failure were "
                   "contradicted by the successful synthesis: "
                   + ", ".join(f"{f.rule_id} at {f.location.file}:{f.location.line}"
                               for f in input_review.contradicted) + ".")
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
    lines = [TITLE, "", _intro(input_review), ""]
    if not items:
        lines += ["No failures were found.", ""]
    number = 0
    for severity in _common.SEVERITIES:
        group = [i for i in items if i.severity is severity]
        if not group:
            continue
        lines += [SECTION_TITLES[severity], ""]
        for item in group:
            number += 1
            lines += _render_item(number, item, input_review, show_code)
            lines += ["", "---", ""]
    lines += _summary(items, input_review, review)
    return "\n".join(lines).rstrip() + "\n"


def render(review: "Review", *, color: bool = False, show_code: bool = True) -> str:
    """One analysis per input, separated by a horizontal rule; ``color`` does not apply."""
    if not review.inputs:
        return f"{TITLE}\n\nNo input was reviewed.\n"
    parts = [render_input(r, review, show_code=show_code) for r in review.inputs]
    return "\n---\n\n".join(parts)
