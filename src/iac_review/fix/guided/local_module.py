"""``ModuleNotFoundError: No module named 'stacks'``: reach the project's package from the root.

An answer that keeps its stacks in ``lib/stacks/`` and imports ``stacks.vpc``
runs only with ``lib`` on ``sys.path``; the app runs from the project root.
When the project holds exactly one package or module of that name, every
import of it in the failing file is rewritten to the path from the root.
"""
from __future__ import annotations

import re

from iac_review.core.repair import Repair
from iac_review.fix.guided.proposal import Proposal, failing_file

_MISSING = re.compile(r"No module named '([\w.]+)'")


def propose(outcome, project, index) -> Proposal | None:
    match = _MISSING.search(outcome.error_message or "")
    frame, source = failing_file(outcome, project)
    if match is None or source is None:
        return None
    top = match.group(1).split(".")[0]
    homes = sorted({_parent(path, top) for path in project.files if path.endswith(".py")} - {None})
    if len(homes) != 1 or not homes[0]:
        return None   # not in the project, or already at the root (then it is not a path problem)
    new = f"{homes[0].replace('/', '.')}.{top}"
    return Proposal(Repair.make("rename_module", frame.path, frame.line, safe=False, old=top, new=new),
                    f"`{top}` imported as `{new}`: the project keeps it in {homes[0]}/, and the app "
                    "runs from the project root")


def _parent(path: str, top: str) -> str | None:
    """The folder that holds package or module ``top``, when ``path`` is inside it."""
    parts = path[:-3].split("/")
    for number, part in enumerate(parts):
        if part == top and (number < len(parts) - 1 or path.endswith(f"{top}.py")):
            parent = parts[:number]
            if all(p.isidentifier() for p in parent):
                return "/".join(parent)
    return None
