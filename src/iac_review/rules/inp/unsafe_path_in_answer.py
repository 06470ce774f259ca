"""File name in the answer that points outside the project.

What it finds:
    Code blocks whose file name (heading, bold line, fence title or first-line
    comment) is absolute (`/etc/x.py`, `C:\\x.py`, `~/x.py`) or climbs out with
    `..`, and symlinks in a project folder that lead outside it. The block is
    not used and the link is not followed.

Why it matters:
    A project cannot contain such a file: the answer is not reproducible as
    written, and a tool that wrote the file would write outside the checkout.

Example:
        ## /home/user/project/lib/tap_stack.py

Use instead:
        ## lib/tap_stack.py

Fix safety:
    No automatic fix: only the author knows where the file belongs.

References:
    https://developer.hashicorp.com/terraform/cdktf/create-and-deploy/project-setup
"""
from __future__ import annotations


from iac_review.core.finding import Severity
from iac_review.core.rule import ProblemRule, RuleMeta


class UnsafePathInAnswer(ProblemRule):
    meta = RuleMeta(
        id="INP001",
        name="unsafe-path-in-answer",
        category="project_scaffolding_missing_or_wrong",
        default_severity=Severity.HIGH,
        stage="input",
        summary="File name in the answer that points outside the project",
        why="The model copied a path from its own environment or wrote a path relative to a guessed location.",
        impact="Deployability: the file is not part of the project; its code is not reviewed.",
        docs="https://developer.hashicorp.com/terraform/cdktf/create-and-deploy/project-setup",
        training_value="Answers must name project files by project-relative paths.",
        fix="none",
    )

