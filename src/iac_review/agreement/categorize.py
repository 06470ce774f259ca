"""Keyword classifier: the text of a human item -> a category id of the taxonomy.

A transparent rule-based scorer. Each category has keyword patterns (regular
expressions, case-insensitive unless they say ``(?-i:...)``) with a weight and a
scope:

* ``t``  the item title only,
* ``b``  the body (prose and fenced code),
* ``p``  the prose of the body only (fenced code removed: code is full of
  identifiers such as ``environment_suffix`` or ``encrypt=True`` that say nothing
  about what the item is about),
* combinations such as ``tb`` (the default) or ``tp``.

A title hit scores ``title_weight * weight``; a body hit scores ``weight`` once,
however often the pattern occurs. Negative weights mark words that speak against a
category. The best-scoring category wins; ties go to the category listed first
(more specific categories are listed before generic ones). When the best score is
not above ``min_score`` (or nothing matched) the answer is None.

``bench/categorize_eval.py`` measures the accuracy against the hand labels of the
corpus, with a 2-fold split by task.
"""

from __future__ import annotations

import re
from itertools import accumulate

from iac_review.agreement.category_keywords import KEYWORDS, Pattern

DEFAULT_TITLE_WEIGHT = 4.0
DEFAULT_MIN_SCORE = 1.0


def _compile(pat: Pattern) -> tuple[re.Pattern, float, str]:
    rx, w = pat[0], float(pat[1])
    scope = pat[2] if len(pat) > 2 else "tb"
    return re.compile(rx, re.I), w, scope


_COMPILED = [(cid, [_compile(p) for p in pats]) for cid, pats in KEYWORDS]
CATEGORY_IDS = tuple(cid for cid, _ in KEYWORDS)

_INLINE_CODE = re.compile(r"`[^`\n]*`")


def _prose(text: str) -> str:
    """The body without fenced code blocks (inline code spans are kept).

    A block, with the blank lines just above it, becomes one newline: what
    ``^\\s*(?:```|~~~).*?^\\s*(?:```|~~~)[^\\n]*$`` (MULTILINE, DOTALL) replaced, in line
    code because that regex rescans every run of blank lines (quadratic).
    """
    lines = text.split("\n")
    starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
    fences = [k for k, line in enumerate(lines) if line.lstrip().startswith(("```", "~~~"))]
    parts, copied, floor = [], 0, 0   # text[copied:] is not yet in parts; floor: first line after a block
    for opening, closing in zip(fences[::2], fences[1::2], strict=False):   # an unclosed last fence stays
        first = opening
        while first > floor and not lines[first - 1].strip():
            first -= 1
        parts.append(text[copied:starts[first]] + "\n")
        copied = starts[closing] + len(lines[closing])
        floor = closing + 1
    return "".join(parts) + text[copied:]


def _clean_title(title: str) -> str:
    return re.sub(r"[*`#]+", "", title).strip()


def scores(title: str, text: str = "", *, title_weight: float = DEFAULT_TITLE_WEIGHT) -> dict[str, float]:
    """Score of every category with a non-zero score."""
    title = _clean_title(title)
    prose = _prose(text) if text else ""
    out: dict[str, float] = {}
    for cid, pats in _COMPILED:
        s = 0.0
        for rx, w, scope in pats:
            if "t" in scope and rx.search(title):
                s += title_weight * w
            if not text:
                continue
            if "b" in scope:
                if rx.search(text):
                    s += w
            elif "p" in scope and rx.search(prose):
                s += w
        if s:
            out[cid] = s
    return out


def categorize(title: str, text: str = "", *, title_weight: float = DEFAULT_TITLE_WEIGHT,
               min_score: float = DEFAULT_MIN_SCORE) -> str | None:
    """The best category id for an item, or None when nothing scores above ``min_score``."""
    sc = scores(title, text, title_weight=title_weight)
    if not sc:
        return None
    best = max(sc.values())
    if best <= min_score:
        return None
    return next(cid for cid in CATEGORY_IDS if sc.get(cid) == best)
