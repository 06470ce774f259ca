"""Terminal output: findings grouped by input, then by file.

Rendered with rich into a string; ``color=True`` adds ANSI styles. Text that
comes from findings or the code is never parsed as rich markup.
"""
from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING

from iac_review.core.finding import Finding, Severity
from iac_review.reporters import _common

from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:  # pragma: no cover
    from iac_review.core.review import InputReview, Review

NAME = "text"
DESCRIPTION = "human-readable terminal output (default)"
EXTENSION = ".txt"

WIDTH = 100
EVIDENCE_LINES = 6

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _wrap(text: str, indent: int, first: str = "") -> list[str]:
    """Wrap ourselves (rich pads wrapped text with trailing spaces).

    ``first`` replaces the indent on the first line (e.g. ``"    - "``).
    """
    out: list[str] = []
    for paragraph in text.splitlines() or [""]:
        out += textwrap.wrap(paragraph, width=WIDTH - indent, break_long_words=False,
                             break_on_hyphens=False) or [""]
    lines = [" " * indent + line for line in out]
    if first:
        lines[0] = first + lines[0][indent:]
    return lines


def _print_wrapped(console: Console, text: str, indent: int, first: str = "", style: str = "") -> None:
    for line in _wrap(text, indent, first):
        console.print(Text(line, style=style), soft_wrap=True)


def _where(finding: Finding, input_review: "InputReview") -> str:
    loc = finding.location
    text = f"{_common.display_path(input_review, loc.file)}:{loc.line}:{loc.column}"
    if finding.origin is not None and finding.origin.file != loc.file:
        text += f" (from {_common.display_path(input_review, finding.origin.file)}:{finding.origin.line})"
    elif finding.origin is not None and finding.origin.line != loc.line:
        text += f" (line {finding.origin.line})"
    return text


def _print_finding(console: Console, finding: Finding, input_review: "InputReview",
                   show_code: bool) -> None:
    head = Text("  ")
    head.append(f"{finding.severity.value:<8}", style=SEVERITY_STYLE[finding.severity])
    head.append(" ")
    head.append(finding.rule_id, style="bold")
    name = finding.rule_name or getattr(_common.rule_meta(finding.rule_id), "name", "")
    if name:
        head.append(f" {name}", style="dim")
    head.append("  ")
    head.append(_where(finding, input_review), style="underline")
    console.print(head, soft_wrap=True)
    _print_wrapped(console, finding.message, 4)
    if show_code:
        loc = finding.location
        for offset, code in enumerate(_common.source_lines(input_review, loc.file, loc.line)):
            line = Text()
            line.append(f"    {loc.line + offset:>5} | ", style="dim")
            line.append(code.rstrip())
            console.print(line, soft_wrap=True)
    if finding.evidence:
        lines = finding.evidence.strip().splitlines()
        shown = lines[:EVIDENCE_LINES]
        if len(lines) > len(shown):
            shown.append(f"... ({len(lines) - len(shown)} more lines)")
        console.print(Text("    evidence:", style="dim"))
        for item in shown:
            console.print(Text(f"      {item}", style="dim"), soft_wrap=True)
    if finding.fix:
        lines = _wrap(finding.fix, indent=9)
        fix = Text("    ")
        fix.append("fix:", style="green")
        fix.append(" " + lines[0][9:])
        console.print(fix, soft_wrap=True)
        for line in lines[1:]:
            console.print(Text(line), soft_wrap=True)


def _print_input(console: Console, input_review: "InputReview", show_code: bool,
                 explain: bool = False, quiet: bool = False, gate: float = 90.0) -> None:
    project = input_review.project
    if quiet and not input_review.findings:
        return
    header = Text()
    header.append(input_review.input, style="bold")
    detail = project.kind if project.kind != "task" else f"task, {project.source} code"
    header.append(f"  ({detail}, {_plural(len(project.files), 'file')})", style="dim")
    console.print(header, soft_wrap=True)
    if input_review.error:
        _print_wrapped(console, input_review.error, 4, first="  error: ", style="bold red")
    if not input_review.findings and not input_review.error and input_review.complete:
        console.print(Text("  no findings", style="green"))
    _print_internal_errors(console, input_review)
    groups = [(_common.display_path(input_review, path), findings)
              for path, findings in _common.by_file(input_review.findings)]
    for shown, findings in sorted(groups, key=lambda group: group[0]):
        console.print(Text(f"  {shown}", style="bold blue"), soft_wrap=True)
        for finding in findings:
            _print_finding(console, finding, input_review, show_code)
    if quiet:
        return
    _print_synth(console, input_review, explain)
    _print_tests(console, input_review, gate)
    if project.notes:
        console.print(Text("  notes:", style="dim"))
        for note in project.notes:
            _print_wrapped(console, note, 6, first="    - ")
    not_evaluated = _common.sorted_not_evaluated(input_review.not_evaluated)
    if not_evaluated:
        console.print(Text("  not evaluated:", style="yellow"))
        for item in not_evaluated:
            _print_wrapped(console, f"{item.stage}: {item.reason}", 6, first="    - ")


def _print_internal_errors(console: Console, input_review: "InputReview") -> None:
    """Our own crashes: shown first, since every finding below may be missing some."""
    if not input_review.internal_errors:
        return
    console.print(Text("  internal errors (the review of this input is incomplete):",
                       style="bold red"), soft_wrap=True)
    for error in input_review.internal_errors:
        _print_wrapped(console, f"{error.code} {error.text}", 6, first="    - ")
        if error.where:
            _print_wrapped(console, f"at {error.where}", 8, style="dim")


def _print_synth(console: Console, input_review: "InputReview", explain: bool) -> None:
    """What the sandboxed synthesis said, and the predictions it contradicted."""
    outcome = input_review.synth
    if outcome is None or outcome.status == "not_run":
        return
    text = f"synth: {outcome.status} in {outcome.seconds:.1f} s ({outcome.entry or 'entry point'})"
    if outcome.ok:
        text += f", {_plural(len(outcome.stacks), 'stack')}"
    console.print(Text(f"  {text}", style="green" if outcome.ok else "yellow"), soft_wrap=True)
    repairs = _common.repair_summary(getattr(input_review, "repairs", None))
    if repairs:
        _print_wrapped(console, f"repairs: {repairs}", 4, first="  ")
    contradicted = input_review.contradicted
    if contradicted and explain:
        console.print(Text("  static predictions synthesis contradicted (false positives):",
                           style="yellow"))
        for finding in contradicted:
            _print_wrapped(console, f"{finding.rule_id} {finding.location.file}:"
                                    f"{finding.location.line}: {finding.message}", 6, first="    - ")
    elif contradicted:
        console.print(Text(f"  {_plural(len(contradicted), 'static prediction')} contradicted by "
                           "synthesis (--explain lists them)", style="dim"))


def _print_tests(console: Console, input_review: "InputReview", gate: float) -> None:
    """The unit tests' verdict, counts and coverage, when they ran."""
    suite = input_review.suite
    if suite is None or suite.status in ("not_run", "no_tests"):
        return
    text = f"tests: {suite.summary()} in {suite.seconds:.1f} s"
    if suite.repairs:
        text += " (on the repaired copy)"
    fine = suite.passed and (suite.coverage is None or suite.coverage >= gate)
    _print_wrapped(console, text, 4, first="  ", style="green" if fine else "yellow")


def summary_line(review: "Review") -> str:
    findings = review.findings
    inputs = _plural(len(review.inputs), "input")
    if not findings:
        text = f"no findings in {inputs}"
    else:
        counts = _common.severity_counts(findings)
        by_sev = ", ".join(f"{n} {sev}" for sev, n in counts.items())
        text = f"{_plural(len(findings), 'finding')} ({by_sev}) in {inputs}"
    suppressed = sum(len(r.suppressed) for r in review.inputs)
    if suppressed:
        text += f"; {suppressed} suppressed"
    skipped = sum(len(r.not_evaluated) for r in review.inputs)
    if skipped:
        text += f"; {skipped} not evaluated"
    errors = sum(1 for r in review.inputs if r.error)
    if errors:
        text += f"; {_plural(errors, 'input')} could not be reviewed"
    crashes = len(review.internal_errors)
    if crashes:
        text += f"; {_plural(crashes, 'internal error')}: the review is incomplete"
    return text


def render(review: "Review", *, color: bool = False, show_code: bool = True,
           explain: bool = False, quiet: bool = False) -> str:
    """``explain`` lists the static predictions synthesis contradicted; ``quiet`` prints the
    findings only (no synthesis lines, notes, not-evaluated list or summary)."""
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, width=WIDTH,
                      highlight=False, emoji=False, markup=False, legacy_windows=False)
    shown = [r for r in review.inputs if r.findings or not quiet]
    for i, input_review in enumerate(shown):
        if i:
            console.print()
        _print_input(console, input_review, show_code, explain, quiet, review.config.coverage_gate)
    if quiet:
        return buffer.getvalue()
    if review.inputs:
        console.print()
    worst = review.worst()
    style = SEVERITY_STYLE[worst] if worst is not None else "green"
    console.print(Text(summary_line(review), style=style if color else ""))
    return buffer.getvalue()
