"""Lines of a repaired file back to the lines of the input, so findings point at what the user wrote.

Repairs insert, delete and rewrite lines (an added import shifts everything
below it). A line diff between the two texts maps each repaired line to its
original: unchanged lines one to one, a rewritten line to the line it
replaced, an inserted line to the original line that follows it.
"""
from __future__ import annotations

import difflib
from dataclasses import replace


class LineMap:
    def __init__(self, before: str, after: str):
        self._before = len(before.splitlines()) or 1
        matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
        self._opcodes = matcher.get_opcodes()

    def original(self, line: int) -> int:
        """The input's line for ``line`` of the repaired text (both 1-based)."""
        index = line - 1
        for tag, i1, i2, j1, j2 in self._opcodes:
            if j1 <= index < j2:
                if tag == "equal":
                    return i1 + (index - j1) + 1
                return min(i1 + (index - j1), max(i1, i2 - 1), self._before - 1) + 1
        return min(max(line, 1), self._before)


def original_line(before_files: dict, after_files: dict, path: str, line: int, cache: dict) -> int:
    """``line`` of ``path`` in the repaired project, as a line of the input project.

    ``*_files`` map paths to SourceFile; ``cache`` keeps one LineMap per path.
    A file the repairs created keeps its own numbering.
    """
    old, new = before_files.get(path), after_files.get(path)
    if old is None or new is None or old.text == new.text:
        return line
    if path not in cache:
        cache[path] = LineMap(old.text, new.text)
    return cache[path].original(line)


def map_frames(frames, before_files: dict, after_files: dict, cache: dict | None = None) -> list:
    """Traceback frames (dataclasses with ``path`` and ``line``) on the input's lines."""
    cache = {} if cache is None else cache
    return [replace(f, line=original_line(before_files, after_files, f.path, f.line, cache)) for f in frames]


def map_outcome(outcome, before_files: dict, after_files: dict):
    """The synth outcome with its traceback frames on the input's lines."""
    if not getattr(outcome, "frames", None):
        return outcome
    return replace(outcome, frames=map_frames(outcome.frames, before_files, after_files))
