"""``ENOENT: no such file or directory, stat '.../x.zip'``: an asset file the answer never built.

Answers often point a ``TerraformAsset`` or a Lambda ``filename`` at an archive
that a build step would make. Inside the project, an empty file of that name
lets synthesis go on (only in the review's copy); the report names the file.
"""
from __future__ import annotations

import posixpath
import re

from iac_review.core.repair import CREATE_FILE, Repair
from iac_review.fix.guided.proposal import Proposal, project_frame

# The sandbox runs the app in <worker>/project: the path after it is the project's; a
# relative path is relative to it (the app's working directory).
_MISSING = re.compile(r"ENOENT: no such file or directory, (?:stat|open|lstat|scandir) "
                      r"'(?:[^']*?/project/|(?!/))([^']+)'")


def propose(outcome, project, index) -> Proposal | None:
    match = _MISSING.search(outcome.error_message or "")
    if match is None:
        return None
    path = posixpath.normpath(match.group(1))
    if path.startswith(("..", "/")) or path == "." or path in project.files:
        return None
    frame = project_frame(outcome)
    line = frame.line if frame else 0
    if "." not in posixpath.basename(path):   # a folder (of Lambda code, to archive)
        keep = f"{path}/.keep"
        return Proposal(Repair.make(CREATE_FILE, keep, line, safe=False, text=""),
                        f"folder `{path}/` created (empty): the app reads it, but the answer never builds it")
    return Proposal(Repair.make(CREATE_FILE, path, line, safe=False, text=""),
                    f"`{path}` created empty: the app reads it, but the answer never builds it")
