"""Is a syntax error only this Python's? Code may target a newer one.

Python 3.12 reads f-strings whose replacement fields span lines or reuse the
quote (PEP 701) and ``type`` aliases and generic ``def f[T]`` (PEP 695); 3.11
calls both syntax errors. A file with such an error is asked of libcst, whose
grammar follows the newest Python.

libcst's native parser is not safe on hostile input: measured here, a chain of
100,000 attribute accesses crashes it (SIGSEGV) and a 200,000-term sum runs for
minutes. So it runs in a child process with a time and memory limit, and only
for errors shaped like the newer syntax: a crash or a hang costs that answer
the answer "no", never the review.
"""
from __future__ import annotations

import re
import subprocess
import sys
from functools import lru_cache

MAX_CHARS = 2_000_000
TIMEOUT_S = 10
MEMORY_BYTES = 2 * 1024 ** 3
_CHILD = "import sys, libcst; libcst.parse_module(sys.stdin.read())"
_FSTRING = re.compile(r"""(?i)(?<![\w'"])(?:f|rf|fr)['"]""")
_PEP695 = re.compile(r"^\s*(?:type\s+\w+\s*(?:\[[^\]\n]*\])?\s*=|(?:async\s+)?def\s+\w+\s*\[|class\s+\w+\s*\[)")


def valid_for_newer_python(text: str, error: SyntaxError) -> bool:
    """Whether ``text``, which this Python rejects with ``error``, is valid for a newer Python."""
    if len(text) > MAX_CHARS or not _shaped_like_newer_syntax(text, error):
        return False
    return _libcst_accepts(text)


def _shaped_like_newer_syntax(text: str, error: SyntaxError) -> bool:
    lines = text.split("\n")
    number = error.lineno or 0
    near = "\n".join(lines[max(0, number - 4):number]) if number else ""
    if _PEP695.search(lines[number - 1] if 0 < number <= len(lines) else ""):
        return True
    message = (error.msg or "").lower()
    stringy = "f-string" in message or "string literal" in message or "unmatched" in message
    return stringy and bool(_FSTRING.search(near))


@lru_cache(maxsize=32)
def _libcst_accepts(text: str) -> bool:
    try:
        done = subprocess.run([sys.executable, "-I", "-c", _CHILD], input=text.encode("utf-8", "replace"),
                              capture_output=True, timeout=TIMEOUT_S, preexec_fn=_limits())
    except (OSError, subprocess.SubprocessError, ValueError):
        return False
    return done.returncode == 0


def _limits():
    try:
        import resource  # deferred: POSIX only
    except ImportError:
        return None

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply
