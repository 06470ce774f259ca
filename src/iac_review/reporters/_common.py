"""Helpers shared by the reporters: ordering, rule metadata, source lines.

Reporters read rule metadata through :func:`rule_meta` and category names
through :func:`category_name` only, so tests can monkeypatch those two
functions instead of depending on the rules that exist today.
"""
from __future__ import annotations

import json
import posixpath
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Iterable

from iac_review.core.finding import Finding, NotEvaluated, Severity
from iac_review.rules import get_rule

if TYPE_CHECKING:  # pragma: no cover
    from iac_review.core.review import InputReview, Review
    from iac_review.core.rule import RuleMeta

TOOL_NAME = "iac-review"

#: Severities from worst to mildest: the order of every report section.
SEVERITIES: tuple[Severity, ...] = tuple(sorted(Severity, key=lambda s: -s.rank))

#: Pipeline order, used to list "not evaluated" items in a stable, meaningful order.
STAGE_ORDER = ("input", "parse", "static", "synth", "tfjson", "tests", "diff", "score", "report", "fix")


def rule_meta(rule_id: str) -> "RuleMeta | None":
    """Metadata of a rule id, or None when the id is unknown (or rules cannot load)."""
    try:
        rule = get_rule(rule_id)
    except (ImportError, RuntimeError):  # a broken rules package must not hide the report
        return None
    return getattr(rule, "meta", None) if rule is not None else None


@lru_cache(maxsize=1)
def _category_table() -> dict[str, dict]:
    try:
        ref = resources.files("iac_review").joinpath("data/categories.json")
        if not ref.is_file():
            return {}
        data = json.loads(ref.read_text(encoding="utf-8"))
    except (OSError, ValueError, ModuleNotFoundError):
        return {}
    if isinstance(data, dict):  # tolerate {"categories": [...]}
        data = data.get("categories", [])
    return {c["id"]: c for c in data if isinstance(c, dict) and "id" in c}


def category_name(category_id: str) -> str:
    """Human name of a taxonomy category; the id itself when unknown."""
    entry = _category_table().get(category_id)
    return str(entry.get("name") or category_id) if entry else category_id


def title_from_name(name: str) -> str:
    """'missing-a-suffix-class' -> 'Missing a suffix class'."""
    words = re.split(r"[-_\s]+", name.strip())
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:] if text else name


def rule_title(rule_id: str, rule_name: str = "") -> str:
    """Title of a report item: the rule summary, else a title made from its name."""
    meta = rule_meta(rule_id)
    if meta is not None and meta.summary.strip():
        return meta.summary.strip().rstrip(".")
    name = rule_name or (meta.name if meta is not None else "")
    return title_from_name(name) if name else rule_id


def finding_input(finding: Finding, input_review: "InputReview") -> str:
    return finding.input or input_review.input


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


def by_file(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by location file (files sorted), each group by sort_key."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.location.file, []).append(f)
    return [(path, sorted_findings(groups[path])) for path in sorted(groups)]


def stage_rank(stage: str) -> tuple[int, str]:
    return (STAGE_ORDER.index(stage) if stage in STAGE_ORDER else len(STAGE_ORDER), stage)


def sorted_not_evaluated(items: Iterable[NotEvaluated]) -> list[NotEvaluated]:
    return sorted(items, key=lambda n: (stage_rank(n.stage), n.reason))


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in SEVERITIES}
    for f in findings:
        counts[f.severity.value] += 1
    return counts


def source_lines(input_review: "InputReview", path: str, line: int,
                 end_line: int | None = None, limit: int = 1) -> list[str]:
    """The offending lines of a project file (at most ``limit``); [] when unknown.

    Findings whose path is not a project file (e.g. the markdown answer itself)
    have no code to show.
    """
    src = input_review.project.files.get(path)
    if src is None or line < 1:
        return []
    lines = src.text.splitlines()
    if line > len(lines):
        return []
    last = max(line, end_line or line)
    last = min(last, len(lines), line + max(limit, 1) - 1)
    return lines[line - 1:last]


def score_of(input_review: "InputReview", review: "Review | None" = None):
    """Hook for the scoring stage: a score carried by the input review (or review).

    Returns None until core types carry a ``score``; reporters show a
    "not computed" line then.
    """
    score = getattr(input_review, "score", None)
    if score is None and review is not None:
        score = getattr(review, "score", None)
    return score


def display_path(input_review: "InputReview", path: str) -> str:
    """A path shown relative to the input folder when it lies inside it."""
    base = input_review.project.input.replace("\\", "/").rstrip("/")
    norm = path.replace("\\", "/")
    if input_review.project.kind in ("project", "task") and base and norm.startswith(base + "/"):
        return norm[len(base) + 1:]
    return path


def display_origin_file(origin_file: str) -> str:
    return posixpath.basename(origin_file.replace("\\", "/")) or origin_file


def fence(body: str, language: str = "") -> str:
    """A markdown code fence longer than any backtick run inside ``body``."""
    longest = max((len(run) for run in re.findall(r"`{3,}", body)), default=2)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{language}\n{body}\n{ticks}"


def line_range(start: int, end: int) -> str:
    """'line 4', 'lines 4-6', or 'before line 4' for an empty range (an insertion point)."""
    if end < start:
        return f"before line {start}"
    return f"line {start}" if end == start else f"lines {start}-{end}"


def synth_summary(outcome, status_format: str = "{}") -> str | None:
    """One sentence on how the sandboxed synthesis ended; None when it did not run."""
    if outcome is None or outcome.status == "not_run":
        return None
    entry = outcome.entry or "the entry point"
    if outcome.ok:
        return f"The app synthesized through {entry} ({len(outcome.stacks)} stack(s))."
    if outcome.status == "failed":
        return f"The app failed to synthesize through {entry}: {outcome.error_type}."
    return f"Synthesis through {entry} ended as {status_format.format(outcome.status)}."


def tests_summary(suite, gate: float) -> str | None:
    """One sentence on the project's unit tests as the review ran them; None when they did not run."""
    if suite is None or suite.status == "not_run":
        return None
    if suite.status == "no_tests":
        return "The project has no unit tests to run."
    where = (" on the review's repaired copy" if suite.repairs else "")
    paths = ", ".join(suite.plan.paths) if suite.plan else "tests/unit"
    if not suite.ran:
        return f"The unit tests ({paths}) did not finish{where}: {suite.reason}."
    verdict = "passed" if suite.passed else f"failed (pytest exit status {suite.exit_code})"
    text = f"The unit tests ({paths}) {verdict}{where}: {suite.summary()}"
    if suite.coverage is not None:
        text += f" (gate {gate:g}%: {'met' if suite.coverage >= gate else 'not met'})"
    return text + "."


def repair_summary(log) -> str | None:
    """One sentence on the review's repair loop; None when it did not run."""
    if log is None:
        return None
    count, rounds = len(log.steps), len(log.rounds)
    made = f"{count} automatic repair{'s' if count != 1 else ''} in {rounds} round{'s' if rounds != 1 else ''}"
    if log.synthesized:
        return (f"After {made} (on the review's copy; the input is unchanged), the app "
                "synthesized: the Terraform JSON rules and checkov ran on that JSON, and their "
                "findings say so.")
    if not log.rounds:
        return f"No automatic repair applied to the synth error ({log.stopped})."
    return f"After {made}, the app still does not synthesize: {log.stopped}."


def contradicted_summary(contradicted) -> str:
    """The static synth-failure predictions a successful synthesis disproved, as a sentence."""
    return (f"{len(contradicted)} static prediction(s) of a synth failure were contradicted by the "
            "successful synthesis: " + ", ".join(f"{f.rule_id} at {f.location.file}:{f.location.line}"
                                                 for f in contradicted) + ".")
