"""The "Other changes in the IDEAL_RESPONSE" section: what the ideal changed that no finding explains.

A report never hides a fix: every changed hunk between the model's code and the
IDEAL_RESPONSE is either the fix of a finding above or listed here with its code,
as a small diff (``-`` the model's lines, ``+`` the ideal's).
"""
from __future__ import annotations

from iac_review.reporters._common import fence as _fence
from iac_review.reporters._common import line_range as _range

HEADING = "## Other changes in the IDEAL_RESPONSE"
MAX_HUNK_LINES = 24


def hunk_title(hunk) -> str:
    where = f"{hunk.model_path}, {_range(hunk.model_start, hunk.model_end)}"
    ideal = (f"{hunk.ideal_path} " if hunk.ideal_path != hunk.model_path else "") + \
        _range(hunk.ideal_start, hunk.ideal_end)
    verb = {"insert": "added", "delete": "removed", "replace": "changed"}[hunk.kind]
    return f"{where}: {verb} (IDEAL_RESPONSE {ideal})"


def hunk_diff(hunk, limit: int = MAX_HUNK_LINES) -> str:
    lines = [f"- {ln.rstrip()}" for ln in hunk.model_lines] + [f"+ {ln.rstrip()}" for ln in hunk.ideal_lines]
    if len(lines) > limit:
        lines = lines[:limit] + [f"# ... {len(lines) - limit} more lines"]
    return "\n".join(lines)


def other_changes(diff) -> list[str]:
    """Markdown lines of the section (always present when there is an ideal)."""
    unexplained = diff.unexplained
    out = [HEADING, ""]
    total = len(diff.hunks)
    out.append(f"The IDEAL_RESPONSE differs from the model's code in {total} "
               f"{'place' if total == 1 else 'places'}: {total - len(unexplained)} explained by the "
               f"findings above, {len(unexplained)} by none of them, listed here.")
    if diff.files_only_in_ideal:
        out += ["", "Files only in the IDEAL_RESPONSE: " + ", ".join(
            f"`{p}` ({_size(diff.ideal, p)})" for p in diff.files_only_in_ideal) + "."]
    if diff.files_only_in_model:
        out += ["", "Files only in the model's answer (the IDEAL_RESPONSE does not show them): "
                + ", ".join(f"`{p}`" for p in diff.files_only_in_model) + "."]
    renamed = [p for p in diff.pairs if p.how == "similarity"]
    if renamed:
        out += ["", "Files paired by content: " + ", ".join(
            f"`{p.model_path}` with `{p.ideal_path}` ({p.similarity:.0%} alike)" for p in renamed) + "."]
    for number, hunk in enumerate(unexplained, 1):
        out += ["", f"### Change {number}: {hunk_title(hunk)}", "", _fence(hunk_diff(hunk), "diff")]
    return out


def _size(project, path: str) -> str:
    src = project.files.get(path) if project is not None else None
    n = len(src.text.splitlines()) if src is not None else 0
    unnamed = " from an unnamed code block" if "_unnamed_" in path else ""
    return f"{n} {'line' if n == 1 else 'lines'}{unnamed}"
