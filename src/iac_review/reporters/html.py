"""One self-contained HTML page per reviewed input: findings beside the code.

The page has, per input: a header (severity counts, the training-quality score
with its term table), severity and category filters, a summary table (one row
per rule, as in MODEL_FAILURES.md), every model file that has findings with
the finding cards next to the lines they point at, the side-by-side diff
against the IDEAL_RESPONSE with the findings that explain each hunk, the
agreement with a human analysis when one was made, and what was not evaluated.

Everything from the review (code, messages, paths) is HTML-escaped, nothing of
it is placed inside the script, and the CSS and JS (``html_page.css`` and
``html_page.js`` next to this module) are inlined: the page loads nothing and
works from ``file://``. The only URLs are the rules' documentation links in
the finding cards. The output is deterministic: no timestamps, everything
sorted, element ids numbered in that order.
"""
from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from iac_review import __version__
from iac_review.core.finding import Finding
from iac_review.reporters import _common
from iac_review.reporters._html_base import CSP, Ids, asset, code_text, doc_link, esc, plural
from iac_review.reporters._html_diff import diff_section, hunk_ids
from iac_review.reporters.markdown import build_items

if TYPE_CHECKING:  # pragma: no cover
    from iac_review.core.review import InputReview, Review

NAME = "html"
DESCRIPTION = "self-contained HTML page: findings beside the code, filters, diff against the ideal"
EXTENSION = ".html"



# ---- pieces ---------------------------------------------------------------

def _where(finding: Finding, input_review: "InputReview") -> str:
    loc = finding.location
    text = f"{_common.display_path(input_review, loc.file)}:{loc.line}:{loc.column}"
    origin = finding.origin
    if origin is not None and origin.file != loc.file:
        text += f" ({_common.display_origin_file(origin.file)} line {origin.line})"
    return esc(text)


def _card(finding: Finding, card_id: str, input_review: "InputReview", hunk_ids: dict[str, str]) -> str:
    meta = _common.rule_meta(finding.rule_id)
    sev = finding.severity.value
    title = _common.rule_title(finding.rule_id, finding.rule_name)
    category = _common.category_name(finding.category)
    out = [f'<article class="finding sev-{esc(sev)}" id="{card_id}" data-severity="{esc(sev)}" '
           f'data-category="{esc(finding.category)}" data-rule="{esc(finding.rule_id)}" '
           f'data-file="{esc(finding.location.file)}" data-line="{finding.location.line}">',
           f'<header><span class="badge sev-{esc(sev)}">{esc(sev)}</span> '
           f'<span class="rule">{esc(finding.rule_id)}</span> <span class="title">{code_text(title)}</span></header>',
           f'<p class="where">{_where(finding, input_review)}</p>',
           f'<p class="message">{code_text(finding.message)}</p>']
    if finding.evidence and finding.evidence.strip():
        out.append(f'<pre class="evidence">{esc(finding.evidence.strip())}</pre>')
    if finding.fix and finding.fix.strip():
        out.append(f'<p class="fix"><b>Fix:</b> {code_text(finding.fix.strip())}</p>')
    if card_id in hunk_ids:
        out.append(f'<p class="hunk-link"><a href="#{hunk_ids[card_id]}">The IDEAL_RESPONSE changed this '
                   f"code (see the diff)</a></p>")
    if meta is not None and (meta.why or meta.impact or meta.training_value):
        parts = [(label, text) for label, text in (("Root cause", meta.why), ("Impact", meta.impact),
                                                   ("Training value", meta.training_value)) if text]
        body = "".join(f"<p><b>{label}:</b> {code_text(text)}</p>" for label, text in parts)
        out.append(f"<details><summary>Root cause and impact</summary>{body}</details>")
    label = f"{category} ({finding.category})" if category != finding.category else finding.category
    out.append(f'<p class="category">Category: {esc(label)}</p>')
    docs = doc_link(meta.docs) if meta is not None else ""
    if docs:
        out.append(f'<p class="docs">{docs}</p>')
    out.append("</article>")
    return "\n".join(out)


def _header(input_review: "InputReview", review: "Review | None") -> str:
    project = input_review.project
    name = posixpath.basename(input_review.input.replace("\\", "/").rstrip("/")) or input_review.input
    what = {"markdown": "model answer", "project": "CDKTF project",
            "task": f"task ({project.source} code)"}.get(project.kind, project.kind)
    out = [f"<header class=\"input-header\"><h1>{esc(name)}</h1>",
           f'<p class="path">{esc(input_review.input)}: {esc(what)}, '
           f"{plural(len(project.files), 'file')} reviewed by iac-review {esc(__version__)}"]
    provider = (review.provider if review is not None else {}) or {}
    versions = _versions(provider)
    out[-1] += f" ({esc(versions)})</p>" if versions else "</p>"
    if input_review.error:
        out.append(f'<p class="input-error"><b>The input could not be reviewed:</b> {esc(input_review.error)}</p>')
    counts = _common.severity_counts(input_review.findings)
    out.append('<ul class="severity-counts">')
    out += [f'<li class="sev-{s}" data-count-severity="{s}">{s}<b>{n}</b></li>' for s, n in counts.items()]
    out.append(f'<li data-count-severity="total">Total<b>{len(input_review.findings)}</b></li></ul>')
    out.append(_score(input_review, review))
    out.append("</header>")
    return "\n".join(out)


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


def _score(input_review: "InputReview", review: "Review | None") -> str:
    score = _common.score_of(input_review, review)
    if score is None:
        return '<div class="score" data-score-total=""><p class="score-total">Score: not computed.</p></div>'
    data = score.to_dict() if callable(getattr(score, "to_dict", None)) else {}
    total, passed = data.get("total", getattr(score, "total", None)), data.get("passed", getattr(score, "passed", None))
    gate = data.get("gate", 8)
    verdict = ("<span class=\"verdict-pass\">passes</span>" if passed
               else "<span class=\"verdict-fail\">fails</span>")
    out = [f'<div class="score" data-score-total="{esc(total)}" data-score-passed="{str(bool(passed)).lower()}">',
           f'<p class="score-total">Training-quality score: <strong class="total">{esc(total)}</strong>/10, '
           f"{verdict} the gate of {esc(gate)}</p>"]
    arithmetic = getattr(score, "arithmetic", None)
    if callable(arithmetic):
        out.append(f'<p class="arithmetic">{esc(arithmetic())}</p>')
    terms = data.get("terms") or []
    if terms:
        out.append('<details open><summary>Score terms</summary><table class="grid terms">'
                   "<thead><tr><th>Term</th><th>Value</th><th>Explanation</th></tr></thead><tbody>")
        out += [f"<tr><td>{esc(t.get('term', ''))}</td><td class=\"num\">{esc(_term_value(t))}</td>"
                f"<td>{esc(t.get('explanation', ''))}</td></tr>" for t in terms]
        out.append("</tbody></table></details>")
    out.append("</div>")
    return "\n".join(out)


def _filters(findings: list[Finding]) -> str:
    counts = _common.severity_counts(findings)
    categories: dict[str, int] = {}
    for f in findings:
        categories[f.category] = categories.get(f.category, 0) + 1
    out = ['<nav class="filters" aria-label="Filters">',
           "<fieldset class=\"filter-severity\"><legend>Severity</legend>"]
    out += [f'<label><input type="checkbox" checked data-filter-severity="{s}"> {s} ({n})</label>'
            for s, n in counts.items()]
    out.append("</fieldset><fieldset class=\"filter-category\"><legend>Category</legend>")
    for cat in sorted(categories):
        name = _common.category_name(cat)
        out.append(f'<label title="{esc(cat)}"><input type="checkbox" checked data-filter-category="{esc(cat)}"> '
                   f"{esc(name)} ({categories[cat]})</label>")
    if not categories:
        out.append('<span class="muted">no findings</span>')
    out.append("</fieldset>")
    out.append(f'<p class="visible-count">Showing <b data-visible-count>{len(findings)}</b> of '
               f"{plural(len(findings), 'finding')} "
               '<button type="button" data-filter-all="on">All</button> '
               '<button type="button" data-filter-all="off">None</button></p></nav>')
    return "\n".join(out)


def _summary_table(input_review: "InputReview", ids: Ids) -> str:
    items = build_items(input_review.findings)
    if not items:
        return '<section class="items"><h2>Findings</h2><p>No failures were found.</p></section>'
    out = ['<section class="items"><h2>Findings by rule</h2><table class="grid items-table"><thead><tr>'
           "<th>#</th><th>Severity</th><th>Rule</th><th>Title</th><th>Locations</th></tr></thead><tbody>"]
    for number, item in enumerate(items, 1):
        first = item.findings[0]
        refs = [(ids.of(f), f) for f in item.findings]
        links = ", ".join(f'<a href="#{cid}">{esc(_common.display_path(input_review, f.location.file))}:'
                          f"{f.location.line}</a>" for cid, f in refs if cid)
        sev = item.severity.value
        out.append(f'<tr data-for="{" ".join(c for c, _ in refs if c)}" data-rule="{esc(item.rule_id)}">'
                   f'<td class="num">{number}</td><td><span class="badge sev-{sev}">{sev}</span></td>'
                   f"<td><code>{esc(item.rule_id)}</code></td>"
                   f"<td>{code_text(_common.rule_title(item.rule_id, first.rule_name))}</td><td>{links}</td></tr>")
    out.append("</tbody></table></section>")
    return "\n".join(out)


def _code_view(input_review: "InputReview", ids: Ids, hunk_ids: dict[str, str], show_code: bool) -> str:
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
    out = ['<section class="code-view"><h2>Findings in the code</h2>']
    if not anchored:
        out.append("<p>No finding points at a line of the model's files.</p>")
    for n, path in enumerate(sorted(anchored), 1):
        by_line = anchored[path]
        total = sum(len(v) for v in by_line.values())
        out.append(f'<div class="file" data-file="{esc(path)}"><h3>{esc(_common.display_path(input_review, path))} '
                   f'<span class="muted">({plural(total, "finding")})</span></h3>')
        if not show_code:
            out += [_card(f, ids.of(f), input_review, hunk_ids) for line in sorted(by_line) for f in by_line[line]]
            out.append("</div>")
            continue
        out.append('<table class="code"><colgroup><col class="c-ln"><col class="c-mk"><col class="c-src">'
                   '<col class="c-notes"></colgroup><tbody>')
        for number, text in enumerate(files[path].text.splitlines(), 1):
            here = by_line.get(number, [])
            row_id = f"{ids.prefix}-c{n}-L{number}"
            if not here:
                out.append(f'<tr id="{row_id}"><td class="ln">{number}</td><td class="mk"></td>'
                           f'<td class="src"><span class="txt">{esc(text)}</span></td><td class="notes"></td></tr>')
                continue
            markers = "".join(f'<span class="marker sev-{f.severity.value}" data-for="{ids.of(f)}" '
                              f'data-severity="{f.severity.value}" data-category="{esc(f.category)}" '
                              f'title="{esc(f.rule_id)}"></span>' for f in here)
            cards = "\n".join(_card(f, ids.of(f), input_review, hunk_ids) for f in here)
            out.append(f'<tr id="{row_id}" class="lit" data-marked="true">'
                       f'<td class="ln"><span class="txt">{number}</span></td><td class="mk">{markers}</td>'
                       f'<td class="src"><span class="txt">{esc(text)}</span></td><td class="notes">{cards}</td></tr>')
        out.append("</tbody></table></div>")
    if loose:
        out.append('<div class="file loose"><h3>Findings outside the model\'s code lines</h3>')
        out += [_card(f, ids.of(f), input_review, hunk_ids) for f in loose]
        out.append("</div>")
    out.append("</section>")
    return "\n".join(out)


# ---- agreement, not evaluated ----------------------------------------------

def _agreement_section(input_review: "InputReview", ids: Ids) -> str:
    agreement = getattr(input_review, "agreement", None)
    if agreement is None:
        return ""
    data = agreement.to_dict()
    c = data.get("counts", {})
    reasons = ", ".join(f"{k}: {v}" for k, v in sorted((c.get("human_only_by_reason") or {}).items())) or "none"
    out = ['<section class="agreement"><h2>Agreement with the human analysis</h2>',
           f"<p>Confirmed by both: {esc(c.get('both', 0))}. Found only by us: "
           f"{esc(c.get('ours_only_findings', 0))} finding(s) from {esc(c.get('ours_only_rules', 0))} rule(s). "
           f"Found only by the human: {esc(c.get('human_only', 0))} ({esc(reasons)}).</p>",
           '<table class="grid agreement-table"><thead><tr><th>Status</th><th>Human item</th>'
           "<th>Human severity</th><th>Our severity</th><th>Category</th><th>Our findings / reason</th>"
           "</tr></thead><tbody>"]

    def links(refs: list[dict]) -> str:
        parts = []
        for ref in refs:
            text = esc(f"{ref.get('rule_id')} at {ref.get('file')}:{ref.get('line')}")
            cid = ids.of_ref(ref)
            parts.append(f'<a href="#{cid}">{text}</a>' if cid else text)
        return ", ".join(parts)

    rows = [("both", r) for r in data.get("both", [])] + [("human", r) for r in data.get("human_only", [])]
    rows.sort(key=lambda sr: (sr[1].get("item", {}).get("index", 0), sr[0]))
    for status, row in rows:
        item = row.get("item", {})
        title = f"{item.get('index', '')}. {item.get('title', '')}"
        category = row.get("category") or "(unclassified)"
        if status == "both":
            detail = links(row.get("findings", []))
            if row.get("matched_by"):
                detail += esc(f"; matched by {', '.join(row['matched_by'])}")
            if row.get("severity_note"):
                detail += esc(f"; severity: {row['severity_note']}")
            cells = ("Confirmed by both", title, item.get("severity") or "-", row.get("our_severity") or "-")
        else:
            reason = str(row.get("reason") or "")
            detail = esc(reason + (f" ({row['detail']})" if row.get("detail") else ""))
            cells = ("Found only by the human", title, item.get("severity") or "-", "-")
        out.append(f'<tr data-status="{status}">' + "".join(f"<td>{esc(v)}</td>" for v in cells)
                   + f"<td><code>{esc(category)}</code></td><td>{detail}</td></tr>")
    for row in data.get("ours_only", []):
        refs = row.get("findings", [])
        sev = max((r.get("severity", "") for r in refs), key=_severity_rank, default="-")
        message = refs[0].get("message", "") if refs else ""
        out.append(f'<tr data-status="ours"><td>Found only by us</td><td>-</td><td>-</td><td>{esc(sev)}</td>'
                   f"<td><code>{esc(row.get('category', ''))}</code></td>"
                   f"<td>{esc(row.get('rule_id', ''))} x{len(refs)}: {esc(message)} ({links(refs)})</td></tr>")
    out.append("</tbody></table></section>")
    return "\n".join(out)


def _severity_rank(value: str) -> int:
    return next((s.rank for s in _common.SEVERITIES if s.value == value), 0)


def _synth_lines(input_review: "InputReview") -> list[str]:
    outcome = getattr(input_review, "synth", None)
    text = _common.synth_summary(outcome)
    if text is None:
        return []
    out = [f'<p class="synth" data-synth-status="{esc(outcome.status)}">{esc(text)}</p>']
    message = getattr(outcome, "error_message", None)
    if not outcome.ok and message:
        out.append(f'<pre class="synth-error">{esc(str(message).strip()[:4000])}</pre>')
    contradicted = getattr(input_review, "contradicted", []) or []
    if contradicted:
        out.append("<p>" + esc(_common.contradicted_summary(contradicted)) + "</p>")
    log = getattr(input_review, "repairs", None)
    repairs = _common.repair_summary(log)
    if repairs:
        out.append(f'<p class="repairs">{esc(repairs)}</p>')
        if log.steps:
            out.append("<ul class=\"repairs\">" + "".join(
                f"<li>round {s.round}, <code>{esc(s.path)}:{s.line}</code>, {esc(s.rule_id)} "
                f"({'safe' if s.safe else 'unsafe'}): {esc(s.description)}</li>" for s in log.steps) + "</ul>")
        if log.diff:
            out.append('<details><summary>repair diff</summary>'
                       f'<pre class="repair-diff">{esc(log.diff)}</pre></details>')
    return out


def _not_evaluated_section(input_review: "InputReview") -> str:
    out = ['<section class="not-evaluated"><h2>Synthesis and what was not evaluated</h2>',
           *_synth_lines(input_review), "<ul class=\"not-evaluated-list\">"]
    items = _common.sorted_not_evaluated(input_review.not_evaluated)
    if input_review.error:
        out.append(f"<li><b>input</b>: the input could not be reviewed: {esc(input_review.error)}</li>")
    out += [f'<li data-stage="{esc(n.stage)}"><b>{esc(n.stage)}</b>: {esc(n.reason)}</li>' for n in items]
    if not items and not input_review.error:
        out.append("<li>No stage reported that it could not run.</li>")
    out.append("</ul>")
    notes = input_review.project.notes
    if notes:
        out.append("<h3>Attribution notes</h3><ul class=\"notes\">"
                   + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>")
    out.append("</section>")
    return "\n".join(out)


def _internal_errors_section(input_review: "InputReview") -> str:
    """Our own crashes, above the findings: what is below may be missing some."""
    if input_review.complete:
        return ""
    items = "".join(f'<li data-code="{esc(e.code)}"><b>{esc(e.code)}</b> {esc(e.text)}'
                    + (f" <small>at {esc(e.where)}</small>" if e.where else "") + "</li>"
                    for e in input_review.internal_errors)
    return ('<section class="internal-errors"><h2>Review incomplete: internal errors</h2>'
            "<p>Part of this review stopped on a bug of iac-review; defects those parts would "
            f"have found are missing below.</p><ul>{items}</ul></section>")


# ---- documents --------------------------------------------------------------

def _input_section(input_review: "InputReview", review: "Review | None", number: int, show_code: bool) -> str:
    ids = Ids(f"in{number}", input_review.findings)
    by_hunk, by_card = hunk_ids(getattr(input_review, "ideal_diff", None), ids)
    parts = [f'<section class="input-review" id="in{number}" data-input="{esc(input_review.input)}">',
             _header(input_review, review),
             _internal_errors_section(input_review),
             _filters(input_review.findings),
             _summary_table(input_review, ids),
             _code_view(input_review, ids, by_card, show_code),
             diff_section(input_review, ids, by_hunk),
             _agreement_section(input_review, ids),
             _not_evaluated_section(input_review),
             "</section>"]
    return "\n".join(p for p in parts if p)


def _document(title: str, body: str) -> str:
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{esc(title)}</title>",
        f"<style>\n{asset('html_page.css')}</style>",
        "</head>",
        "<body>",
        "<main>",
        body,
        "</main>",
        f"<script>\n{asset('html_page.js')}</script>",
        "</body>",
        "</html>",
    ]) + "\n"


def render_input(input_review: "InputReview", review: "Review | None" = None, *, show_code: bool = True) -> str:
    """One complete HTML document for one reviewed input."""
    return _document(f"iac-review: {input_review.input}",
                     _input_section(input_review, review, 1, show_code))


def render(review: "Review", *, color: bool = False, show_code: bool = True) -> str:
    """Every input on one page, one section each; ``color`` does not apply."""
    if not review.inputs:
        return _document("iac-review", "<h1>iac-review</h1><p>No input was reviewed.</p>")
    sections = [_input_section(r, review, n, show_code) for n, r in enumerate(review.inputs, 1)]
    if len(review.inputs) > 1:
        toc = ['<nav class="toc"><h1>iac-review</h1><p>'
               f"{plural(len(review.inputs), 'input')}, {plural(len(review.findings), 'finding')}.</p><ol>"]
        toc += [f'<li><a href="#in{n}">{esc(r.input)}</a> ({plural(len(r.findings), "finding")})</li>'
                for n, r in enumerate(review.inputs, 1)]
        toc.append("</ol></nav>")
        sections.insert(0, "\n".join(toc))
    return _document("iac-review: " + ", ".join(r.input for r in review.inputs[:3])
                     + (" ..." if len(review.inputs) > 3 else ""), "\n".join(sections))
