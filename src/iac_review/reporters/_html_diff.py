"""The HTML page's side-by-side diff against the IDEAL_RESPONSE, each hunk with the findings
that explain it."""
from __future__ import annotations

from difflib import SequenceMatcher
from itertools import zip_longest
from typing import TYPE_CHECKING

from iac_review.core.finding import Finding
from iac_review.reporters import _common
from iac_review.reporters._html_base import Ids, code_text, esc, plural

if TYPE_CHECKING:  # pragma: no cover
    from iac_review.core.review import InputReview

NO_IDEAL = ("There is no IDEAL_RESPONSE for this input, so the model's code was not diffed "
            "against an ideal answer.")
UNEXPLAINED = "not explained by any finding"


def _inline(a: str, b: str) -> tuple[str, str]:
    """Escaped ``a`` and ``b`` with the characters that differ wrapped in <del>/<ins>."""
    sm = SequenceMatcher(None, a, b, autojunk=False)
    if sm.ratio() < 0.5:
        return esc(a), esc(b)
    left, right = [], []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            left.append(esc(a[i1:i2]))
            right.append(esc(b[j1:j2]))
            continue
        if i2 > i1:
            left.append(f"<del>{esc(a[i1:i2])}</del>")
        if j2 > j1:
            right.append(f"<ins>{esc(b[j1:j2])}</ins>")
    return "".join(left), "".join(right)


def _side_by_side(hunk) -> list[str]:
    model, ideal = list(hunk.model_lines), list(hunk.ideal_lines)
    sm = SequenceMatcher(None, [ln.rstrip() for ln in model], [ln.rstrip() for ln in ideal], autojunk=False)
    rows: list[str] = []

    def cell(number, html_text, cls):
        if number is None:
            return '<td class="ln"></td><td class="dl empty ' + cls + '"></td>'
        return f'<td class="ln">{number}</td><td class="dl {cls}">{html_text}</td>'

    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        pairs = zip_longest(range(i1, i2), range(j1, j2))
        for i, j in pairs:
            a = model[i] if i is not None else None
            b = ideal[j] if j is not None else None
            if tag == "equal":
                left, right, lc, rc = esc(a), esc(b), "model same", "ideal same"
            elif a is not None and b is not None:
                left, right = _inline(a, b)
                lc, rc = "model del", "ideal add"
            else:
                left, right = (esc(a) if a is not None else ""), (esc(b) if b is not None else "")
                lc, rc = "model del", "ideal add"
            rows.append("<tr>" + cell(None if i is None else hunk.model_start + i, left, lc)
                        + cell(None if j is None else hunk.ideal_start + j, right, rc) + "</tr>")
    if not rows:
        rows.append('<tr><td class="ln"></td><td class="dl model empty"></td>'
                    '<td class="ln"></td><td class="dl ideal empty"></td></tr>')
    return rows


def hunk_ids(diff, ids: Ids) -> tuple[dict[int, str], dict[str, str]]:
    by_hunk: dict[int, str] = {}
    by_card: dict[str, str] = {}
    for n, hunk in enumerate(diff.hunks if diff is not None else [], 1):
        hid = f"{ids.prefix}-h{n}"
        by_hunk[id(hunk)] = hid
        for f in hunk.findings:
            cid = ids.of(f)
            if cid:
                by_card.setdefault(cid, hid)
    return by_hunk, by_card


def _ref(finding: Finding, ids: Ids, input_review: "InputReview") -> str:
    cid = ids.of(finding)
    sev = finding.severity.value
    label = (f'<span class="badge sev-{sev}">{sev}</span> <code>{esc(finding.rule_id)}</code> '
             f"{esc(_common.display_path(input_review, finding.location.file))}:{finding.location.line}: "
             f"{code_text(finding.message)}")
    if not cid:
        return f"<li>{label}</li>"
    return f'<li data-for="{cid}"><a href="#{cid}">{label}</a></li>'


def diff_section(input_review: "InputReview", ids: Ids, hunk_ids: dict[int, str]) -> str:
    diff = getattr(input_review, "ideal_diff", None)
    out = ['<section class="diff"><h2>Model vs IDEAL_RESPONSE</h2>']
    if diff is None:
        out.append(f'<p class="no-ideal">{esc(NO_IDEAL)}</p></section>')
        return "\n".join(out)
    n_explained = sum(1 for h in diff.hunks if h.findings)
    out.append(f"<p>{plural(len(diff.pairs), 'file pair')}, {plural(len(diff.hunks), 'changed hunk')}: "
               f"{n_explained} explained by findings, {len(diff.hunks) - n_explained} {esc(UNEXPLAINED)}.</p>")
    for pair in diff.pairs:
        hunks = [h for h in diff.hunks if h.model_path == pair.model_path and h.ideal_path == pair.ideal_path]
        how = ("same path" if pair.how == "path"
               else f"paired by content, similarity {pair.similarity}")
        out.append(f'<div class="pair" data-model-path="{esc(pair.model_path)}" '
                   f'data-ideal-path="{esc(pair.ideal_path)}"><h3>{esc(pair.model_path)} vs '
                   f'{esc(pair.ideal_path)} <span class="muted">({esc(how)})</span></h3>')
        if not hunks:
            out.append("<p>No differences.</p>")
        for hunk in hunks:
            explained = bool(hunk.findings)
            out.append(f'<div class="hunk" id="{hunk_ids[id(hunk)]}" data-explained="{str(explained).lower()}" '
                       f'data-kind="{esc(hunk.kind)}"><div class="hunk-head"><span class="range">Model '
                       f"{_common.line_range(hunk.model_start, hunk.model_end)}, ideal "
                       f"{_common.line_range(hunk.ideal_start, hunk.ideal_end)}</span> ({esc(hunk.kind)})</div>")
            if explained:
                out.append('<ul class="explains">'
                           + "".join(_ref(f, ids, input_review) for f in hunk.findings) + "</ul>")
            else:
                out.append(f'<p class="unexplained">{esc(UNEXPLAINED)}</p>')
            out.append('<table class="sbs"><colgroup><col class="c-ln"><col><col class="c-ln"><col></colgroup>'
                       '<thead><tr><th colspan="2" class="side-model">MODEL_RESPONSE</th>'
                       '<th colspan="2" class="side-ideal">IDEAL_RESPONSE</th></tr></thead><tbody>')
            out += _side_by_side(hunk)
            out.append("</tbody></table></div>")
        out.append("</div>")
    for label, paths in (("Files only in the model's answer", diff.files_only_in_model),
                         ("Files only in the IDEAL_RESPONSE", diff.files_only_in_ideal)):
        if paths:
            out.append(f"<p>{label}: " + ", ".join(f"<code>{esc(p)}</code>" for p in paths) + ".</p>")
    unattributed = getattr(diff, "unattributed_findings", [])
    if unattributed:
        out.append("<h3>Findings that explain no changed hunk</h3><ul class=\"unattributed\">"
                   + "".join(_ref(f, ids, input_review) for f in _common.sorted_findings(unattributed))
                   + "</ul>")
    out.append("</section>")
    return "\n".join(out)
