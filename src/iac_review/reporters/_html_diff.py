"""What the HTML page's diff against the IDEAL_RESPONSE shares with its tests: the words it
uses and the ids that link each hunk to the findings that explain it (templates/diff.html.j2
draws the diff)."""
from __future__ import annotations

from iac_review.reporters._html_base import Ids

NO_IDEAL = ("There is no IDEAL_RESPONSE for this input, so the model's code was not diffed "
            "against an ideal answer.")
UNEXPLAINED = "not explained by any finding"


def hunk_ids(diff, ids: Ids) -> tuple[dict[int, str], dict[str, str]]:
    """(hunk identity -> element id, finding card id -> the first hunk it explains)."""
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
