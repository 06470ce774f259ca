"""Inline suppressions: ``# iac-review: ignore[ID, ...] reason`` comments.

``ignore[...]`` on a line of code covers the findings of that line. Alone on
its line, it covers the next line of code. ``ignore-file[...]``, anywhere in a
file, covers the whole file. The brackets hold rule ids, id prefixes or rule
names. The text after them is the reason. Only real comments count: the same
text inside a string is not a suppression.
"""
from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass

_MARK = re.compile(r"#\s*iac-review:\s*(ignore-file|ignore)\b(\[[^\]]*\])?(.*)")
_REASON_LEAD = " \t:-\u2013\u2014"   # "ignore[X]: why", "ignore[X] - why", "ignore[X] — why"


@dataclass(frozen=True)
class Suppression:
    file: str               # project-relative path of the Python file
    line: int               # the comment's line
    column: int             # 1-based column of its '#'
    target: int             # the line it covers (0: the whole file)
    selectors: tuple[str, ...]
    reason: str
    text: str               # the comment as written

    @property
    def whole_file(self) -> bool:
        return self.target == 0


def suppressions(path: str, text: str) -> list[Suppression]:
    """Every suppression comment of one Python file, in line order."""
    lines = text.splitlines()
    found = []
    for line, column, comment in _comments(text):
        match = _MARK.match(comment)
        if match is None:
            continue
        kind, bracket, rest = match.groups()
        selectors = tuple(s.strip() for s in (bracket or "")[1:-1].split(",") if s.strip())
        if kind == "ignore-file":
            target = 0
        elif lines[line - 1][:column].strip():
            target = line
        else:
            target = _next_code_line(lines, line)
        found.append(Suppression(path, line, column + 1, target, selectors,
                                 rest.lstrip(_REASON_LEAD).strip(), comment.strip()))
    return found


def _comments(text: str):
    """(line, column, text) of each comment; a file that does not tokenize is scanned by line."""
    try:
        return [(tok.start[0], tok.start[1], tok.string)
                for tok in tokenize.generate_tokens(io.StringIO(text).readline)
                if tok.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError, ValueError):
        found = []
        for number, line in enumerate(text.splitlines(), 1):
            column = line.find("#")
            if column >= 0 and "iac-review:" in line[column:]:
                found.append((number, column, line[column:]))
        return found


def _next_code_line(lines: list[str], line: int) -> int:
    for number in range(line + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return line
