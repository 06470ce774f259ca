"""The IDEAL_RESPONSE's fix of a finding: which of the ideal's lines replaced the model's.

Tried in order, the first that answers wins:

1. the ideal's counterpart of the construct holding the finding's line
   (``diff.constructs``): the ideal's lines around the change nearest to the
   finding ("construct") when they name something the finding names (the ideal
   may have changed the construct for another reason), "unchanged" when the
   ideal's construct is the same code, "removed" when the ideal has no
   construct of that id or class at all.
   Constructs come first because they survive the ideal moving code around,
   where a line hunk may pair unrelated code;
2. the changed hunk the finding explains (``IdealDiff.hunk_for``), narrowed to the
   lines that name what the finding names (e.g. the A-suffixed class of its fix),
   for findings outside any construct call (imports, module code);
   a hunk that deletes the model's lines is "removed";
3. nothing: the report falls back to the rule's fix text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from iac_review.core.finding import Finding
from iac_review.diff import constructs as cx
from iac_review.diff.ideal import named_tokens

MAX_LINES = 12
_QUOTED = re.compile(r"`([^`\n]{1,200})`")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class IdealFix:
    path: str                 # ideal file (or, for "removed" by construct, the model's file)
    start: int                # 1-based first line shown
    lines: tuple[str, ...]    # empty for "removed" and "unchanged"
    how: str                  # hunk, construct, removed, unchanged
    construct: str = ""       # "Cls(id)" when found through a construct

    @property
    def end(self) -> int:
        return self.start + max(len(self.lines), 1) - 1


class FixFinder:
    """Answers ``fix_for(finding)`` for one model/ideal pair; construct indexes built once."""

    def __init__(self, diff, model_project):
        self.diff = diff
        self.model = model_project

    @cached_property
    def _model_calls(self) -> list[cx.ConstructCall]:
        return cx.index_constructs(self.model)

    @cached_property
    def _ideal_calls(self) -> list[cx.ConstructCall]:
        return cx.index_constructs(self.diff.ideal) if self.diff.ideal is not None else []

    @cached_property
    def _shown_in_full(self) -> set[str]:
        """Model files whose ideal counterpart is shown whole: about half the model's length or
        more, and no elided part ("# ...", "# rest unchanged"). Only there does the ideal's
        silence say it removed something."""
        shown = set()
        for pair in self.diff.pairs:
            model = _lines(self.model, pair.model_path)
            ideal = _lines(self.diff.ideal, pair.ideal_path) if self.diff.ideal is not None else []
            if len(ideal) * 2 >= len(model) and not any(_elided(line) for line in ideal):
                shown.add(pair.model_path)
        return shown

    def fix_for(self, finding: Finding) -> IdealFix | None:
        return self._from_construct(finding) or self._from_hunk(finding)

    def same_in_ideal(self, finding: Finding, fix: IdealFix | None = None) -> Finding | None:
        """The ideal's finding of the same rule for the same thing, when the ideal has the defect
        too: in the ideal's counterpart of the construct holding the finding, or (outside any
        construct) with the same message once places and counts are set aside; or one of the
        same category in the ideal's lines ``fix`` would show. The ideal's code is then no fix
        of this finding."""
        kin = [f for f in self.diff.ideal_findings if f.category == finding.category
               and f.location.file.endswith(".py") and not _guessed(f.location.file)]
        mine = [f for f in kin if f.rule_id == finding.rule_id]
        if not kin or (finding.category in _ABSENCE and finding.location.file not in self._shown_in_full):
            return None   # what an excerpt leaves out, the ideal need not lack
        if fix is not None and fix.lines:
            # the lines the report would show carry a defect of the same kind (a region literal
            # replaced by a zone literal): they are no fix
            shown = next((f for f in kin if f.location.file == fix.path
                          and fix.start <= f.location.line <= fix.end), None)
            if shown is not None:
                return shown
        if not mine:
            return None
        call = cx.enclosing(self._model_calls, finding.location.file, finding.location.line)
        if call is None:
            key = _without_places(finding.message)
            return next((f for f in mine if _without_places(f.message) == key), None)
        twin = cx.counterpart(call, self._model_calls, self._ideal_calls)
        if twin is None:
            return None
        return next((f for f in mine if f.location.file == twin.path
                     and twin.start <= f.location.line <= twin.end), None)

    def _from_hunk(self, finding: Finding) -> IdealFix | None:
        hunk = self.diff.hunk_for(finding)
        if hunk is None:
            return None
        if not hunk.ideal_lines:
            if hunk.model_path not in self._shown_in_full:
                return None   # an excerpt of the file: absence in it proves nothing
            return IdealFix(hunk.ideal_path, hunk.ideal_start, (), "removed")
        offset, shown = relevant_lines(finding, hunk.ideal_lines)
        if not shown:
            return None
        return IdealFix(hunk.ideal_path, hunk.ideal_start + offset, tuple(shown), "hunk")

    def _from_construct(self, finding: Finding) -> IdealFix | None:
        if self.diff.ideal is None:
            return None
        call = cx.enclosing(self._model_calls, finding.location.file, finding.location.line)
        if call is None:
            return None
        label = f"{call.cls}({call.construct_id!r})"
        twin = cx.counterpart(call, self._model_calls, self._ideal_calls)
        if twin is None:
            if self._ideal_calls and call.path in self._shown_in_full and not any(
                    c.construct_id == call.construct_id or c.family == call.family
                    for c in self._ideal_calls):
                return IdealFix(call.path, call.start, (), "removed", label)
            return None
        label = f"{twin.cls}({twin.construct_id!r})"
        if twin.shape() == call.shape():
            return IdealFix(twin.path, twin.start, (), "unchanged", label)
        model_lines = _lines(self.model, call.path)[call.start - 1:call.end]
        ideal_lines = _lines(self.diff.ideal, twin.path)[twin.start - 1:twin.end]
        window = cx.changed_window(model_lines, ideal_lines, near=finding.location.line - call.start,
                                   limit=MAX_LINES)
        if window is None:
            return IdealFix(twin.path, twin.start, (), "unchanged", label)
        offset, shown, replaced, covers = window
        if not _mentions(finding, [*shown, *replaced], {call.cls, call.family, twin.cls}, covers):
            return None   # the ideal changed this construct elsewhere: not this finding's fix
        return IdealFix(twin.path, twin.start + offset, tuple(shown), "construct", label)


# Words of a comment that stands for code left out ("# ... rest unchanged").
_ELISION_WORDS = ("...", "…", "rest of", "same as before", "same as above", "unchanged", "omitted",
                  "remaining code", "remaining resources")
# Findings about something missing (a file, a package, a test, a component): an excerpt of
# the ideal cannot show that it has the same gap.
_ABSENCE = frozenset({"project_scaffolding_missing_or_wrong", "tests_missing_or_placeholder",
                      "lambda_package_missing_or_invalid", "required_component_missing",
                      "missing_stack_outputs"})
_PLACE = re.compile(r"[\w./-]+\.py(?::\d+)?|\b\d+\b|\(also reported as [^)]*\)")


def _elided(line: str) -> bool:
    """A line that stands for code left out: `...` alone, or a comment saying so."""
    stripped = line.strip()
    if stripped in ("...", "…"):
        return True
    comment = line[line.find("#"):].lower() if "#" in line else ""
    return any(word in comment for word in _ELISION_WORDS)


def _guessed(path: str) -> bool:
    """A file name the loader made up for an unnamed code block."""
    return "_unnamed_" in path


def _without_places(message: str) -> str:
    """A message without file names, line numbers, counts and merge notes."""
    return " ".join(_PLACE.sub("", message).split())


def _lines(project, path: str) -> list[str]:
    src = project.files.get(path)
    return src.text.splitlines() if src is not None else []


def _mentions(finding: Finding, lines, construct_names: set[str], covers: bool) -> bool:
    """Whether a change (the ideal's lines and the model's lines it replaced) names anything the
    finding names (an argument, a value), the construct's own class aside; for a finding that
    names nothing else, whether the change replaced the finding's own line."""
    text = f"{finding.message} {finding.fix or ''}"
    names = named_tokens(text, min_length=3, numbers=False)
    for quoted in _QUOTED.findall(text):   # `force_destroy=True`: its identifiers count too
        names.update(w for w in _WORD.findall(quoted) if len(w) >= 3 and not w.isdigit()
                     and w not in ("True", "False", "None"))
    names -= construct_names
    if not names:
        return covers
    return any(name in line for line in lines for name in names)


def relevant_lines(finding: Finding, lines: list[str]) -> tuple[int, list[str]]:
    """The part of a changed ideal hunk that mentions what the finding names.

    A merged hunk can be long (a whole import block); the lines naming the
    finding's identifiers are its fix. ``(0, [])`` when none does (e.g. a
    reordered import block): the hunk then says nothing about this finding.
    """
    names = named_tokens(f"{finding.message} {finding.fix or ''}", min_length=3, numbers=False)
    hits = [i for i, line in enumerate(lines) if any(n in line for n in names)]
    if not hits:
        return 0, []
    first = max(0, hits[0] - 1)
    return first, lines[first:first + MAX_LINES]


def merge(fixes: list[IdealFix], ideal_project) -> list[IdealFix]:
    """Distinct fixes, overlapping or adjacent windows of one ideal file joined (in file order)."""
    shown = sorted({f for f in fixes if f.lines}, key=lambda f: (f.path, f.start, f.end))
    out: list[IdealFix] = []
    for fix in shown:
        last = out[-1] if out else None
        if last is not None and last.path == fix.path and fix.start <= last.end + 1:
            end = max(last.end, fix.end)
            text = _lines(ideal_project, fix.path) if ideal_project is not None else []
            lines = tuple(text[last.start - 1:end]) if len(text) >= end else last.lines
            out[-1] = IdealFix(last.path, last.start, lines, last.how, last.construct)
        else:
            out.append(fix)
    return out
