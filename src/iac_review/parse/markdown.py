"""Markdown answer -> project files, each line mapped back to its markdown line.

Naming, in order of trust: fence info (``python title="x.py"``), a heading or
bold line just above the block (walking back over prose, stopping at another
block), and a first-line comment (``# lib/x.py``). A heading and a comment
that name the same file differently (``## tap_stack.py`` / ``# lib/tap_stack.py``)
resolve to the longer path. Lines that are only a path inside a block
(several files pasted into one block) split it. Bare names (``ecr_stack.py``)
are placed by the answer's own imports (``from lib.ecr_stack import``).
Unnamed blocks are attributed by content (see ``guess``); every guess is a note.

Duplicate paths: answers revise files ("here is the corrected tap_stack.py"),
so the later version wins, except that a later version that is a fragment
(``...`` / "rest of the code" placeholders, or under a third of the earlier
version's lines) never replaces a complete one; a fragment is replaced by
any later version. Explicit names beat guesses: a guess that lands on an
explicit path is renamed to ``lib/_unnamed_<n>.py``. Each case adds a note.

Refused names (absolute, ``..``) drop the block and record INP001; an answer
without project code records INP003. Nothing here raises on bad input.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from iac_review.core.finding import Origin
from iac_review.core.workspace import InputProblem, SourceFile
from iac_review.parse import guess, names
from iac_review.parse.fences import Block, scan, split_lines
from iac_review.parse.imports import ImportIndex
from iac_review.parse.python import parse_python

ROOT_FILES = {"tap.py", "main.py", "app.py", "cdktf.json", "requirements.txt", "Pipfile",
              "setup.py", "setup.cfg", "pyproject.toml", "conftest.py", "package.json",
              "pytest.ini", "tox.ini", ".pylintrc", "Dockerfile", "Makefile"}
_BOLD = re.compile(r"^\s*(\*\*|__)\S")
_LOOKBACK = 4   # non-blank lines of prose between a name and its block
# Linear on hostile text: [^\S\n]* (spaces within the line) where ^\s* would rescan every
# run of blank lines, and only a line's first # tries the words (a later # finds no more).
_PLACEHOLDER = re.compile(
    r"^[^\S\n]*(?:\.\.\.|#\s*\.\.\.|pass\s*#.*\.\.\.)\s*$"
    r"|^[^#\n]*#.*\b(?:rest of|remaining (?:code|methods|resources)|same as (?:before|above)|unchanged"
    r"|existing (?:code|methods|resources)|omitted|truncated|for brevity)\b", re.I | re.M)


@dataclass
class Extraction:
    files: list[SourceFile] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Piece:
    path: str | None        # sanitised path; None until guessed
    attribution: str
    start: int              # 0-based markdown index of the first code line
    lines: list[str]
    block_line: int         # 1-based fence line, for notes
    ordinal: int
    lang: str

    @property
    def text(self) -> str:
        lines = list(self.lines)
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines) + "\n" if lines else ""


def extract(text: str, markdown_path: str) -> Extraction:
    out = Extraction()
    lines = split_lines(text)
    blocks = scan(lines) or _whole_python(lines, markdown_path, out)
    pieces: list[_Piece] = []
    for ordinal, block in enumerate(blocks, 1):
        if not block.closed:
            out.notes.append(f"code block at {markdown_path}:{block.fence_line + 1} is not "
                             "terminated; it was read up to " +
                             ("the next fenced block" if block.recovered else "the end of the answer"))
        if block.lang in ("markdown", "md"):
            continue   # READMEs and prose; never project code
        pieces.extend(_pieces(lines, block, ordinal, markdown_path, out))
    named = [p for p in pieces if p.path is not None]
    _place_bare(named, markdown_path, out)
    _guess(pieces, markdown_path, out)
    files = _without_collisions(_merge([p for p in pieces if p.path is not None], markdown_path, out),
                                markdown_path, out)
    # a block opened on the last line has no first line of its own: point at its fence
    out.files = [SourceFile(p.path, p.text, markdown_path, p.start + 1 if p.lines else p.block_line,
                            p.attribution) for p in files]
    if not out.files:
        n = len(blocks)
        what = ("the answer has no fenced code blocks" if not n else
                f"the answer's {n} fenced code block{'s hold' if n > 1 else ' holds'} no project "
                "file (only shell commands, trees, output samples or READMEs)")
        out.problems.append(_problem("INP003", markdown_path, 1, f"no code found: {what}"))
    return out


def _whole_python(lines: list[str], md: str, out: Extraction) -> list[Block]:
    """An "answer" that is Python source with no markdown at all is one unnamed block."""
    text = "\n".join(lines)
    if not guess.looks_python(text):
        return []
    if parse_python(text).tree is None:
        return []
    out.notes.append(f"{md} has no fenced code blocks but is Python source as a whole; "
                     "it was read as one file")
    return [Block("python", -1, lines, True)]


def _problem(rule_id: str, md: str, line: int, message: str) -> InputProblem:
    return InputProblem(rule_id, md, line, message, Origin(md, line))


def _pieces(lines: list[str], block: Block, ordinal: int, md: str, out: Extraction) -> list[_Piece]:
    """One block -> pieces: usually one, several when paths separate pasted files."""
    found = _name(lines, block)
    raw = [(0, found)] + _separators(block)
    result: list[_Piece] = []
    for k, (offset, name) in enumerate(raw):
        stop = raw[k + 1][0] if k + 1 < len(raw) else len(block.lines)
        body = block.lines[offset + (1 if k else 0):stop]
        start = block.first_line + offset + (1 if k else 0)
        if not body and k == 0 and len(raw) > 1:
            continue
        path, how = None, "unnamed"
        if name is not None:
            path, reason = names.sanitise(name[0])
            if path is None:
                out.problems.append(_problem("INP001", md, name[2], f"unsafe file name refused: {reason}; "
                                             "the code block was not used"))
                continue
            how = name[1]
        elif not any(x.strip() for x in body):
            continue
        result.append(_Piece(path, how, start, body, max(1, block.fence_line + 1), ordinal, block.lang))
    return result


def _name(lines: list[str], block: Block) -> tuple[str, str, int] | None:
    """(raw path, attribution, 1-based markdown line of the name) or None."""
    lang = block.lang
    title = names.from_info(block.info)
    if title and names.fits(title, lang):
        return title, "fence-title", block.fence_line + 1
    context = _context_name(lines, block.fence_line)
    comment = _comment_name(block)
    if comment and not names.fits(comment[0], lang):
        comment = None
    if context and not names.fits(context[0], lang):
        context = None
    if context and comment and _base(context[0]) == _base(comment[0]):
        return max((comment, context), key=lambda c: c[0].count("/") + c[0].count("\\"))
    return context or comment


def _base(path: str) -> str:
    return re.split(r"[\\/]", path)[-1]


def atx_heading(line: str, indent: int = 3) -> tuple[int, str] | None:
    """(level, text) of an ATX heading (``## Title ##``), else None.

    Same as ``^\\s{0,indent}(#{1,6})\\s+(.*?)\\s*#*\\s*$``, in string code because
    that regex backtracks cubically on a long run of spaces.
    """
    body = line.lstrip()
    if len(line) - len(body) > indent:
        return None
    level = len(body) - len(body.lstrip("#"))
    rest = body[level:]
    if not 1 <= level <= 6 or not rest[:1].isspace():
        return None
    text = rest.strip().rstrip("#").rstrip()   # the closing #s and the spaces around them
    return None if "\n" in text else (level, text)   # `.` never matched a newline


def _context_name(lines: list[str], fence: int) -> tuple[str, str, int] | None:
    """Walk back from the fence over prose to a heading or bold line naming a file."""
    seen = 0
    for i in range(fence - 1, -1, -1):
        line = lines[i]
        if not line.strip():
            continue
        if line.lstrip().startswith(("```", "~~~")) or seen >= _LOOKBACK:
            return None
        seen += 1
        heading = atx_heading(line)
        if heading:
            path = names.from_heading(heading[1])
            return (path, "heading", i + 1) if path else None
        if _BOLD.match(line):
            path = names.from_bold(line)
            if path:
                return path, "bold", i + 1
    return None


def _comment_name(block: Block) -> tuple[str, str, int] | None:
    """The first real line (after blanks, a shebang or a coding line) as a path comment."""
    for k, line in enumerate(block.lines[:4]):
        if not line.strip() or line.startswith("#!") or re.match(r"^#.*coding[:=]", line):
            continue
        path = names.from_comment(line)
        return (path, "comment", block.first_line + k + 1) if path else None
    return None


def _separators(block: Block) -> list[tuple[int, tuple[str, str, int]]]:
    """Lines that are only a path (no indent, after a blank line) inside a code block."""
    if not (block.lang in guess.PYTHON_LANGS
            or (not block.lang and guess.looks_python("\n".join(block.lines)))):
        return []
    found, quotes = [], 0
    for k, line in enumerate(block.lines):
        inside_string = quotes % 2 == 1   # a path line inside a triple-quoted string is text
        quotes += line.count('"""') + line.count("'''")
        if k == 0 or inside_string or line != line.lstrip() or block.lines[k - 1].strip():
            continue
        candidate = line.strip().strip("`").rstrip(":")
        tokens = names.path_tokens(candidate)
        if tokens and tokens[0] == candidate and ("/" in candidate or candidate.endswith(".py")):
            found.append((k, (candidate, "separator", block.first_line + k + 1)))
    return found


def _place_bare(pieces: list[_Piece], md: str, out: Extraction) -> None:
    """Bare names such as 'ecr_stack.py' go where the answer's imports put them.

    A bare name no import mentions follows its bare siblings when they all
    went to one folder (the answer wrote every name without its folder).
    """
    bare = [p for p in pieces if "/" not in p.path and p.path not in ROOT_FILES
            and p.path.endswith(".py")]
    if not bare:
        return
    index = ImportIndex([(p.path, p.text) for p in pieces if p.path.endswith(".py")])
    left, folders = [], set()
    for p in bare:
        placed = index.place_bare(p.path)
        if placed:
            out.notes.append(f"code block at {md}:{p.block_line} is named {p.path}; placed at "
                             f"{placed} because the answer imports it from there")
            p.path = placed
            folders.add(placed.rsplit("/", 1)[0])
        else:
            left.append(p)
    if len(folders) == 1 and left:
        folder = folders.pop()
        for p in left:
            out.notes.append(f"code block at {md}:{p.block_line} is named {p.path}; placed at "
                             f"{folder}/{p.path} next to the other files named without a folder")
            p.path = f"{folder}/{p.path}"


def _guess(pieces: list[_Piece], md: str, out: Extraction) -> None:
    if all(p.path is not None for p in pieces):
        return
    explicit = {p.path for p in pieces if p.path is not None}
    python = [p for p in pieces if p.lang in guess.PYTHON_LANGS or (p.path or "").endswith(".py")]
    index = ImportIndex([(p.path, p.text) for p in python])
    number = {id(p): k for k, p in enumerate(python)}
    taken_by_guess: dict[str, str] = {}   # guessed path -> class name that claimed it
    for p in pieces:
        if p.path is not None:
            continue
        text = p.text
        if p.lang == "json" or (not p.lang and text.lstrip().startswith("{")):
            if guess.is_cdktf_json(text):
                _assign(p, "cdktf.json", "guessed-config", "it is a cdktf.json (has \"app\" and "
                        "\"language\")", explicit, md, out)
            continue
        if not (p.lang in guess.PYTHON_LANGS or (not p.lang and guess.looks_python(text))):
            continue   # shell, trees, requirements, output samples: not project files
        placed = index.place_definitions(text, number.get(id(p), -1))
        if placed and placed[0] not in explicit:
            _assign(p, placed[0], "guessed-import", f"the answer imports {placed[1]} from there",
                    explicit, md, out)
            continue
        kind, reason = guess.python_kind(text)
        path = guess.default_path(kind, p.ordinal)
        if kind == "stack":
            cls = guess.stack_class(text)
            owner = taken_by_guess.setdefault(path, cls)
            if owner != cls:   # a second, different stack: name it after its class
                path = f"lib/{_snake(cls)}.py"
        _assign(p, path, f"guessed-{kind}", reason, explicit, md, out)


def _assign(p: _Piece, path: str, how: str, reason: str, explicit: set[str], md: str,
            out: Extraction) -> None:
    if path in explicit:
        fallback = guess.default_path("other", p.ordinal)
        reason += f"; {path} is named explicitly elsewhere, so it became {fallback}"
        path = fallback
    p.path, p.attribution = path, how
    out.notes.append(f"code block at {md}:{p.block_line} has no file name; attributed to {path} "
                     f"because {reason}")


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def _size(p: _Piece) -> int:
    return sum(1 for line in p.lines if line.strip())


def _fragment(p: _Piece) -> bool:
    return bool(_PLACEHOLDER.search(p.text))


def _without_collisions(pieces: list[_Piece], md: str, out: Extraction) -> list[_Piece]:
    """A name used both as a file and as a folder (``lib/x.py`` and ``lib/x.py/y.py``)
    cannot exist on disk: the files inside the would-be folder are refused."""
    files = {p.path for p in pieces}
    kept = []
    for p in pieces:
        parts = p.path.split("/")
        clash = next(("/".join(parts[:k]) for k in range(1, len(parts))
                      if "/".join(parts[:k]) in files), None)
        if clash is None:
            kept.append(p)
            continue
        out.problems.append(_problem("INP001", md, p.block_line,
                                     f"file name {p.path} puts a file inside {clash}, which the "
                                     "answer also names as a file; the code block was not used"))
    return kept


def _merge(pieces: list[_Piece], md: str, out: Extraction) -> list[_Piece]:
    """Apply the duplicate-path policy from the module docstring."""
    chosen: dict[str, _Piece] = {}
    for p in pieces:
        old = chosen.get(p.path)
        if old is None:
            chosen[p.path] = p
            continue
        keep_old = not _fragment(old) and (_fragment(p) or _size(p) * 3 < _size(old))
        winner = old if keep_old else p
        why = ("the later one is a fragment (placeholders or under a third of the lines) "
               "of a complete earlier version" if keep_old
               else "a later version replaces an earlier one")
        out.notes.append(f"{p.path} appears more than once (blocks at {md}:{old.block_line} and "
                         f"{md}:{p.block_line}); kept the block at {md}:{winner.block_line} "
                         f"because {why}")
        chosen[p.path] = winner
    return list(chosen.values())
