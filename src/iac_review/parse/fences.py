"""A small fenced-code-block scanner that keeps exact markdown line numbers.

Why hand-written instead of a CommonMark parser: model answers break
CommonMark in two recurring ways that a strict parser turns into lost code.

* A ```` ```markdown ```` README block contains inner ```` ```bash ```` /
  ```` ``` ```` pairs; the writer meant them nested, CommonMark closes the
  README at the first inner bare fence and every later fence pairs wrongly.
  Inside markdown blocks we therefore track inner blocks (see ``_close_md``).
* A code block is left unterminated and the next block opens with
  ```` ```python ````. CommonMark swallows the rest of the answer; we close the
  unterminated block there instead (a fence with a language tag is never a
  closing fence, so this only changes already-broken input).

Everything else follows CommonMark: backtick or tilde fences of three or more,
closed by a bare fence of the same character at least as long; content lines
lose up to the opening fence's indentation (fences inside list items).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_MARKDOWN_LANGS = {"markdown", "md"}


@dataclass(frozen=True)
class Block:
    info: str            # full info string, e.g. 'python title="lib/x.py"'
    fence_line: int      # 0-based index of the opening fence line
    lines: list[str]     # content lines, indentation of the fence removed
    closed: bool         # False when the block ran to the end of the text
    recovered: bool = False  # True when closed early by a following ```lang fence

    @property
    def lang(self) -> str:
        word = self.info.split(None, 1)[0] if self.info else ""
        return word.split(":", 1)[0].split("{", 1)[0].strip().lower()

    @property
    def first_line(self) -> int:
        """0-based index of the first content line."""
        return self.fence_line + 1


def split_lines(text: str) -> list[str]:
    """Split on \\n, \\r\\n or \\r only (str.splitlines also splits on \\f etc.)."""
    return re.split(r"\r\n|\r|\n", text)


def _match(line: str):
    if "```" not in line and "~~~" not in line:   # cheap pre-check: most lines are code
        return None
    m = _FENCE.match(line)
    if not m:
        return None
    if m["fence"][0] == "`" and "`" in m["info"]:
        return None  # inline code such as ```x``` is not a fence
    return m


def _is_close(m, char: str, length: int) -> bool:
    return m["fence"][0] == char and len(m["fence"]) >= length and not m["info"].strip()


def _close_md(lines: list[str], start: int, char: str, length: int) -> int | None:
    """Index of the fence closing a markdown block opened at ``start - 1``.

    Inner fences with a language open an inner block and the next bare fence
    closes it. A bare fence while no inner block is open closes the README when
    the next fence after it has a language tag (or there is none); otherwise it
    opens an inner bare block (a file tree, say) that the next bare fence closes.
    """
    inner = False
    fences = [(i, m) for i in range(start, len(lines)) if (m := _match(lines[i])) and m["fence"][0] == char]
    for k, (i, m) in enumerate(fences):
        if m["info"].strip():
            inner = True
        elif inner:
            inner = False
        elif len(m["fence"]) >= length:
            if k + 1 == len(fences) or fences[k + 1][1]["info"].strip():
                return i
            inner = True
    return None


def scan(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        m = _match(lines[i])
        if not m:
            i += 1
            continue
        char, length, info = m["fence"][0], len(m["fence"]), m["info"].strip()
        indent = len(m["indent"].expandtabs(4))
        end, recovered = None, False
        if info and info.split(None, 1)[0].lower() in _MARKDOWN_LANGS:
            # no nested reading fits: fall back to CommonMark (first bare fence closes)
            end = _close_md(lines, i + 1, char, length) or _close_code(lines, i + 1, char, length,
                                                                       recover=False)[0]
        else:
            end, recovered = _close_code(lines, i + 1, char, length)
        stop = end if end is not None else len(lines)
        body = [_dedent(line, indent) for line in lines[i + 1:stop]]
        blocks.append(Block(info, i, body, end is not None and not recovered, recovered))
        i = stop if recovered or end is None else stop + 1
    return blocks


def _close_code(lines: list[str], start: int, char: str, length: int,
                recover: bool = True) -> tuple[int | None, bool]:
    """(index of the closing fence or of a ```lang fence that starts the next block, recovered)."""
    for j in range(start, len(lines)):
        n = _match(lines[j])
        if not n:
            continue
        if _is_close(n, char, length):
            return j, False
        if recover and n["fence"][0] == char and len(n["fence"]) == length and n["info"].strip():
            return j, True
    return None, False


def _dedent(line: str, indent: int) -> str:
    """Remove up to ``indent`` leading spaces (CommonMark rule for indented fences)."""
    n = 0
    while n < indent and n < len(line) and line[n] == " ":
        n += 1
    return line[n:]
