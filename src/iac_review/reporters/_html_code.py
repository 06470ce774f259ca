"""Code in the HTML page: Pygments highlighting line by line, and word-level change marks.

Highlighting is done per line (a token that spans lines, such as a docstring, is cut at each
newline), so that every line can be its own table row beside its findings. The token classes
are Pygments' short names (``k``, ``s2``, ``nf``); the page's CSS for them is ``pygments_css``.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_for_filename
from pygments.token import STANDARD_TYPES
from pygments.util import ClassNotFound

from iac_review.reporters._html_base import esc

_WORDS = re.compile(r"\w+|\s+|[^\w\s]")
# Highlighting a line-heavy file costs time; past this the code is shown plain (the page stays fast).
MAX_HIGHLIGHT_CHARS = 400_000


@lru_cache(maxsize=1)
def pygments_css() -> str:
    """The token colours, scoped to code cells (the page's own CSS sets font and layout)."""
    return HtmlFormatter(style="default").get_style_defs(".hl")


def _css_class(token_type) -> str:
    while token_type not in STANDARD_TYPES:
        token_type = token_type.parent
    return STANDARD_TYPES[token_type]


def highlighted_lines(text: str, path: str) -> list[str]:
    """HTML of each line of ``text`` (as many as ``text.splitlines()``), escaped and highlighted."""
    count = len(text.splitlines())
    if len(text) > MAX_HIGHLIGHT_CHARS:
        return [esc(line) for line in text.splitlines()]
    try:
        lexer = get_lexer_for_filename(path, stripnl=False, stripall=False, ensurenl=True)
    except ClassNotFound:
        lexer = TextLexer(stripnl=False, ensurenl=True)
    lines: list[list[str]] = [[]]
    for token_type, value in lexer.get_tokens(text):
        css = _css_class(token_type)
        for index, part in enumerate(value.split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append(f'<span class="{css}">{esc(part)}</span>' if css else esc(part))
    out = ["".join(parts) for parts in lines][:count]
    return out + [""] * (count - len(out))


def word_diff(a: str, b: str) -> tuple[str, str]:
    """Escaped ``a`` and ``b`` with the words that differ wrapped in <del> / <ins>.

    Lines too different to pair word by word are shown whole (the row is already marked)."""
    left_words, right_words = _WORDS.findall(a), _WORDS.findall(b)
    matcher = SequenceMatcher(None, left_words, right_words, autojunk=False)
    if matcher.ratio() < 0.4:
        return esc(a), esc(b)
    left, right = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = esc("".join(left_words[i1:i2])), esc("".join(right_words[j1:j2]))
        if tag == "equal":
            left.append(old)
            right.append(new)
            continue
        if old:
            left.append(f"<del>{old}</del>")
        if new:
            right.append(f"<ins>{new}</ins>")
    return "".join(left), "".join(right)


def windows(lines: int, marked: list[tuple[int, int]], context: int = 3) -> list[tuple[int, int, bool]]:
    """The file as (first, last, shown) runs: the lines within ``context`` of a finding are shown,
    the runs between them are folded. Runs of fewer than 4 lines are not worth folding."""
    keep = [False] * (lines + 2)
    for start, end in marked:
        for number in range(max(1, start - context), min(lines, end + context) + 1):
            keep[number] = True
    runs: list[tuple[int, int, bool]] = []
    number = 1
    while number <= lines:
        shown = keep[number]
        end = number
        while end + 1 <= lines and keep[end + 1] == shown:
            end += 1
        if not shown and end - number + 1 < 4:
            shown = True
        if runs and runs[-1][2] == shown:
            runs[-1] = (runs[-1][0], end, shown)
        else:
            runs.append((number, end, shown))
        number = end + 1
    return runs
