"""File names for code blocks: where answers put them, and making them safe.

Conventions seen in real answers (counted by ``tests/parse/survey_corpus.py``):
headings (``## File: lib/x.py``, ``### 2. Storage Stack (`stacks/s.py`)``,
``## lib/**init**.py`` where markdown ate the underscores), bold lines
(``**File: lib/x.py**``, ``**Fixed EIP** (vpc.py):``), first-line comments
(``# lib/x.py``, ``# File: x.py``) and fence info (``python title="x.py"``,
``python:x.py``) which we support although the corpus never uses it.
"""
from __future__ import annotations

import re

# Extensions a CDKTF project file may have; README/markdown blocks are not code.
EXTENSIONS = ("py", "json", "txt", "js", "mjs", "cjs", "ts", "yml", "yaml", "toml",
              "cfg", "ini", "sh", "tf")
BARE_NAMES = ("Pipfile", "Dockerfile", "Makefile")
# What file systems accept (Linux NAME_MAX; a path bound well under PATH_MAX).
MAX_NAME_BYTES = 255
MAX_PATH_BYTES = 1024
_EXT = "|".join(EXTENSIONS)
_TOKEN = re.compile(
    r"(?<![\w./\\~-])(?P<p>(?:[A-Za-z]:[\\/]|~/|[\\/])?(?:[\w.~-]+[\\/]+)*"
    rf"(?:[\w.-]*\w\.(?:{_EXT})|{'|'.join(BARE_NAMES)}))(?![\w/\\-]|\.\w)")
_URL = re.compile(r"(?<!\w)\w+://\S+")
_LABEL = re.compile(r"^(?:file(?:name)?|path|source)\s*[:=-]\s*", re.I)
_COMMENT_MARKS = ("#", "//", "--", "/*")
_TITLE = re.compile(r"""(?:title|file(?:name)?|path)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""", re.I)

# Which block languages may carry which file extensions.
_LANG_EXT = {
    "python": ("py",), "py": ("py",), "python3": ("py",),
    "json": ("json",), "jsonc": ("json",),
    "javascript": ("js", "mjs", "cjs"), "js": ("js", "mjs", "cjs"),
    "typescript": ("ts",), "ts": ("ts",),
    "yaml": ("yml", "yaml"), "yml": ("yml", "yaml"),
    "toml": ("toml", "Pipfile"), "ini": ("ini", "cfg"), "cfg": ("cfg", "ini"),
    "bash": ("sh",), "sh": ("sh",), "shell": ("sh",), "zsh": ("sh",),
    "hcl": ("tf",), "terraform": ("tf",),
}


def _ext(path: str) -> str:
    base = re.split(r"[\\/]", path)[-1]
    return base if base in BARE_NAMES else base.rsplit(".", 1)[-1].lower()


def fits(path: str, lang: str) -> bool:
    """Whether a file name suits a block's language (a ``.py`` name on a bash block does not)."""
    allowed = _LANG_EXT.get(lang)
    if allowed is None:  # untagged or text: any project file type
        return True
    return _ext(path) in allowed


def _unmangle(text: str) -> str:
    """Undo markdown damage to file names: ``**init**.py`` and ``\\_\\_init\\_\\_``."""
    text = re.sub(r"\*\*(\w+)\*\*(?=\.\w)", r"__\1__", text)
    return text.replace("\\_", "_")


def path_tokens(text: str) -> list[str]:
    """Path-like tokens with a project file extension, URLs ignored, markdown damage undone."""
    return [m["p"] for m in _TOKEN.finditer(_URL.sub(" ", _unmangle(text)))]


def from_heading(text: str) -> str | None:
    """First path-like token of a heading's text (``## 1. Main Stack (lib/x.py)``)."""
    found = path_tokens(text.replace("`", " "))
    return found[0] if found else None


def from_bold(line: str) -> str | None:
    """Path inside a bold span, or in ``(...)``/backticks right after it."""
    m = re.match(r"^\s*(\*\*|__)(?P<inner>.+?)\1(?P<after>.*)$", _unmangle(line))
    if not m:
        return None
    found = path_tokens(m["inner"].replace("`", " "))
    if not found:
        after = re.match(r"^[:(`\s]*(?P<p>[^\s)`:]+)", m["after"])   # no \s* before: quadratic
        found = path_tokens(after["p"]) if after else []
    return found[0] if found else None


def comment_text(line: str) -> str | None:
    """Text of a one-line comment (``# x``, ``// x``, ``-- x``, ``/* x */``), else None.

    Same as ``^\\s*(?:#|//|--|/\\*)\\s*(.*?)\\s*(?:\\*/)?\\s*$``, in string code
    because that regex backtracks cubically on a long run of spaces.
    """
    body = line.lstrip()
    mark = next((m for m in _COMMENT_MARKS if body.startswith(m)), None)
    if mark is None:
        return None
    text = body[len(mark):].strip()
    if text.endswith("*/"):
        text = text[:-2].rstrip()
    return None if "\n" in text else text   # `.` never matched a newline


def from_comment(first: str) -> str | None:
    """A comment line that leads with a path (optionally labelled, optionally with a short note)."""
    text = comment_text(first)
    if text is None:
        return None
    rest = _LABEL.sub("", text.strip().replace("`", ""))
    found = path_tokens(rest)
    if not found or not rest.startswith(found[0]):
        return None
    # only a short note may follow the path: "# lib/x.py - main stack", "# tap.py (entry point)"
    return found[0] if re.match(r"^:?\s*$|^\s+[-\u2013\u2014(]", rest[len(found[0]):]) else None


def from_info(info: str) -> str | None:
    """Fence info: ``python title="lib/x.py"``, ``python:lib/x.py``, ``lib/x.py``."""
    m = _TITLE.search(info)
    if m:
        return next(g for g in m.groups() if g is not None) or None
    word = info.split(None, 1)[0] if info.strip() else ""   # whitespace-only info has no word
    if ":" in word and not re.match(r"^[A-Za-z]:[\\/]", word):
        word = word.split(":", 1)[1]
    found = path_tokens(word)
    return found[0] if found and found[0] == word else None


def sanitise(path: str) -> tuple[str | None, str | None]:
    """(safe project-relative POSIX path, None) or (None, reason it was refused)."""
    p = path.strip().strip("`'\"").replace("\\", "/")
    if re.match(r"^[A-Za-z]:/", p) or p.startswith(("/", "~")):
        return None, f"absolute path {path!r}"
    while p.startswith("./"):
        p = p[2:]
    parts = [x for x in p.split("/") if x not in ("", ".")]
    if ".." in parts:
        return None, f"path {path!r} leaves the project with '..'"
    if not parts or "*" in p:
        return None, f"unusable file name {path!r}"
    if any(ord(c) < 32 or c == "\x7f" for c in p):
        return None, f"file name {path!r} holds control characters"
    if any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in parts) or \
            len(p.encode("utf-8")) > MAX_PATH_BYTES:
        return None, (f"file name {_shorten(path)} is longer than file systems allow "
                      f"({MAX_NAME_BYTES} bytes a name, {MAX_PATH_BYTES} a path)")
    return "/".join(parts), None


def _shorten(path: str) -> str:
    return repr(path if len(path) <= 60 else path[:40] + "..." + path[-12:])
