"""Recall of the static review against the human labels of a corpus.

Usage: python bench/corpus_eval.py CORPUS [--source model] [--terraform-version X] [--json out.json]
       [--store results.sqlite]

Every task folder under CORPUS (a folder with `lib/MODEL_RESPONSE.md` or
`metadata.json`) is reviewed with `iac_review.api.review` and compared with its
`labels.jsonl` (one JSON object a line: id, title, severity, category,
detectability, grounded, in_detector_scope).

A label counts toward recall when it is grounded, in detector scope and its
detectability is "static"; it is recalled when the review of that task has at
least one finding whose rule category equals the label's category. Recall over
all grounded in-scope labels (any detectability) is printed for information.
Findings whose category has no label on their task are counted per rule: human
labels are incomplete, so such a finding is not automatically a false positive.

The output is Markdown (to paste into a closing note); --json also writes the
per-task rows.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import SimpleNamespace

from iac_review.api import ReviewConfig, review
from iac_review.parse.loader import InputError, load
from iac_review.rules import all_rules

STATIC = "static"


@dataclass
class Label:
    id: str
    title: str
    category: str
    severity: str = ""
    detectability: str = ""
    grounded: bool = False
    in_scope: bool = False

    @property
    def counted(self) -> bool:
        """In scope for the information-only recall (any detectability)."""
        return self.grounded and self.in_scope

    @property
    def static(self) -> bool:
        """Counts toward the static recall."""
        return self.counted and self.detectability == STATIC


@dataclass
class TaskResult:
    task: str
    labels: list[Label] = field(default_factory=list)
    findings: list = field(default_factory=list)   # Finding objects
    error: str | None = None
    seconds: float = 0.0
    has_code: bool = True   # the reviewed answer yielded at least one Python file

    @property
    def categories(self) -> set[str]:
        """Categories of the findings, and of the rules merged into them (one finding per defect)."""
        return {f.category for f in self.findings} | {c for f in self.findings for _, c in f.also}

    def recalled_in_group(self, label: Label) -> bool:
        """A finding of any category of the label's taxonomy group (e.g. cdktf_binding)."""
        group = CATEGORY_GROUPS.get(label.category)
        return any(CATEGORY_GROUPS.get(c) == group for c in self.categories) if group else False

    def recalled(self, label: Label) -> bool:
        return label.category in self.categories

    def unlabelled(self) -> list:
        """Findings whose category has no label (of any kind) on this task."""
        labelled = {label.category for label in self.labels}
        return [f for f in self.findings if f.category not in labelled]

    def to_dict(self) -> dict:
        return {
            "task": self.task,
            "error": self.error,
            "seconds": round(self.seconds, 4),
            "labels": [{"id": lb.id, "title": lb.title, "category": lb.category,
                        "detectability": lb.detectability, "grounded": lb.grounded,
                        "in_detector_scope": lb.in_scope, "counted_static": lb.static,
                        "recalled": self.recalled(lb)} for lb in self.labels],
            "findings_by_rule": dict(sorted(Counter(f.rule_id for f in self.findings).items())),
            "finding_categories": sorted(self.categories),
            "unlabelled_by_rule": dict(sorted(Counter(f.rule_id for f in self.unlabelled()).items())),
        }


def _category_groups() -> dict[str, str]:
    data = resources.files("iac_review") / "data" / "categories.json"
    return {c["id"]: c.get("group", "") for c in json.loads(data.read_text(encoding="utf-8"))}


CATEGORY_GROUPS = _category_groups()


def task_dirs(corpus: Path) -> list[Path]:
    """Task folders directly under the corpus, in name order."""
    return sorted(p for p in corpus.iterdir()
                  if p.is_dir() and ((p / "lib" / "MODEL_RESPONSE.md").is_file() or (p / "metadata.json").is_file()))


def read_labels(task: Path) -> list[Label]:
    path = task / "labels.jsonl"
    if not path.is_file():
        return []
    labels = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except ValueError:
            print(f"warning: {path}:{number}: not JSON, skipped", file=sys.stderr)
            continue
        if not isinstance(raw, dict) or not raw.get("category"):
            continue
        labels.append(Label(id=str(raw.get("id", number)), title=str(raw.get("title", "")),
                            category=str(raw["category"]), severity=str(raw.get("severity", "")),
                            detectability=str(raw.get("detectability", "")),
                            grounded=bool(raw.get("grounded")), in_scope=bool(raw.get("in_detector_scope"))))
    return labels


def evaluate(corpus: Path, source: str = "model", terraform_version: str | None = None) -> list[TaskResult]:
    tasks = task_dirs(corpus)
    config = ReviewConfig(source=source, terraform_version=terraform_version)
    result = review([str(t) for t in tasks], config)
    rows = []
    for task, reviewed in zip(tasks, result.inputs, strict=True):
        has_code = any(p.endswith(".py") for p in reviewed.project.files)
        rows.append(TaskResult(task.name, read_labels(task), list(reviewed.findings), reviewed.error,
                               reviewed.seconds, has_code))
    return rows


def evaluate_store(corpus: Path, store: Path, source: str = "model") -> list[TaskResult]:
    """The findings a batch store holds (``iac-review batch ... --store``), instead of reviewing:
    a store made with synthesis has the synth, tfjson and tests stages' findings too."""
    connection = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT task, findings FROM results WHERE source = ?", (source,)).fetchall()
        units = dict(connection.execute("SELECT task, status FROM units WHERE source = ?", (source,)).fetchall())
    finally:
        connection.close()
    found: dict[str, list] = defaultdict(list)
    for task, text in rows:
        found[task].extend(SimpleNamespace(rule_id=d["rule_id"], category=d["category"],
                                           also=tuple(tuple(a) for a in d.get("also") or []))
                           for d in json.loads(text))
    return [TaskResult(task.name, read_labels(task), found.get(task.name, []),
                       None if units.get(task.name) in ("ok", "internal_error") else f"not in the store: {task.name}",
                       has_code=_has_code(task, source))
            for task in task_dirs(corpus)]


def _has_code(task: Path, source: str) -> bool:
    try:
        return any(p.endswith(".py") for p in load(str(task), source=source).files)
    except InputError:
        return False


def _rules_by_category() -> dict[str, list[str]]:
    table: dict[str, list[str]] = defaultdict(list)
    for rule in all_rules():
        table[rule.meta.category].append(rule.meta.id)
    return table


def _percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.0f}%" if whole else "-"


def summary(rows: list[TaskResult]) -> dict:
    """Numbers behind the report, also written to --json."""
    per_category: dict[str, dict[str, int]] = defaultdict(lambda: {"labels": 0, "recalled": 0})
    counted = recalled_all = 0
    by_detectability: dict[str, dict[str, int]] = defaultdict(lambda: {"labels": 0, "recalled": 0})
    for row in rows:
        for label in row.labels:
            if not label.counted:
                continue
            hit = row.recalled(label)
            counted += 1
            recalled_all += hit
            by_detectability[label.detectability or "?"]["labels"] += 1
            by_detectability[label.detectability or "?"]["recalled"] += hit
            if label.static:
                per_category[label.category]["labels"] += 1
                per_category[label.category]["recalled"] += hit
    with_code = [(row, lb) for row in rows if row.has_code for lb in row.labels if lb.static]
    in_group = [(row, lb) for row in rows for lb in row.labels if lb.static]
    static_labels = sum(c["labels"] for c in per_category.values())
    static_recalled = sum(c["recalled"] for c in per_category.values())
    unlabelled: dict[str, dict] = {}
    for row in rows:
        for finding in row.unlabelled():
            entry = unlabelled.setdefault(finding.rule_id, {"category": finding.category, "findings": 0,
                                                            "tasks": set()})
            entry["findings"] += 1
            entry["tasks"].add(row.task)
    return {
        "tasks": len(rows),
        "errors": sum(1 for r in rows if r.error),
        "static": {"labels": static_labels, "recalled": static_recalled},
        # Labels on answers that contain no code cannot be found by reading the answer.
        "static_answers_with_code": {"labels": len(with_code),
                                     "recalled": sum(r.recalled(lb) for r, lb in with_code)},
        # Human labels and our rules sometimes split one mechanism over neighbouring
        # categories (a list-vs-object defect labelled as a wrong type): same group counts.
        "static_by_group": {"labels": len(in_group),
                            "recalled": sum(r.recalled(lb) or r.recalled_in_group(lb)
                                            for r, lb in in_group)},
        "all_detectability": {"labels": counted, "recalled": recalled_all},
        "by_detectability": {k: dict(v) for k, v in sorted(by_detectability.items())},
        "per_category": {k: dict(v) for k, v in per_category.items()},
        "unlabelled": {k: {"category": v["category"], "findings": v["findings"], "tasks": len(v["tasks"])}
                       for k, v in sorted(unlabelled.items())},
        "findings": sum(len(r.findings) for r in rows),
    }


DEFAULT_AUDIT = Path(__file__).with_name("label_audit.json")


def read_audit(path: Path | None) -> dict[tuple[str, str], str]:
    """(task, label id) -> verdict, from our audit of labels against the answers."""
    if path is None or not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {(e["task"], e["label"]): e["verdict"] for e in data.get("labels", [])}


def audited_recall(rows: list[TaskResult], audit: dict[tuple[str, str], str]) -> dict:
    """Static recall without labels whose defect the answer does not contain, counting
    labels a neighbouring category's rule reports as found."""
    kept = found = excluded = moved = 0
    per_category: dict[str, dict[str, int]] = defaultdict(lambda: {"labels": 0, "recalled": 0})
    for row in rows:
        for label in row.labels:
            if not label.static:
                continue
            verdict = audit.get((row.task, label.id))
            if not row.has_code:
                verdict = verdict or "not_in_answer"  # an answer without code contains no defect
            if verdict in ("not_in_answer", "not_a_defect") and not row.recalled(label):
                excluded += 1
                continue
            kept += 1
            per_category[label.category]["labels"] += 1
            if row.recalled(label) or verdict == "other_category":
                found += 1
                per_category[label.category]["recalled"] += 1
                moved += not row.recalled(label)
    return {"labels": kept, "recalled": found, "excluded": excluded, "other_category": moved,
            "per_category": dict(per_category)}


def _tests_table(rows: list[TaskResult], rules: dict[str, list[str]], audit: dict | None) -> list[str]:
    """Recall of the test categories over every grounded in-scope label (their detectability is
    "test": only the tests stage, with --synth, runs the tests); audited as the static recall is."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])   # labels, hit, audited labels, hit
    missed: list[str] = []
    for row in rows:
        for label in row.labels:
            if not (label.counted and CATEGORY_GROUPS.get(label.category) == "tests"):
                continue
            hit = row.recalled(label)
            verdict = (audit or {}).get((row.task, label.id)) or ("" if row.has_code else "not_in_answer")
            kept = hit or verdict not in ("not_in_answer", "not_a_defect")
            for index, value in enumerate((1, hit, kept, kept and (hit or verdict == "other_category"))):
                counts[label.category][index] += value
            if kept and not hit:
                missed.append(f"{row.task} {label.id} `{label.category}`: {label.title}")
    if not counts:
        return []
    lines = ["### Test categories (every grounded in-scope label)", "",
             "| Category | Labels | Recalled | Recall | Audited | Rules |", "|---|---:|---:|---:|---:|---|"]
    for category, (labels, hit, kept, found) in sorted(counts.items()):
        lines.append(f"| `{category}` | {labels} | {hit} | {_percent(hit, labels)} | "
                     f"{found}/{kept} ({_percent(found, kept)}) | {', '.join(rules.get(category, [])) or '-'} |")
    labels, hit, kept, found = (sum(c[i] for c in counts.values()) for i in range(4))
    lines += [f"| **all test categories** | **{labels}** | **{hit}** | **{_percent(hit, labels)}** | "
              f"**{found}/{kept} ({_percent(found, kept)})** | |", ""]
    if missed:
        lines += ["Missed (audited):", "", *[f"- {m}" for m in missed], ""]
    return lines


def render(rows: list[TaskResult], source: str, audit: dict | None = None) -> str:
    numbers = summary(rows)
    rules = _rules_by_category()
    lines = [f"## Static review against the human labels ({numbers['tasks']} tasks, source: {source})", ""]
    lines.append("A label counts when it is grounded, in detector scope and statically detectable; it is "
                 f"recalled when the review of the task's {source} answer has a finding of the label's "
                 "category. Audited: without the labels our audit found absent from the answer (below).")
    lines.append("")
    audited = audited_recall(rows, audit)["per_category"] if audit else {}
    lines.append("| Category | Labels | Recalled | Recall | Audited | Rules |")
    lines.append("|---|---:|---:|---:|---:|---|")
    categories = numbers["per_category"]
    for category, counts in sorted(categories.items(), key=lambda kv: (-kv[1]["labels"], kv[0])):
        ids = ", ".join(rules.get(category, [])) or "-"
        kept = audited.get(category)
        shown = (f"{kept['recalled']}/{kept['labels']} ({_percent(kept['recalled'], kept['labels'])})"
                 if kept else "-")
        lines.append(f"| `{category}` | {counts['labels']} | {counts['recalled']} | "
                     f"{_percent(counts['recalled'], counts['labels'])} | {shown} | {ids} |")
    static = numbers["static"]
    lines.append(f"| **all static** | **{static['labels']}** | **{static['recalled']}** | "
                 f"**{_percent(static['recalled'], static['labels'])}** | | |")
    unlabelled_categories = sorted(c for c in rules if c not in categories)
    if unlabelled_categories:
        lines.append("")
        lines.append("Categories with rules but no static label in the corpus: "
                     + ", ".join(f"`{c}` ({', '.join(rules[c])})" for c in unlabelled_categories) + ".")
    every = numbers["all_detectability"]
    coded, grouped = numbers["static_answers_with_code"], numbers["static_by_group"]
    lines += ["", f"Overall static recall: {static['recalled']}/{static['labels']} "
                  f"({_percent(static['recalled'], static['labels'])}).",
              f"Over answers that contain code ({sum(r.has_code for r in rows)} of {len(rows)} tasks): "
              f"{coded['recalled']}/{coded['labels']} ({_percent(coded['recalled'], coded['labels'])}).",
              f"Counting a finding of the same taxonomy group as a hit: "
              f"{grouped['recalled']}/{grouped['labels']} ({_percent(grouped['recalled'], grouped['labels'])}).",
              f"For information, all grounded in-scope labels of any detectability: "
              f"{every['recalled']}/{every['labels']} ({_percent(every['recalled'], every['labels'])}); by "
              "detectability: " + ", ".join(f"{k} {v['recalled']}/{v['labels']}"
                                             for k, v in numbers["by_detectability"].items()) + "."]
    lines += ["", *_tests_table(rows, rules, audit)]
    if audit:
        aud = audited_recall(rows, audit)
        lines.append(f"With our label audit ({DEFAULT_AUDIT.name}; labels on answers without code, and labels whose "
                     f"defect the answer does not contain: {aud['excluded']} left out; "
                     f"{aud['other_category']} reported under a neighbouring "
                     f"category counted): {aud['recalled']}/{aud['labels']} "
                     f"({_percent(aud['recalled'], aud['labels'])}).")
    if numbers["errors"]:
        failed = ", ".join(r.task for r in rows if r.error)
        lines.append(f"Inputs that could not be reviewed: {numbers['errors']} ({failed}).")
    lines += ["", "### Findings without a label of their category", "",
              "Findings whose category has no label on their task. Human labels are incomplete: a detection "
              "without a label is not automatically a false positive.", "",
              "| Rule | Category | Findings | Tasks |", "|---|---|---:|---:|"]
    unlabelled = numbers["unlabelled"]
    for rule_id, entry in sorted(unlabelled.items(), key=lambda kv: (-kv[1]["findings"], kv[0])):
        lines.append(f"| {rule_id} | `{entry['category']}` | {entry['findings']} | {entry['tasks']} |")
    if not unlabelled:
        lines.append("| - | - | 0 | 0 |")
    total = sum(e["findings"] for e in unlabelled.values())
    lines += ["", f"{total} of {numbers['findings']} findings have no label of their category."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--source", default="model", choices=("model", "ideal", "code"))
    parser.add_argument("--terraform-version", default=None)
    parser.add_argument("--json", dest="json_out", type=Path, default=None, help="write per-task rows here")
    parser.add_argument("--store", type=Path, default=None,
                        help="read the findings of this batch store (iac-review batch --store) "
                             "instead of reviewing statically")
    parser.add_argument("--audit", type=Path, default=DEFAULT_AUDIT,
                        help="our audit of labels against the answers (default: bench/label_audit.json)")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"error: {args.corpus} is not a directory", file=sys.stderr)
        return 2
    rows = (evaluate_store(args.corpus, args.store, args.source) if args.store
            else evaluate(args.corpus, args.source, args.terraform_version))
    sys.stdout.write(render(rows, args.source, read_audit(args.audit) if args.source == "model" else {}))
    if args.json_out:
        data = {"source": args.source, "terraform_version": args.terraform_version,
                "summary": summary(rows), "tasks": [r.to_dict() for r in rows]}
        args.json_out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
