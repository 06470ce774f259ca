"""The numbers of a batch store: what the text output prints and the plots draw."""
from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass, field

from iac_review.reporters import _common


@dataclass
class CorpusStats:
    units: int = 0
    tasks: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_category: dict[str, Counter] = field(default_factory=dict)      # category -> source -> count
    by_rule: Counter = field(default_factory=Counter)
    by_source_severity: dict[str, Counter] = field(default_factory=dict)
    synth_reasons: Counter = field(default_factory=Counter)
    tests_verdicts: Counter = field(default_factory=Counter)   # passed, failed, no_tests, timeout ...
    scores: list[tuple[str, str, float, float | None]] = field(default_factory=list)  # task, source, ours, human
    stage_seconds: dict[str, list[float]] = field(default_factory=dict)
    tool_versions: Counter = field(default_factory=Counter)


def collect(results: list[dict], units: list[dict]) -> CorpusStats:
    stats = CorpusStats(units=len(units), tasks=len({u["task"] for u in units}))
    for unit in units:
        stats.by_source_severity.setdefault(unit["source"], Counter())   # a clean source shows as 0
        stats.by_status[unit["status"]] += 1
        stats.tool_versions[unit["tool_version"]] += 1
        if unit["score"] is not None:
            stats.scores.append((unit["task"], unit["source"], float(unit["score"]), unit["human_score"]))
    for row in results:
        if row["status"] not in ("not_run", "error", "no_tests"):   # a stage that did not run took no time
            stats.stage_seconds.setdefault(row["stage"], []).append(float(row["seconds"]))
        for finding in json.loads(row["findings"]):
            category = _common.category_name(finding["category"])
            stats.by_category.setdefault(category, Counter())[row["source"]] += 1
            stats.by_rule[finding["rule_id"]] += 1
            stats.by_source_severity.setdefault(row["source"], Counter())[finding["severity"]] += 1
        if row["stage"] == "synth" and row["status"] not in ("not_run",):
            detail = json.loads(row["detail"])
            reason = row["status"] if row["status"] != "failed" else (detail.get("error_type") or "failed")
            stats.synth_reasons[reason] += 1
        if row["stage"] == "tests" and row["status"] not in ("not_run", "error"):
            stats.tests_verdicts[row["status"]] += 1
    return stats


def text(stats: CorpusStats, top: int = 15) -> str:
    lines = [f"{stats.units} units of {stats.tasks} tasks: "
             + ", ".join(f"{n} {status}" for status, n in stats.by_status.most_common())]
    lines.append("")
    lines.append("findings per source (Critical/High/Medium/Low):")
    for source, counts in sorted(stats.by_source_severity.items()):
        lines.append(f"  {source:<6} {sum(counts.values()):>5}  "
                     + "/".join(str(counts.get(s, 0)) for s in ("Critical", "High", "Medium", "Low")))
    lines.append("")
    lines.append(f"categories (top {top}):")
    ranked = sorted(stats.by_category.items(), key=lambda item: -sum(item[1].values()))[:top]
    for category, counts in ranked:
        lines.append(f"  {sum(counts.values()):>5}  {category}")
    lines.append("")
    lines.append(f"rules (top {top}):")
    for rule, count in stats.by_rule.most_common(top):
        lines.append(f"  {count:>5}  {rule:<7} {_common.rule_title(rule)}")
    if stats.synth_reasons:
        lines.append("")
        lines.append("synthesis: " + ", ".join(f"{n} {reason}" for reason, n in stats.synth_reasons.most_common()))
    if stats.tests_verdicts:
        lines.append("unit tests: " + ", ".join(f"{n} {v}" for v, n in stats.tests_verdicts.most_common()))
    pairs = [(ours, human) for _, _, ours, human in stats.scores if human is not None]
    if stats.scores:
        lines.append("")
        ours = [s for _, _, s, _ in stats.scores]
        lines.append(f"score: median {statistics.median(ours):g} over {len(ours)} units"
                     + (f"; beside the human training_quality on {len(pairs)} units: median "
                        f"{statistics.median(h for _, h in pairs):g}" if pairs else ""))
    lines.append("")
    lines.append("seconds per stage (median, max):")
    for stage, values in sorted(stats.stage_seconds.items()):
        lines.append(f"  {stage:<7} {statistics.median(values):6.2f} {max(values):7.2f}")
    return "\n".join(lines) + "\n"
