"""One self-contained HTML page per reviewed input: findings beside the code.

The page has, per input: a header (severity counts, the training-quality score
with a sentence on what it rates and its term table), severity and category
filters, a summary table (one row per rule, as in MODEL_FAILURES.md), every
model file that has findings, highlighted, with the finding cards beside the
lines they point at and the lines far from any finding folded, the
side-by-side diff against the IDEAL_RESPONSE with word-level marks and the
findings that explain each hunk, the agreement with a human analysis when one
was made, and what was not evaluated.

The markup lives in Jinja2 templates (``templates/`` beside this module) with
autoescaping on. This module only prepares what they show. Everything from the
review (code, messages, paths) is escaped, nothing of it is placed inside the
script, and the CSS and JS (``html_page.css`` and ``html_page.js``) are inlined:
the page loads nothing and works from ``file://``. The only URLs are the rules'
documentation links in the finding cards. The output is deterministic: no
timestamps, everything sorted, element ids numbered in that order.
"""
from __future__ import annotations

import posixpath
from functools import lru_cache
from itertools import zip_longest
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

from iac_review import __version__
from iac_review.core.finding import Finding
from iac_review.reporters import _common
from iac_review.reporters._html_base import CSP, Ids, asset, code_text, doc_url, esc, plural
from iac_review.reporters._html_code import highlighted_lines, pygments_css, windows, word_diff
from iac_review.reporters._html_diff import NO_IDEAL, UNEXPLAINED, hunk_ids
from iac_review.reporters.markdown import build_items

if TYPE_CHECKING:  # pragma: no cover
    from iac_review.core.review import InputReview, Review

NAME = "html"
DESCRIPTION = "self-contained HTML page: findings beside the code, filters, diff against the ideal"
EXTENSION = ".html"

# Past these, a page stays readable: files start folded, an item lists its first locations.
OPEN_FILES_UP_TO = 150      # findings on the page
OPEN_DIFF_UP_TO = 150       # rows of side-by-side diff on the page
ITEM_LINK_LIMIT = 20


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("iac_review.reporters", "templates"),
                             autoescape=True, trim_blocks=False, lstrip_blocks=False,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["ticks"] = lambda value: Markup(code_text(value))
    return env


# ---- the pieces, as data -------------------------------------------------------

def _where(finding: Finding, input_review: "InputReview") -> str:
    loc = finding.location
    text = f"{_common.display_path(input_review, loc.file)}:{loc.line}:{loc.column}"
    origin = finding.origin
    if origin is not None and origin.file != loc.file:
        text += f" ({_common.display_origin_file(origin.file)} line {origin.line})"
    return text


def _card(finding: Finding, card_id: str, input_review: "InputReview", hunks: dict[str, str]) -> dict:
    meta = _common.rule_meta(finding.rule_id)
    category = _common.category_name(finding.category)
    why = []
    if meta is not None:
        why = [(label, text) for label, text in (("Root cause", meta.why), ("Impact", meta.impact),
                                                 ("Training value", meta.training_value)) if text]
    return {"id": card_id, "severity": finding.severity.value, "category": finding.category,
            "rule": finding.rule_id, "file": finding.location.file, "line": finding.location.line,
            "title": _common.rule_title(finding.rule_id, finding.rule_name),
            "where": _where(finding, input_review), "message": finding.message,
            "evidence": (finding.evidence or "").strip(), "fix": (finding.fix or "").strip(),
            "hunk": hunks.get(card_id), "why": why,
            "category_label": f"{category} ({finding.category})" if category != finding.category else category,
            "docs": doc_url(meta.docs if meta is not None else "")}


def _versions(provider: dict) -> str:
    """'cdktf 0.21.0, cdktf-cdktf-provider-aws 21.22.1, hashicorp/aws 6.25.0' (never the cache path)."""
    cdktf = provider.get("cdktf") or provider.get("cdktf_version")
    package = provider.get("provider_package") or "cdktf-cdktf-provider-aws"
    bindings = provider.get("cdktf-cdktf-provider-aws") or provider.get("provider_version")
    parts = [f"cdktf {cdktf}" if cdktf else "", f"{package} {bindings}" if bindings else "",
             str(provider.get("terraform_provider") or "")]
    return ", ".join(p for p in parts if p)


def _term_value(term: dict) -> str:
    value, name = term.get("value"), str(term.get("term", ""))
    if value is None:
        return "-"
    if name in ("base", "clamp", "total") or name.startswith("override") or not isinstance(value, int):
        return str(value)
    return f"{value:+d}"


def _score_why(data: dict, findings: list[Finding]) -> str:
    """What the score rates, in words, beside the findings it sits next to."""
    counts = _common.severity_counts(findings)
    serious = counts.get("Critical", 0) + counts.get("High", 0)
    text = ("The score rates this task as training data, not the code: the model's mistakes that "
            "the review names (and a reviewer fixes) are what the task can teach.")
    if serious and data.get("passed"):
        text += (f" Its {plural(serious, 'Critical or High finding')} therefore raise the score "
                 f"rather than lower it (failures {data.get('failure_adjustment', 0):+d}).")
    elif not findings:
        text += " With nothing to correct, the task teaches little."
    return text


def _score(input_review: "InputReview", review: "Review | None") -> dict | None:
    score = _common.score_of(input_review, review)
    if score is None:
        return None
    data = score.to_dict() if callable(getattr(score, "to_dict", None)) else {}
    total = data.get("total", getattr(score, "total", None))
    passed = data.get("passed", getattr(score, "passed", None))
    arithmetic = getattr(score, "arithmetic", None)
    return {"total": total, "passed": bool(passed), "passed_attr": str(bool(passed)).lower(),
            "gate": data.get("gate", 8), "why": _score_why(data, input_review.findings),
            "arithmetic": arithmetic() if callable(arithmetic) else "",
            "terms": [{"name": t.get("term", ""), "value": _term_value(t),
                       "explanation": t.get("explanation", "")} for t in data.get("terms") or []]}


def _items(input_review: "InputReview", ids: Ids) -> list[dict]:
    out = []
    for item in build_items(input_review.findings):
        refs = [(ids.of(f), f) for f in item.findings]
        out.append({"ids": [c for c, _ in refs if c], "rule": item.rule_id, "severity": item.severity.value,
                    "title": _common.rule_title(item.rule_id, item.findings[0].rule_name),
                    "links": [{"id": cid, "text": f"{_common.display_path(input_review, f.location.file)}:"
                                                  f"{f.location.line}"} for cid, f in refs if cid]})
    return out


def _categories(findings: list[Finding]) -> list[dict]:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.category] = counts.get(f.category, 0) + 1
    return [{"id": c, "name": _common.category_name(c), "count": counts[c]} for c in sorted(counts)]


def _files_view(input_review: "InputReview", ids: Ids, hunks: dict[str, str], show_code: bool):
    files = input_review.project.files
    anchored: dict[str, dict[int, list[Finding]]] = {}
    loose: list[Finding] = []
    for f in ids.findings:
        src = files.get(f.location.file)
        n_lines = len(src.text.splitlines()) if src is not None else 0
        if src is not None and (not show_code or 1 <= f.location.line <= n_lines):
            anchored.setdefault(f.location.file, {}).setdefault(f.location.line, []).append(f)
        else:
            loose.append(f)
    open_files = len(ids.findings) <= OPEN_FILES_UP_TO
    views = []
    for n, path in enumerate(sorted(anchored), 1):
        by_line = anchored[path]
        total = sum(len(v) for v in by_line.values())
        view = {"path": path, "shown": _common.display_path(input_review, path), "open": open_files,
                "count_text": plural(total, "finding"), "cards_only": not show_code}
        if not show_code:
            view["cards"] = [_card(f, ids.of(f), input_review, hunks) for line in sorted(by_line)
                             for f in by_line[line]]
        else:
            view["runs"] = _runs(files[path].text, path, by_line, f"{ids.prefix}-c{n}", ids, input_review, hunks)
        views.append(view)
    return views, [_card(f, ids.of(f), input_review, hunks) for f in loose]


def _runs(text: str, path: str, by_line: dict[int, list[Finding]], prefix: str, ids: Ids,
          input_review: "InputReview", hunks: dict[str, str]) -> list[dict]:
    lines = highlighted_lines(text, path)
    marked = [(line, max(line, max((f.location.end_line or line) for f in found)))
              for line, found in by_line.items()]
    runs = []
    for index, (first, last, shown) in enumerate(windows(len(lines), marked), 1):
        rows = []
        for number in range(first, last + 1):
            here = by_line.get(number, [])
            rows.append({"id": f"{prefix}-L{number}", "number": number, "html": Markup(lines[number - 1]),
                         "cards": [_card(f, ids.of(f), input_review, hunks) for f in here],
                         "markers": [{"id": ids.of(f), "severity": f.severity.value, "category": f.category,
                                      "rule": f.rule_id} for f in here]})
        runs.append({"id": f"{prefix}-g{index}", "folded": not shown, "first": first, "last": last,
                     "size": last - first + 1, "rows": rows})
    return runs


def _ref(finding: Finding, ids: Ids, input_review: "InputReview") -> dict:
    return {"id": ids.of(finding), "severity": finding.severity.value, "rule": finding.rule_id,
            "where": f"{_common.display_path(input_review, finding.location.file)}:{finding.location.line}",
            "message": finding.message}


def _side_by_side(hunk) -> list[tuple[dict, dict]]:
    model, ideal = list(hunk.model_lines), list(hunk.ideal_lines)
    matcher = SequenceMatcher(None, [ln.rstrip() for ln in model], [ln.rstrip() for ln in ideal], autojunk=False)
    rows = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for i, j in zip_longest(range(i1, i2), range(j1, j2)):
            a = model[i] if i is not None else None
            b = ideal[j] if j is not None else None
            if tag == "equal":
                left, right, lc, rc = esc(a), esc(b), "model same", "ideal same"
            elif a is not None and b is not None:
                (left, right), lc, rc = word_diff(a, b), "model del", "ideal add"
            else:
                left, right = esc(a) if a is not None else "", esc(b) if b is not None else ""
                lc, rc = "model del", "ideal add"
            rows.append(({"number": None if i is None else hunk.model_start + i, "html": Markup(left), "cls": lc},
                         {"number": None if j is None else hunk.ideal_start + j, "html": Markup(right), "cls": rc}))
    if not rows:
        rows.append(({"number": None, "html": "", "cls": "model"}, {"number": None, "html": "", "cls": "ideal"}))
    return rows


def _diff(input_review: "InputReview", ids: Ids, by_hunk: dict[int, str]) -> dict | None:
    diff = getattr(input_review, "ideal_diff", None)
    if diff is None:
        return None
    explained = sum(1 for h in diff.hunks if h.findings)
    pairs = []
    for pair in diff.pairs:
        hunks = [h for h in diff.hunks if h.model_path == pair.model_path and h.ideal_path == pair.ideal_path]
        pairs.append({"model_path": pair.model_path, "ideal_path": pair.ideal_path,
                      "how": "same path" if pair.how == "path" else f"paired by content, similarity {pair.similarity}",
                      "hunks": [{"id": by_hunk[id(h)], "kind": h.kind,
                                 "model_range": _common.line_range(h.model_start, h.model_end),
                                 "ideal_range": _common.line_range(h.ideal_start, h.ideal_end),
                                 "refs": [_ref(f, ids, input_review) for f in h.findings],
                                 "rows": _side_by_side(h)} for h in hunks]})
    only = [(label, paths) for label, paths in (("Files only in the model's answer", diff.files_only_in_model),
                                                ("Files only in the IDEAL_RESPONSE", diff.files_only_in_ideal))
            if paths]
    unattributed = _common.sorted_findings(getattr(diff, "unattributed_findings", []))
    rows = sum(len(h["rows"]) for p in pairs for h in p["hunks"])
    for p in pairs:   # a long diff starts folded, one file pair per line with its counts
        p["open"] = rows <= OPEN_DIFF_UP_TO
        p["counts"] = (f"{plural(len(p['hunks']), 'hunk')}, "
                       f"{sum(1 for h in p['hunks'] if h['refs'])} explained by findings")
    return {"summary": f"{plural(len(diff.pairs), 'file pair')}, {plural(len(diff.hunks), 'changed hunk')}",
            "explained": explained, "unexplained": len(diff.hunks) - explained, "pairs": pairs,
            "only": only, "unattributed": [_ref(f, ids, input_review) for f in unattributed]}


def _agreement(input_review: "InputReview", ids: Ids) -> dict | None:
    agreement = getattr(input_review, "agreement", None)
    if agreement is None:
        return None
    data = agreement.to_dict()
    c = data.get("counts", {})

    def links(refs: list[dict]) -> Markup:
        parts = []
        for ref in refs:
            text = esc(f"{ref.get('rule_id')} at {ref.get('file')}:{ref.get('line')}")
            cid = ids.of_ref(ref)
            parts.append(f'<a href="#{cid}">{text}</a>' if cid else text)
        return Markup(", ".join(parts))

    rows = []
    ordered = [("both", r) for r in data.get("both", [])] + [("human", r) for r in data.get("human_only", [])]
    ordered.sort(key=lambda sr: (sr[1].get("item", {}).get("index", 0), sr[0]))
    for status, row in ordered:
        item = row.get("item", {})
        title = f"{item.get('index', '')}. {item.get('title', '')}"
        if status == "both":
            detail = links(row.get("findings", []))
            if row.get("matched_by"):
                detail += f"; matched by {', '.join(row['matched_by'])}"
            if row.get("severity_note"):
                detail += f"; severity: {row['severity_note']}"
            cells = ("Confirmed by both", title, item.get("severity") or "-", row.get("our_severity") or "-")
        else:
            reason = str(row.get("reason") or "")
            detail = reason + (f" ({row['detail']})" if row.get("detail") else "")
            cells = ("Found only by the human", title, item.get("severity") or "-", "-")
        rows.append({"status": status, "cells": cells, "category": row.get("category") or "(unclassified)",
                     "detail": detail})
    for row in data.get("ours_only", []):
        refs = row.get("findings", [])
        sev = max((r.get("severity", "") for r in refs), key=_severity_rank, default="-")
        message = refs[0].get("message", "") if refs else ""
        rows.append({"status": "ours", "cells": ("Found only by us", "-", "-", sev),
                     "category": row.get("category", ""),
                     "detail": Markup(f"{esc(row.get('rule_id', ''))} x{len(refs)}: {esc(message)} ")
                     + Markup("(") + links(refs) + Markup(")")})
    reasons = ", ".join(f"{k}: {v}" for k, v in sorted((c.get("human_only_by_reason") or {}).items())) or "none"
    return {"both": c.get("both", 0), "ours_findings": c.get("ours_only_findings", 0),
            "ours_rules": c.get("ours_only_rules", 0), "human": c.get("human_only", 0), "reasons": reasons,
            "rows": rows}


def _severity_rank(value: str) -> int:
    return next((s.rank for s in _common.SEVERITIES if s.value == value), 0)


def _synth_lines(input_review: "InputReview") -> list[Markup]:
    outcome = getattr(input_review, "synth", None)
    text = _common.synth_summary(outcome)
    if text is None:
        return []
    out = [Markup(f'<p class="synth" data-synth-status="{esc(outcome.status)}">{esc(text)}</p>')]
    message = getattr(outcome, "error_message", None)
    if not outcome.ok and message:
        out.append(Markup(f'<pre class="synth-error">{esc(str(message).strip()[:4000])}</pre>'))
    contradicted = getattr(input_review, "contradicted", []) or []
    if contradicted:
        out.append(Markup(f"<p>{esc(_common.contradicted_summary(contradicted))}</p>"))
    log = getattr(input_review, "repairs", None)
    repairs = _common.repair_summary(log)
    if repairs:
        out.append(Markup(f'<p class="repairs">{esc(repairs)}</p>'))
        if log.steps:
            out.append(Markup("<ul class=\"repairs\">" + "".join(
                f"<li>round {s.round}, <code>{esc(s.path)}:{s.line}</code>, {esc(s.rule_id)} "
                f"({'safe' if s.safe else 'unsafe'}): {esc(s.description)}</li>" for s in log.steps) + "</ul>"))
        if log.diff:
            out.append(Markup('<details><summary>repair diff</summary>'
                              f'<pre class="repair-diff">{esc(log.diff)}</pre></details>'))
    return out


def _input(input_review: "InputReview", review: "Review | None", number: int, show_code: bool) -> dict:
    ids = Ids(f"in{number}", input_review.findings)
    by_hunk, by_card = hunk_ids(getattr(input_review, "ideal_diff", None), ids)
    project = input_review.project
    files_view, loose = _files_view(input_review, ids, by_card, show_code)
    provider = (review.provider if review is not None else {}) or {}
    return {
        "anchor": f"in{number}", "name": input_review.input,
        "title": posixpath.basename(input_review.input.replace("\\", "/").rstrip("/")) or input_review.input,
        "what": {"markdown": "model answer", "project": "CDKTF project",
                 "task": f"task ({project.source} code)"}.get(project.kind, project.kind),
        "files": plural(len(project.files), "file"), "versions": _versions(provider),
        "error": input_review.error, "counts": list(_common.severity_counts(input_review.findings).items()),
        "total": len(input_review.findings), "total_text": plural(len(input_review.findings), "finding"),
        "score": _score(input_review, review),
        "internal_errors": [] if input_review.complete else input_review.internal_errors,
        "categories": _categories(input_review.findings), "rule_items": _items(input_review, ids),
        "files_view": files_view, "loose": loose, "diff": _diff(input_review, ids, by_hunk),
        "agreement": _agreement(input_review, ids), "synth_lines": _synth_lines(input_review),
        "tests_line": _common.tests_summary(input_review.suite, review.config.coverage_gate if review else 90.0),
        "not_evaluated": _common.sorted_not_evaluated(input_review.not_evaluated), "notes": project.notes,
    }


def _page(title: str, inputs: list[dict], toc: dict | None = None) -> str:
    return _environment().get_template("report.html.j2").render(
        title=title, inputs=inputs, toc=toc, csp=CSP, css=Markup(asset("html_page.css")),
        pygments_css=Markup(pygments_css()), js=Markup(asset("html_page.js")), version=__version__,
        item_link_limit=ITEM_LINK_LIMIT, no_ideal=NO_IDEAL, unexplained_label=UNEXPLAINED)


def render_input(input_review: "InputReview", review: "Review | None" = None, *, show_code: bool = True) -> str:
    """One complete HTML document for one reviewed input."""
    return _page(f"iac-review: {input_review.input}", [_input(input_review, review, 1, show_code)])


def render(review: "Review", *, color: bool = False, show_code: bool = True) -> str:
    """Every input on one page, one section each; ``color`` does not apply."""
    if not review.inputs:
        return _page("iac-review", [])
    inputs = [_input(r, review, n, show_code) for n, r in enumerate(review.inputs, 1)]
    toc = None
    if len(review.inputs) > 1:
        toc = {"summary": f"{plural(len(review.inputs), 'input')}, {plural(len(review.findings), 'finding')}",
               "entries": [{"anchor": f"in{n}", "input": r.input, "count": plural(len(r.findings), "finding")}
                           for n, r in enumerate(review.inputs, 1)]}
    title = ("iac-review: " + ", ".join(r.input for r in review.inputs[:3])
             + (" ..." if len(review.inputs) > 3 else ""))
    return _page(title, inputs, toc)
